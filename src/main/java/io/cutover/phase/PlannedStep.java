package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.DualRunStatus;
import io.cutover.api.v1alpha1.Phase;
import java.time.Instant;
import java.util.Objects;

/**
 * The plan is in status. A dry run rests here. Otherwise the dual-run window opens: its start and deadline (the
 * window's end, or spec.dualRun.notAfter if earlier: {@link StepContext#deadlineFrom}) are written to status before
 * anything exists on the target, so the bound holds across restarts (invariant 2).
 */
final class PlannedStep implements Step {
  @Override
  public StepResult run(StepContext ctx) {
    var plan = ctx.status().getPlan();
    if (plan == null || !Objects.equals(plan.getGeneration(), ctx.generation())) {
      return new StepResult.Advance(Phase.Planning, "SpecChanged", "the spec changed since the plan was made");
    }
    if (ctx.spec().isDryRun()) {
      return new StepResult.Wait(null, Conditions.Reason.DRY_RUN_PLANNED,
          "dry run: nothing was written; set spec.dryRun to false to migrate");
    }
    DualRunStatus window = ctx.status().getDualRun();
    if (window == null || window.getDeadline() == null) {
      // Written once: a re-run (say, after a lost status write was retried) never moves the deadline.
      Instant start = ctx.now();
      window = new DualRunStatus(start.toString(), ctx.deadlineFrom(start).toString());
      ctx.status().setDualRun(window);
    }
    return new StepResult.Advance(Phase.Provisioning, Conditions.Reason.PROVISIONING,
        "dual-run window opened; deadline " + window.getDeadline());
  }
}
