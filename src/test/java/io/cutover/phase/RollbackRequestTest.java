package io.cutover.phase;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import org.junit.jupiter.api.Test;

/** spec.rollback (kubectl cutover rollback) rolls back before cutover, touches nothing on the source, and is ignored after. */
class RollbackRequestTest {
  @Test
  void inDualRunRollsBackAtOnceWithoutRevokingAnything() {
    MigrationHarness h = PhaseStepsTest.inDualRun();
    h.sam.getSpec().setRollback(true);

    StepResult r = h.reconcile();

    assertThat(r).isInstanceOf(StepResult.Advance.class);
    assertThat(((StepResult.Advance) r).reason()).isEqualTo(Conditions.Reason.ROLLBACK_REQUESTED);
    assertThat(h.phase()).isEqualTo(Phase.RollingBack);
    assertThat(h.runWhileAdvancing(5)).isEqualTo(Phase.RolledBack);
    assertThat(h.journal.calls()).noneMatch(PhaseStepsTest::isSourceRevocation);
    assertThat(h.target.objects()).noneMatch(o -> o.getMetadata().getLabels() != null
        && o.getMetadata().getLabels().containsValue(h.sam.getMetadata().getUid()));
  }

  @Test
  void inProvisioningRollsBackBeforeCreatingAnything() {
    MigrationHarness h = new MigrationHarness();
    h.reconcile(); // Pending
    h.reconcile(); // Planning
    h.reconcile(); // Planned -> Provisioning
    assertThat(h.phase()).isEqualTo(Phase.Provisioning);
    h.sam.getSpec().setRollback(true);
    h.target.journal().clear();

    h.reconcile();

    assertThat(h.phase()).isEqualTo(Phase.RollingBack);
    assertThat(h.target.writes()).isEmpty();
  }

  @Test
  void afterCutoverStartedItChangesNothing() {
    MigrationHarness h = PhaseStepsTest.inDualRun();
    h.sam.getSpec().getCutover().setApproved(true);
    h.reconcile();
    assertThat(h.phase()).isEqualTo(Phase.CuttingOver);
    h.sam.getSpec().setRollback(true);

    assertThat(h.runWhileAdvancing(5)).isEqualTo(Phase.Completed);
  }
}
