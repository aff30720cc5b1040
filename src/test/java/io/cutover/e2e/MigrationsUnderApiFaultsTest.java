package io.cutover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.Ownership;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.config.CutoverOperator;
import io.cutover.e2e.E2eEnvironment.Identity;
import io.cutover.sandbox.FaultInjector;
import io.cutover.sandbox.FaultInjector.Fault;
import io.cutover.sandbox.Sandbox;
import io.cutover.sandbox.SandboxCluster;
import io.cutover.testing.ReliabilityReport;
import io.cutover.testing.ReliabilityReport.Counter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 item 3: one operator, a batch of migrations, and a 20% API fault rate on the control, source and target
 * clusters (500, 503, 429, 409 on updates, 500 after a write landed, slow answers, dropped watches). Every migration
 * ends where its spec says — Completed (onDeadline Cutover), RolledBack with DeadlineRollback (onDeadline Rollback),
 * Failed with SourceServiceAccountNotFound (no source identity) — and the clusters' final state keeps every invariant.
 */
class MigrationsUnderApiFaultsTest {
  private static final int MIGRATIONS = 50;
  private static final double RATE = 0.2;
  private static final long SEED = Long.getLong("cutover.faults.seed", 20_260_301L);
  private static final Duration SETTLE = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  private enum Expect { COMPLETED, ROLLED_BACK, FAILED }

  private record Case(String name, Identity id, Expect expect, String uid, Map<String, HasMetadata> sourceBefore) {}

  @Test
  void everyMigrationInABatchUnderA20PercentFaultRateEndsAsItsSpecSaysAndNoInvariantBreaks() {
    try (E2eEnvironment env = E2eEnvironment.startWithoutOperator(dir);
        KubernetesClient operatorClient = E2eEnvironment.productionClient(env.sandbox.control());
        KubernetesClient observer = E2eEnvironment.productionClient(env.sandbox.control())) {
      List<Case> cases = new ArrayList<>();
      List<Identity> identities = new ArrayList<>();
      for (int i = 0; i < MIGRATIONS; i++) {
        Expect expect = i % 10 == 9 ? Expect.FAILED : i % 2 == 0 ? Expect.COMPLETED : Expect.ROLLED_BACK;
        Identity id = expect == Expect.FAILED
            ? new Identity("faulty-" + i, "ghost", "ghost-token-legacy", "ghost-reader", "faulty-" + i + "-ghost")
            : env.seedIdentity("faulty-" + i, "api-" + i);
        identities.add(id);
      }
      List<Map<String, HasMetadata>> before = new ArrayList<>();
      for (int i = 0; i < MIGRATIONS; i++) {
        before.add(i % 10 == 9 ? Map.of() : env.sourceSnapshot(identities.get(i)));
      }

      List<SandboxCluster> clusters = List.of(env.sandbox.control(), env.sandbox.source(), env.sandbox.target());
      for (int i = 0; i < clusters.size(); i++) {
        clusters.get(i).faults().delays(Duration.ofMillis(150), Duration.ofSeconds(2), Duration.ofSeconds(2))
            .atRate(RATE, SEED + i, FaultInjector.DEFAULT_KINDS);
      }
      // The operator starts under faults too: its informers' first list and watch, and every watch after a drop.
      env.sandbox.control().faults().script(new FaultInjector.Rule("GET",
          java.util.regex.Pattern.compile(".*/serviceaccountmigrations"), 1, 2, Fault.DROP_WATCH));
      env.startOperator(operatorClient, new CutoverOperator.Options(Set.of(), null, 10, false));
      long started = System.nanoTime();
      Map<String, String> firstDeadline = new ConcurrentHashMap<>();
      ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
      try {
        for (int i = 0; i < MIGRATIONS; i++) {
          Identity id = identities.get(i);
          Expect expect = i % 10 == 9 ? Expect.FAILED : i % 2 == 0 ? Expect.COMPLETED : Expect.ROLLED_BACK;
          String name = "batch-" + i;
          ServiceAccountMigration sam = env.migration(name, id, spec -> {
            spec.getDualRun().setWindow("3s");
            spec.getDualRun().setOnDeadline(expect == Expect.ROLLED_BACK ? DualRunSpec.OnDeadline.Rollback
                : DualRunSpec.OnDeadline.Cutover);
          });
          ServiceAccountMigration created = createOrAdopt(observer, sam);
          cases.add(new Case(name, id, expect, created.getMetadata().getUid(), before.get(i)));
        }
        // The deadline is fixed once, in Planning: remember the first one each migration shows.
        watcher.scheduleWithFixedDelay(() -> {
          try {
            for (ServiceAccountMigration s : observer.resources(ServiceAccountMigration.class)
                .inNamespace(Sandbox.OPERATOR_NAMESPACE).list().getItems()) {
              if (s.getStatus() != null && s.getStatus().getDualRun() != null
                  && s.getStatus().getDualRun().getDeadline() != null) {
                firstDeadline.putIfAbsent(s.getMetadata().getName(), s.getStatus().getDualRun().getDeadline());
              }
            }
          } catch (RuntimeException e) {
            // a faulted poll; the next one sees it
          }
        }, 0, 150, TimeUnit.MILLISECONDS);

        Set<Phase> terminal = Set.of(Phase.Completed, Phase.RolledBack, Phase.Failed);
        await("all " + MIGRATIONS + " migrations settle under faults").atMost(SETTLE).pollInterval(Duration.ofMillis(250))
            .ignoreExceptions()
            .until(() -> observer.resources(ServiceAccountMigration.class).inNamespace(Sandbox.OPERATOR_NAMESPACE).list()
                .getItems().stream().filter(s -> s.getStatus() != null && terminal.contains(s.getStatus().getPhase()))
                .count() == MIGRATIONS);
      } finally {
        watcher.shutdownNow();
        clusters.forEach(c -> c.faults().off());
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      env.stopOperator();

      Map<String, Long> injected = new LinkedHashMap<>();
      Map<Fault, Long> byKind = new EnumMap<>(Fault.class);
      for (SandboxCluster c : clusters) {
        injected.put(c.name(), c.faults().injectedTotal());
        c.faults().injected().forEach((k, v) -> byKind.merge(k, v, Long::sum));
      }
      long total = injected.values().stream().mapToLong(Long::longValue).sum();
      ReliabilityReport.add(Counter.FAULT_INJECTIONS, total);

      Invariants check = new Invariants();
      for (Case c : cases) {
        check(env, c, firstDeadline, check);
      }
      ReliabilityReport.add(Counter.INVARIANT_CHECKS, check.checks);
      ReliabilityReport.add(Counter.VIOLATIONS, check.violations.size());
      System.out.printf("API faults: %d migrations settled in %d ms with %d faults injected %s %s; %d invariant checks,"
          + " %d violations%n", MIGRATIONS, took.toMillis(), total, injected, byKind, check.checks, check.violations.size());

      assertThat(byKind).as("every kind of rate fault was injected")
          .containsKeys(Fault.INTERNAL_ERROR, Fault.UNAVAILABLE, Fault.TOO_MANY_REQUESTS, Fault.CONFLICT,
              Fault.ERROR_AFTER_APPLY, Fault.SLOW, Fault.DROP_WATCH);
      assertThat(check.violations).as("invariant violations").isEmpty();
    }
  }

  private static ServiceAccountMigration createOrAdopt(KubernetesClient client, ServiceAccountMigration sam) {
    var resource = client.resources(ServiceAccountMigration.class).inNamespace(Sandbox.OPERATOR_NAMESPACE);
    try {
      return resource.resource(sam).create();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCode() == 409) {
        return resource.withName(sam.getMetadata().getName()).get();
      }
      throw e;
    }
  }

  /** Invariant checks, each counted, each failure kept with the migration's name. */
  private static final class Invariants {
    int checks;
    final List<String> violations = new ArrayList<>();

    void that(boolean holds, String migration, String invariant) {
      checks++;
      if (!holds) {
        violations.add(migration + ": " + invariant);
      }
    }
  }

  private static void check(E2eEnvironment env, Case c, Map<String, String> firstDeadline, Invariants check) {
    ServiceAccountMigration sam = env.get(c.name());
    var status = sam.getStatus();
    String ready = E2eEnvironment.condition(sam, Conditions.READY).map(r -> r.getReason()).orElse("none");
    Identity id = c.id();
    boolean sourceSaPresent = env.sourceServiceAccount(id) != null;
    boolean legacyPresent = env.source.secrets().inNamespace(id.namespace()).withName(id.legacySecret()).get() != null;
    boolean targetProven = status.getVerification() != null && status.getVerification().getTargetProvenAt() != null;

    // 1. The source is revoked only once the target was proven.
    if (c.expect() != Expect.FAILED) {
      check.that((sourceSaPresent && legacyPresent) || targetProven, c.name(), "source revoked without a proven target");
    }
    // Each migration ends as its spec says, with the reason that says why.
    switch (c.expect()) {
      case COMPLETED -> {
        check.that(status.getPhase() == Phase.Completed && Conditions.Reason.COMPLETED.equals(ready), c.name(),
            "expected Completed, was " + status.getPhase() + " " + ready);
        check.that(!sourceSaPresent && !legacyPresent, c.name(), "completed but the source identity is still there");
        check.that(status.getCutover() != null && status.getCutover().getLatenessMillis() != null, c.name(),
            "completed without a recorded lateness");
      }
      case ROLLED_BACK -> {
        check.that(status.getPhase() == Phase.RolledBack && Conditions.Reason.DEADLINE_ROLLBACK.equals(ready), c.name(),
            "expected RolledBack DeadlineRollback, was " + status.getPhase() + " " + ready);
        check.that(env.sourceSnapshot(id).equals(c.sourceBefore()), c.name(), "rollback changed the source");
      }
      case FAILED -> check.that(status.getPhase() == Phase.Failed
              && Conditions.Reason.SOURCE_SERVICE_ACCOUNT_NOT_FOUND.equals(ready), c.name(),
          "expected Failed SourceServiceAccountNotFound, was " + status.getPhase() + " " + ready);
      default -> throw new IllegalStateException();
    }
    // 2. No duplicate delivered tokens: one delivery Secret holding one token; no proof Secret left behind.
    List<Secret> ownedSecrets = env.target.secrets().inAnyNamespace().withLabel(Ownership.MIGRATION_UID_LABEL, c.uid())
        .list().getItems();
    if (c.expect() == Expect.COMPLETED) {
      check.that(ownedSecrets.size() == 1 && ownedSecrets.get(0).getMetadata().getName().equals(id.serviceAccount() + "-token"),
          c.name(), "owned Secrets on the target: " + ownedSecrets.stream().map(s -> s.getMetadata().getName()).toList());
      Secret delivered = env.target.secrets().inNamespace(id.namespace()).withName(id.serviceAccount() + "-token").get();
      check.that(delivered != null && delivered.getData() != null && delivered.getData().containsKey(Ownership.TOKEN_KEY)
          && status.getToken() != null && status.getToken().getIssuedAt() != null, c.name(),
          "the delivered token and its record in status");
    }
    // 3. No orphan owned objects after a rollback or failure, on the target or the source.
    if (c.expect() != Expect.COMPLETED) {
      check.that(env.targetObjectsOf(c.uid()).isEmpty(), c.name(), "orphans on the target: " + env.targetObjectsOf(c.uid()));
      check.that(env.source.secrets().inAnyNamespace().withLabel(Ownership.MIGRATION_UID_LABEL, c.uid()).list()
          .getItems().isEmpty(), c.name(), "orphan canary on the source");
    }
    // 4. The deadline, once set, never moves.
    if (c.expect() != Expect.FAILED) {
      String first = firstDeadline.get(c.name());
      String last = status.getDualRun() == null ? null : status.getDualRun().getDeadline();
      check.that(last != null && (first == null || first.equals(last)), c.name(),
          "deadline moved from " + first + " to " + last);
    }
  }
}
