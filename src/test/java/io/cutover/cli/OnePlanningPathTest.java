package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.cluster.TestingClusterPort;
import io.cutover.phase.PhaseMachine;
import io.cutover.plan.Plan;
import io.cutover.plan.PlanFixtures;
import io.cutover.status.StatusEditor;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@code kubectl cutover plan} prints the plan the operator's Planning step writes, for the same cluster state. */
class OnePlanningPathTest {
  static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
  static final KubernetesSerialization JSON = new KubernetesSerialization();

  @Test
  void thePluginsPlanIsTheOperatorsPlan() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    ServiceAccountMigration sam = PlanFixtures.migration();
    sam.getSpec().getTokens().setSecretName(null); // the spec with a section left to its defaults

    Plan printed = PlanCommand.plan(sam, sam.getMetadata().getNamespace(), sam, ports(clock)[0], ports(clock)[1], clock);
    ServiceAccountMigrationStatus written = operatorPlans(sam, clock);

    assertThat(JSON.asJson(printed.status())).isEqualTo(JSON.asJson(written.getPlan()));
    assertThat(printed.failure()).isEmpty();
  }

  @Test
  void aPlanTheOperatorWouldRefuseIsRefusedByThePluginForTheSameReason() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    ServiceAccountMigration sam = PlanFixtures.migration();
    TestingClusterPort[] ports = ports(clock);
    ports[1].denyMigrator(c -> "secrets".equals(c.resource()) && "get".equals(c.verb()));

    Plan printed = PlanCommand.plan(sam, sam.getMetadata().getNamespace(), sam, ports[0], ports[1], clock);

    assertThat(printed.failure()).hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo("MigratorLacksPermission"));
  }

  private static TestingClusterPort[] ports(Clock clock) {
    TestingClusterPort source = new TestingClusterPort(PlanFixtures.SOURCE, clock);
    TestingClusterPort target = new TestingClusterPort(PlanFixtures.TARGET, clock);
    PlanFixtures.standardSource(source);
    PlanFixtures.standardTarget(target);
    return new TestingClusterPort[] {source, target};
  }

  /** The operator's phase machine from Pending through Planning, on a fresh copy of the same cluster state. */
  private static ServiceAccountMigrationStatus operatorPlans(ServiceAccountMigration sam, Clock clock) {
    TestingClusterPort[] ports = ports(clock);
    ServiceAccountMigrationStatus status = new ServiceAccountMigrationStatus();
    for (int i = 0; i < 2; i++) {
      StatusEditor edit = new StatusEditor(status, clock.instant(), sam.getMetadata().getGeneration());
      var ctx = new io.cutover.phase.StepContext(sam, edit, clock, () -> ports[0], () -> ports[1]);
      PhaseMachine.turn(ctx, clock);
      status = edit.status();
    }
    return status;
  }
}
