package io.cutover.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Phase;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class PhaseTest {
  @Test
  void revocationIsReachableOnlyThroughDualRun() {
    for (Phase p : Phase.values()) {
      if (p.next().contains(Phase.CuttingOver)) {
        assertThat(p).isEqualTo(Phase.DualRun);
      }
    }
  }

  @Test
  void noWayBackOnceCuttingOver() {
    for (Phase p : EnumSet.of(Phase.CuttingOver, Phase.Verifying, Phase.Completed)) {
      assertThat(p.next()).doesNotContain(Phase.RollingBack, Phase.RolledBack, Phase.Planning);
    }
  }

  @Test
  void terminalPhasesHaveNoSuccessors() {
    for (Phase p : Phase.values()) {
      assertThat(p.isTerminal()).isEqualTo(p.next().isEmpty());
    }
  }

  @Test
  void approvalIsAGateOnlyBeforeTheRevocationBeginsAndWhileNothingEndedTheMigration() {
    assertThat(EnumSet.allOf(Phase.class).stream().filter(Phase::acceptsApproval))
        .containsExactly(Phase.Pending, Phase.Planning, Phase.Planned, Phase.Provisioning, Phase.DualRun);
  }

  @Test
  void rollbackIsAGateOnlyBeforeAnythingIsRevoked() {
    assertThat(EnumSet.allOf(Phase.class).stream().filter(Phase::acceptsRollback))
        .containsExactly(Phase.Pending, Phase.Planning, Phase.Planned, Phase.Provisioning, Phase.DualRun,
            Phase.RollingBack);
  }
}
