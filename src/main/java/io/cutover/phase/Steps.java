package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.status.StatusEditor;

/** The one switch that sends each phase to its step. */
public final class Steps {
  private Steps() {}

  public static Step forPhase(Phase phase) {
    return switch (phase) {
      case Pending -> new PendingStep();
      case Planning -> new PlanningStep();
      case Planned -> new PlannedStep();
      case Provisioning -> new ProvisioningStep();
      case DualRun -> new DualRunStep();
      case CuttingOver -> new CuttingOverStep();
      case Verifying -> new VerifyingStep();
      case Completed -> new CompletedStep();
      case RollingBack -> new RollingBackStep();
      case RolledBack, Failed -> Steps::rest;
    };
  }

  /** spec.rollback (kubectl cutover rollback) before cutover: Provisioning and DualRun roll back at once. */
  static StepResult rollbackRequested() {
    return new StepResult.Advance(Phase.RollingBack, Conditions.Reason.ROLLBACK_REQUESTED,
        "spec.rollback is true: removing what this migration created on the target; the source is untouched");
  }

  /** A final phase keeps the reason it ended with: Ready says why (e.g. DeadlineWithoutApproval), not just where. */
  private static StepResult rest(StepContext ctx) {
    var ready = StatusEditor.find(ctx.status(), Conditions.READY);
    return new StepResult.Wait(null, ready.map(c -> c.getReason()).orElse(ctx.status().getPhase().name()),
        ready.map(c -> c.getMessage()).orElse(""));
  }
}
