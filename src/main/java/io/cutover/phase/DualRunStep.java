package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.CutoverSpec;
import io.cutover.api.v1alpha1.CutoverStatus;
import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.plan.Plan;
import io.cutover.trust.TrustHooks;
import java.time.Instant;

/**
 * Old and new identity are both valid until the deadline. Wakes up at the deadline (or the delivered token's
 * renewal time), never polls. At the deadline, or once approved, it re-proves the target first — the old identity
 * is never revoked while the new one is broken — mints the source canary and records the cutover intent.
 */
final class DualRunStep implements Step {
  @Override
  public StepResult run(StepContext ctx) {
    if (ctx.spec().isRollback()) {
      return Steps.rollbackRequested();
    }
    Instant deadline = Instant.parse(ctx.status().getDualRun().getDeadline());
    var renewAt = Credentials.renewAt(ctx);
    if (renewAt.isPresent() && !ctx.now().isBefore(renewAt.get())) {
      Credentials.ensureDelivered(ctx);
      renewAt = Credentials.renewAt(ctx);
    }
    CutoverSpec cutover = ctx.spec().getCutover();
    boolean atDeadline = !ctx.now().isBefore(deadline);
    var idle = TrustHooks.idle(ctx, deadline, cutover.isApproved(), atDeadline);
    if (idle.result().isPresent()) {
      return idle.result().get();
    }
    boolean approved = cutover.isApproved() || idle.cutNow();
    if (!approved && !atDeadline) {
      Instant wake = renewAt.filter(r -> r.isBefore(deadline)).orElse(deadline);
      boolean manual = cutover.getApproval() == CutoverSpec.Approval.Manual;
      return new StepResult.Wait(wake, manual ? Conditions.Reason.AWAITING_APPROVAL : Conditions.Reason.DUAL_RUN,
          manual ? "waiting for spec.cutover.approved; without it the migration rolls back at " + deadline
              : "old and new identity valid; cutover at " + deadline);
    }
    if (!approved && cutover.getApproval() == CutoverSpec.Approval.Manual) {
      return new StepResult.Advance(Phase.RollingBack, Conditions.Reason.DEADLINE_WITHOUT_APPROVAL,
          "the deadline passed without spec.cutover.approved; rolling back keeps the overlap bounded");
    }
    boolean rollbackAtDeadline = ctx.spec().getDualRun().getOnDeadline() == DualRunSpec.OnDeadline.Rollback;
    if (!approved && rollbackAtDeadline) {
      return new StepResult.Advance(Phase.RollingBack, Conditions.Reason.DEADLINE_ROLLBACK,
          "spec.dualRun.onDeadline is Rollback");
    }
    Plan plan = PlanService.plan(ctx);
    if (plan.failure().isPresent() || !TargetProof.prove(ctx, plan.accessChecks())) {
      String why = plan.failure().map(Plan.Failure::message).orElse("the target identity does not prove");
      if (rollbackAtDeadline) {
        return new StepResult.Advance(Phase.RollingBack, Conditions.Reason.TARGET_NOT_PROVEN, why);
      }
      return new StepResult.Retry(Conditions.Reason.TARGET_NOT_PROVEN, why + "; nothing on the source is revoked");
    }
    Canary.ensure(ctx);
    CutoverStatus c = new CutoverStatus();
    c.setIntentAt(ctx.instant().toString());
    c.setTrigger(approved && !atDeadline ? "Approved" : "Deadline");
    TrustHooks.onCutoverIntent(ctx, c, idle);
    ctx.status().setCutover(c);
    return new StepResult.Advance(Phase.CuttingOver, Conditions.Reason.CUTTING_OVER,
        "target proven; revoking the source identity (" + c.getTrigger().toLowerCase() + ")");
  }
}
