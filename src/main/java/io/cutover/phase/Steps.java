package io.cutover.phase;

import io.cutover.api.v1alpha1.Phase;

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
      case RolledBack, Failed -> ctx -> new StepResult.Wait(null, phase.name(), "nothing left to do");
    };
  }
}
