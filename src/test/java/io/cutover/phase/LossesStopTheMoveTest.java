package io.cutover.phase;

import static io.cutover.plan.PlanFixtures.NS;
import static io.cutover.plan.PlanFixtures.SA;
import static io.cutover.plan.PlanFixtures.rule;
import static io.cutover.plan.PlanFixtures.saSubject;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.plan.PlanFixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Invariant 9 in the phase machine: a loss nobody accepted keeps the migration out of the dual run (it waits in
 * Planning, nothing written, until the spec accepts it), and a loss that appears after provisioning stops the cutover
 * through the re-plan before it: the source is never revoked.
 */
class LossesStopTheMoveTest {
  private static final String LOSS = "Permission/create configmaps in namespace ledger";

  private static void ledgerGrant(MigrationHarness h, String verb) {
    PlanFixtures.namespace(h.source, "ledger");
    PlanFixtures.role(h.source, "ledger", "ledger-" + verb, rule(verb, "", "configmaps"));
    PlanFixtures.roleBinding(h.source, "ledger", "ledger-" + verb, "Role", "ledger-" + verb, saSubject(NS, SA));
  }

  @Test
  void anUnacceptedLossWaitsInPlanningWritingNothingAndTheSameMigrationGoesOnOnceTheSpecAcceptsIt() {
    MigrationHarness h = new MigrationHarness();
    ledgerGrant(h, "create");

    h.reconcile(); // Pending
    StepResult r = h.reconcile(); // Planning

    assertThat(h.phase()).isEqualTo(Phase.Planning);
    assertThat(r).isInstanceOf(StepResult.Wait.class);
    assertThat(h.nextRun).as("planned again on the next change to the migration").isNull();
    assertThat(h.condition(Conditions.READY)).isEqualTo("False/LossesNotAccepted");
    assertThat(h.condition(Conditions.PLANNED)).isEqualTo("False/LossesNotAccepted");
    assertThat(h.status.getPlan().getIdentityLosses()).singleElement()
        .satisfies(l -> assertThat(l.id()).isEqualTo(LOSS));
    assertThat(h.status.getDualRun()).as("no window opened").isNull();
    assertThat(h.source.writes()).isEmpty();
    assertThat(h.target.writes()).isEmpty();

    h.sam.getSpec().setAcceptLosses(List.of(LOSS));
    h.sam.getMetadata().setGeneration(h.sam.getMetadata().getGeneration() == null ? 2 : h.sam.getMetadata().getGeneration() + 1);
    h.reconcile();

    assertThat(h.phase()).isEqualTo(Phase.Planned);
    assertThat(h.status.getPlan().getIdentityLosses()).singleElement().satisfies(l -> assertThat(l.accepted()).isTrue());
    assertThat(h.runUntil(Phase.Completed, 60)).isEqualTo(Phase.Completed);
  }

  @Test
  void aLossThatAppearsDuringTheDualRunStopsTheCutoverAndTheSourceIsNeverRevoked() {
    MigrationHarness h = new MigrationHarness();
    h.sam.getSpec().setAcceptLosses(List.of(LOSS));
    ledgerGrant(h, "create");
    assertThat(h.runUntil(Phase.DualRun, 30)).isEqualTo(Phase.DualRun);
    List<Phase> seen = new ArrayList<>();
    h.onStatusWrite = s -> seen.add(s.getPhase());

    ledgerGrant(h, "delete"); // a second permission the target cannot have, that nobody accepted

    assertThat(h.runUntil(Phase.RolledBack, 200)).isEqualTo(Phase.RolledBack);
    assertThat(seen).doesNotContain(Phase.CuttingOver);
    assertThat(h.source.exists("ServiceAccount", NS, SA)).as("the source is untouched").isTrue();
    assertThat(h.source.writes()).noneMatch(c -> c.operation().startsWith("delete"));
    assertThat(h.status.getVerification().getChecks()).anyMatch(c -> c.name().equals("Plan")
        && c.message().contains("Permission/delete configmaps in namespace ledger"));
  }
}
