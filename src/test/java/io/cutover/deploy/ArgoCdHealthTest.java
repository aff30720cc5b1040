package io.cutover.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Condition;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.DualRunStatus;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Argo CD health check (deploy/argocd/health.lua) run by lua5.4 on status documents as the API server returns
 * them (the CRD's Java classes serialized to JSON), one per phase and gate.
 */
class ArgoCdHealthTest {
  @TempDir
  static Path work;

  record Case(String name, ServiceAccountMigration migration, String health, String messageContains) {
    @Override
    public String toString() {
      return name + " -> " + health;
    }
  }

  static Stream<Case> cases() {
    Instant now = Instant.now();
    Instant future = now.plus(Duration.ofMinutes(10));
    Instant longPast = now.minus(Duration.ofMinutes(5));
    Instant justPast = now.minus(Duration.ofSeconds(5));
    return Stream.of(
        new Case("no status yet", migration(null, null, null, null), "Progressing", "Waiting for the operator"),
        new Case("Pending", migration(Phase.Pending, "False", Conditions.Reason.PENDING, null), "Progressing", "Pending"),
        new Case("Planning", migration(Phase.Planning, "False", Conditions.Reason.PLANNING, null), "Progressing", "Planning"),
        new Case("Planned, dry run", migration(Phase.Planned, "True", Conditions.Reason.DRY_RUN_PLANNED, null), "Healthy", "DryRunPlanned"),
        new Case("Planned, about to provision", migration(Phase.Planned, "False", Conditions.Reason.PLANNED, null), "Progressing", "Planned"),
        new Case("Provisioning", migration(Phase.Provisioning, "False", Conditions.Reason.PROVISIONING, future), "Progressing", "Provisioning"),
        new Case("Provisioning past the deadline", migration(Phase.Provisioning, "False", Conditions.Reason.TARGET_NOT_PROVEN, longPast), "Degraded", "deadline"),
        new Case("DualRun", migration(Phase.DualRun, "False", Conditions.Reason.DUAL_RUN, future), "Progressing", "DualRun"),
        new Case("DualRun awaiting approval", migration(Phase.DualRun, "False", Conditions.Reason.AWAITING_APPROVAL, future), "Suspended", "AwaitingApproval"),
        new Case("DualRun awaiting approval past the deadline", migration(Phase.DualRun, "False", Conditions.Reason.AWAITING_APPROVAL, longPast), "Degraded", "has passed"),
        new Case("DualRun past the deadline", migration(Phase.DualRun, "False", Conditions.Reason.DUAL_RUN, longPast), "Degraded", "has passed"),
        new Case("DualRun at the deadline, within the grace", migration(Phase.DualRun, "False", Conditions.Reason.DUAL_RUN, justPast), "Progressing", "DualRun"),
        new Case("CuttingOver after the deadline", migration(Phase.CuttingOver, "False", Conditions.Reason.CUTTING_OVER, longPast), "Progressing", "CuttingOver"),
        new Case("Verifying", migration(Phase.Verifying, "False", Conditions.Reason.VERIFYING, longPast), "Progressing", "Verifying"),
        new Case("Completed", migration(Phase.Completed, "True", Conditions.Reason.COMPLETED, longPast), "Healthy", "Completed"),
        new Case("Failed", migration(Phase.Failed, "False", Conditions.Reason.ESCALATION_DETECTED, null), "Degraded", "EscalationDetected"),
        new Case("RollingBack", migration(Phase.RollingBack, "False", Conditions.Reason.DEADLINE_WITHOUT_APPROVAL, longPast), "Degraded", "DeadlineWithoutApproval"),
        new Case("RolledBack", migration(Phase.RolledBack, "False", Conditions.Reason.ROLLED_BACK, longPast), "Degraded", "RolledBack"),
        new Case("Planning, waiting for accepted losses (Stalled)", kstatus(migration(Phase.Planning, "False",
            Conditions.Reason.LOSSES_NOT_ACCEPTED, null), false, true), "Degraded", "LossesNotAccepted"),
        new Case("Failed (Stalled)", kstatus(migration(Phase.Failed, "False", Conditions.Reason.NOT_PERMITTED, null),
            false, true), "Degraded", "Failed - NotPermitted: a message about NotPermitted"),
        new Case("DualRun retrying after errors (Reconciling)", kstatus(migration(Phase.DualRun, "False",
            Conditions.Reason.CLUSTER_UNREACHABLE, future), true, false), "Progressing", "ClusterUnreachable"),
        new Case("Completed (kstatus conditions False)", kstatus(migration(Phase.Completed, "True",
            Conditions.Reason.COMPLETED, longPast), false, false), "Healthy", "Completed"),
        new Case("Stalled from an older generation", observedBehind(kstatus(migration(Phase.Failed, "False",
            Conditions.Reason.NOT_PERMITTED, null), false, true)), "Progressing", "generation 3"),
        new Case("Completed but a newer spec not yet observed", observedBehind(migration(Phase.Completed, "True", Conditions.Reason.COMPLETED, longPast)),
            "Progressing", "generation 3"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void healthFollowsThePhaseAndItsGates(Case c) throws Exception {
    var health = ArgoCdHealth.of(work, asJson(c.migration()));
    assertThat(health.status()).as(health.message()).isEqualTo(c.health());
    assertThat(health.message()).contains(c.messageContains());
  }

  @Test
  void theDeadlineIsReadAsUtcWhateverTheTimeZoneOfArgoCd() throws Exception {
    // 90 s past in UTC: a zone east of UTC read as local time would put it hours in the future, west hours in the past.
    var past = asJson(migration(Phase.DualRun, "False", Conditions.Reason.DUAL_RUN, Instant.now().minusSeconds(90)));
    var future = asJson(migration(Phase.DualRun, "False", Conditions.Reason.DUAL_RUN, Instant.now().plusSeconds(600)));
    for (String tz : new String[] {"UTC", "Asia/Tokyo", "America/Los_Angeles"}) {
      assertThat(ArgoCdHealth.of(work, past, tz).status()).as(tz).isEqualTo("Degraded");
      assertThat(ArgoCdHealth.of(work, future, tz).status()).as(tz).isEqualTo("Progressing");
    }
  }

  @Test
  void theArgoCdConfigMapPatchCarriesExactlyTheScript() throws Exception {
    Rendered patch = Rendered.parse(Files.readString(Path.of("deploy/argocd/argocd-cm-patch.yaml")));
    var data = Rendered.map(patch.get("ConfigMap", "argocd-cm"), "data");
    assertThat(data.get("resource.customizations.health.cutover.io_ServiceAccountMigration"))
        .isEqualTo(Files.readString(ArgoCdHealth.SCRIPT, StandardCharsets.UTF_8));
  }

  static ServiceAccountMigration migration(Phase phase, String ready, String reason, Instant deadline) {
    ServiceAccountMigration m = new ServiceAccountMigration();
    m.setMetadata(new ObjectMetaBuilder().withName("payments-api").withNamespace("cutover-system").withGeneration(2L).build());
    if (phase == null) {
      m.setStatus(null);
      return m;
    }
    ServiceAccountMigrationStatus s = new ServiceAccountMigrationStatus();
    s.setPhase(phase);
    s.setObservedGeneration(2L);
    s.getConditions().add(new Condition(Conditions.READY, ready, reason, "a message about " + reason,
        Instant.now().minusSeconds(1).toString(), 2L));
    if (deadline != null) {
      s.setDualRun(new DualRunStatus(deadline.minus(Duration.ofMinutes(15)).toString(), deadline.toString()));
    }
    m.setStatus(s);
    return m;
  }

  /** Adds kstatus' Reconciling and Stalled beside Ready, with Ready's reason and message, as the operator writes them. */
  static ServiceAccountMigration kstatus(ServiceAccountMigration m, boolean reconciling, boolean stalled) {
    Condition ready = m.getStatus().getConditions().get(0);
    m.getStatus().getConditions().add(new Condition(Conditions.RECONCILING, reconciling ? "True" : "False",
        ready.getReason(), ready.getMessage(), ready.getLastTransitionTime(), 2L));
    m.getStatus().getConditions().add(new Condition(Conditions.STALLED, stalled ? "True" : "False",
        ready.getReason(), ready.getMessage(), ready.getLastTransitionTime(), 2L));
    return m;
  }

  /**
   * What the operator itself writes (StatusAggregator.conclude) for every phase, before the deadline, reads as
   * docs/gitops.md's table says: Healthy when done, Degraded when stalled or rolling back, Suspended while waiting for
   * approval, Progressing otherwise.
   */
  @Test
  void theStatusTheOperatorWritesInEveryPhaseHasTheDocumentedHealth() throws Exception {
    java.util.List<String> wrong = new java.util.ArrayList<>();
    for (Phase phase : Phase.values()) {
      for (boolean dryRun : new boolean[] {false, true}) {
        for (String reason : new String[] {phase.name(), Conditions.Reason.AWAITING_APPROVAL,
            Conditions.Reason.LOSSES_NOT_ACCEPTED}) {
          ServiceAccountMigration m = migration(phase, "False", reason, Instant.now().plus(Duration.ofMinutes(10)));
          m.getStatus().getConditions().clear();
          new io.cutover.status.StatusAggregator(new io.cutover.status.StatusEditor(m.getStatus(), Instant.now(), 2L))
              .conclude(phase, dryRun, reason, "what happens");
          String expected;
          if (phase == Phase.Completed || (phase == Phase.Planned && dryRun)) {
            expected = "Healthy";
          } else if (phase == Phase.Failed || phase == Phase.RolledBack || phase == Phase.RollingBack
              || (phase == Phase.Planning && reason.equals(Conditions.Reason.LOSSES_NOT_ACCEPTED))) {
            expected = "Degraded";
          } else if (phase == Phase.DualRun && reason.equals(Conditions.Reason.AWAITING_APPROVAL)) {
            expected = "Suspended";
          } else {
            expected = "Progressing";
          }
          var health = ArgoCdHealth.of(work, asJson(m));
          if (!health.status().equals(expected)) {
            wrong.add(phase + " dryRun=" + dryRun + " " + reason + ": " + health + ", expected " + expected);
          }
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  static ServiceAccountMigration observedBehind(ServiceAccountMigration m) {
    m.getMetadata().setGeneration(3L);
    return m;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asJson(ServiceAccountMigration m) {
    return Serialization.unmarshal(Serialization.asJson(m), Map.class);
  }
}
