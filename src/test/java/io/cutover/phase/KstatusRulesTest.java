package io.cutover.phase;

import static io.cutover.plan.PlanFixtures.NS;
import static io.cutover.plan.PlanFixtures.SA;
import static io.cutover.plan.PlanFixtures.rule;
import static io.cutover.plan.PlanFixtures.saSubject;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.CutoverSpec;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.plan.PlanFixtures;
import io.cutover.sandbox.Sandbox;
import io.cutover.status.StatusEditor;
import io.cutover.testing.Kstatus;
import io.cutover.testing.Kubectl;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's "done when": for every final and waiting phase a migration can be in, the real kstatus rules
 * (sigs.k8s.io/cli-utils, tools/kstatus) and the real {@code kubectl wait --for=condition=Ready} agree with the phase.
 * Migrations are driven by the phase harness through every such phase; each distinct status they write is stored on a
 * sandbox migration (the status subresource), and kubectl reads it back from there as a user's would.
 *
 * <p>The expectations are the table in docs/concepts.md ("What kstatus, Flux and Argo CD read"), written out here
 * rather than computed by the code under test.
 */
class KstatusRulesTest {
  private static final String NAME = "kstatus";
  private static final String LOSS = "Permission/create configmaps in namespace ledger";

  @TempDir
  static Path dir;
  static Sandbox sandbox;
  static KubernetesClient control;
  static Kubectl kubectl;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(dir);
    control = sandbox.control().client();
    kubectl = new Kubectl(dir);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  /** A status as one turn wrote it, with the scenario and the phase's expected kstatus reading. */
  private record Written(String scenario, ServiceAccountMigrationStatus status, boolean dryRun) {
    String key() {
      var ready = StatusEditor.find(status, Conditions.READY).orElseThrow();
      return status.getPhase() + "/" + ready.getReason() + (status.getConsecutiveErrors() == null ? "" : "/errors");
    }
  }

  @Test
  void kstatusAndKubectlWaitAgreeWithThePhaseInEveryFinalAndWaitingPhase() throws Exception {
    Map<String, Written> seen = new LinkedHashMap<>();
    // Auto: every phase on the way to Completed, the dual run's wait for its deadline among them.
    drive("auto", seen, h -> {}, h -> h.runUntil(Phase.Completed, 80));
    // A dry run rests in Planned.
    drive("dry run", seen, h -> h.sam.getSpec().setDryRun(true), h -> h.runWhileAdvancing(10));
    // A loss nobody accepted: waits in Planning for spec.acceptLosses.
    drive("loss not accepted", seen, h -> {
      PlanFixtures.namespace(h.source, "ledger");
      PlanFixtures.role(h.source, "ledger", "ledger-create", rule("create", "", "configmaps"));
      PlanFixtures.roleBinding(h.source, "ledger", "ledger-create", "Role", "ledger-create", saSubject(NS, SA));
    }, h -> h.runWhileAdvancing(10));
    // Manual approval: waits in DualRun for it, and without it rolls back at the deadline.
    drive("manual", seen, h -> h.sam.getSpec().getCutover().setApproval(CutoverSpec.Approval.Manual), h -> {
      h.runUntil(Phase.DualRun, 40);
      h.runWhileAdvancing(5);
      h.runUntil(Phase.RolledBack, 80);
    });
    // The source ServiceAccount is missing: Failed.
    drive("failed", seen, h -> h.source.remove("ServiceAccount", NS, SA), h -> h.runWhileAdvancing(10));
    // The target is unreachable while provisioning: retried with backoff, many times.
    drive("retrying", seen, h -> {}, h -> {
      h.runUntil(Phase.Planned, 10);
      h.reconcile(); // Planned -> Provisioning
      h.target.unreachable(true);
      for (int i = 0; i < 8; i++) {
        h.reconcile();
        h.clock.set(h.nextRun);
      }
    });

    List<String> phases = seen.values().stream().map(w -> w.status().getPhase().name()).distinct().toList();
    // Pending is never stored: the first turn always leaves it (for Planning, or Failed when admission refuses).
    assertThat(phases).as("the scenarios reach every phase a status can be written in")
        .containsExactlyInAnyOrder(java.util.Arrays.stream(Phase.values()).filter(p -> p != Phase.Pending)
            .map(Phase::name).toArray(String[]::new));
    assertThat(seen.keySet()).as("and every waiting state").contains("Planning/LossesNotAccepted",
        "Planned/DryRunPlanned", "DualRun/AwaitingApproval", "DualRun/DualRun", "Provisioning/ClusterUnreachable/errors",
        "RolledBack/DeadlineWithoutApproval", "Failed/SourceServiceAccountNotFound", "Completed/Completed");

    List<String> disagreements = new ArrayList<>();
    for (Written w : seen.values()) {
      String expected = expected(w);
      store(w.status());
      String json = kubectl.ok(kubeconfig(), "get", "serviceaccountmigrations.cutover.io", NAME, "-n",
          Sandbox.OPERATOR_NAMESPACE, "-o", "json").out();
      Kstatus.Result kstatus = Kstatus.compute(json);
      Kubectl.Result wait = kubectl.run(kubeconfig(), "wait", "--for=condition=Ready", "--timeout=1s", "-n",
          Sandbox.OPERATOR_NAMESPACE, "serviceaccountmigration/" + NAME);
      boolean ready = Conditions.TRUE.equals(StatusEditor.find(w.status(), Conditions.READY).orElseThrow().getStatus());
      String row = w.scenario() + " " + w.key() + ": kstatus " + kstatus.status() + " (" + kstatus.message()
          + "), kubectl wait exit " + wait.exitCode() + ", Ready " + ready + "; expected " + expected;
      if (!kstatus.status().equals(expected) || (wait.exitCode() == 0) != expected.equals("Current")
          || ready != expected.equals("Current")) {
        disagreements.add(row);
      }
    }
    assertThat(disagreements).as("states where kstatus, kubectl wait, Ready and the phase disagree").isEmpty();
  }

  /** docs/concepts.md: Current when done, Failed (Stalled=True) when only a person moves it, InProgress otherwise. */
  private static String expected(Written w) {
    Phase phase = w.status().getPhase();
    String reason = StatusEditor.find(w.status(), Conditions.READY).orElseThrow().getReason();
    if (phase == Phase.Completed || (phase == Phase.Planned && w.dryRun())) {
      return "Current";
    }
    if (phase == Phase.Failed || phase == Phase.RolledBack
        || (phase == Phase.Planning && reason.equals(Conditions.Reason.LOSSES_NOT_ACCEPTED))) {
      return "Failed";
    }
    return "InProgress";
  }

  private static void drive(String scenario, Map<String, Written> seen, Consumer<MigrationHarness> setUp,
      Consumer<MigrationHarness> run) {
    MigrationHarness h = new MigrationHarness();
    setUp.accept(h);
    boolean dryRun = h.sam.getSpec().isDryRun();
    h.onStatusWrite = s -> {
      var w = new Written(scenario, StatusEditor.copyOf(s), dryRun);
      seen.putIfAbsent(w.key(), w);
    };
    run.accept(h);
  }

  private static Path kubeconfig() {
    return dir.resolve("control.kubeconfig");
  }

  /** Creates the sandbox migration (generation 1, as the harness's) once, then replaces its status. */
  private static void store(ServiceAccountMigrationStatus status) {
    var migrations = control.resources(ServiceAccountMigration.class).inNamespace(Sandbox.OPERATOR_NAMESPACE);
    ServiceAccountMigration stored = migrations.withName(NAME).get();
    if (stored == null) {
      ServiceAccountMigration sam = PlanFixtures.migration();
      sam.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(Sandbox.OPERATOR_NAMESPACE).build());
      sam.getSpec().setPolicy(Sandbox.PLAYGROUND_POLICY);
      sam.getSpec().setRequester(new io.cutover.api.v1alpha1.UserRef(Sandbox.ADMIN_USER, List.of()));
      stored = migrations.resource(sam).create();
      assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
    }
    stored.setStatus(status);
    migrations.resource(stored).updateStatus();
  }

}
