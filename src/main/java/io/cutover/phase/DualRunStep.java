package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.CutoverSpec;
import io.cutover.api.v1alpha1.CutoverStatus;
import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.plan.Plan;
import java.time.Duration;
import java.time.Instant;

/**
 * Old and new identity are both valid until the deadline. Wakes up at the pre-cutover point, the deadline (or the
 * delivered token's renewal time), never polls.
 *
 * <p>The expensive part of the cutover — re-planning, the full target proof (TokenReview and one SubjectAccessReview
 * per source permission) and minting the source canary — runs {@link #CUTOVER_LEAD} before the deadline, so that at
 * the deadline only a cheap re-check ({@link TargetProof#recheck}) stands between the deadline and the revocation.
 * A proof older than {@link #PROOF_FRESHNESS} (the operator was down, or approval came early) is not relied on: the
 * full proof runs again. The old identity is never revoked while the new one is broken.
 *
 * <p>A target that does not prove at the deadline is never cut over: with {@code onDeadline: Rollback} it rolls back
 * at once; with {@code Cutover} it keeps retrying (nothing on the source is revoked) for at most
 * {@link #UNPROVEN_GRACE} past the deadline, then rolls back the unproven new identity so that the overlap stays
 * bounded.
 */
final class DualRunStep implements Step {
  /** The pre-cutover proof runs this long before the deadline. */
  static final Duration CUTOVER_LEAD = Duration.ofSeconds(2);
  /** A pre-cutover proof at most this old at the deadline is relied on (with the cheap re-check). */
  static final Duration PROOF_FRESHNESS = CUTOVER_LEAD.multipliedBy(3);
  /** How long past the deadline an unproven target is retried (onDeadline Cutover) before it is rolled back. */
  static final Duration UNPROVEN_GRACE = Duration.ofMinutes(5);

  @Override
  public StepResult run(StepContext ctx) {
    if (ctx.spec().isRollback()) {
      return Steps.rollbackRequested();
    }
    var refused = PolicyRecheck.check(ctx);
    if (refused.isPresent()) {
      return refused.get();
    }
    Instant deadline = ctx.deadline();
    var renewAt = Credentials.renewAt(ctx);
    TargetAccessException renewalFailure = null;
    if (renewAt.isPresent() && !ctx.now().isBefore(renewAt.get())) {
      try {
        Credentials.ensureDelivered(ctx);
      } catch (TargetAccessException e) {
        // A failed renewal must not keep the deadline's decisions from running (a target whose ServiceAccount was
        // deleted answers 404 to every renewal): remember it, and let the deadline logic below decide.
        renewalFailure = e;
      }
      renewAt = Credentials.renewAt(ctx);
    }
    CutoverSpec cutover = ctx.spec().getCutover();
    boolean atDeadline = !ctx.now().isBefore(deadline);
    var idle = TrustHooks.idle(ctx, deadline, cutover.isApproved(), atDeadline);
    if (idle.result().isPresent()) {
      return idle.result().get();
    }
    boolean approved = cutover.isApproved() || idle.cutNow();
    boolean manual = cutover.getApproval() == CutoverSpec.Approval.Manual;
    boolean rollbackAtDeadline = ctx.spec().getDualRun().getOnDeadline() == DualRunSpec.OnDeadline.Rollback;
    if (!approved && !atDeadline) {
      // Only a migration that will cut over at the deadline prepares for it.
      boolean cutsOverAtDeadline = !manual && !rollbackAtDeadline;
      Instant prepareAt = deadline.minus(CUTOVER_LEAD);
      String readiness = "";
      if (cutsOverAtDeadline && !ctx.now().isBefore(prepareAt)) {
        try {
          readiness = prepare(ctx) ? "; target proven for the cutover" : "; " + TargetProof.failures(ctx);
        } catch (TargetAccessException e) {
          TargetProof.unreachable(ctx, e.getMessage());
          readiness = "; " + TargetProof.failures(ctx);
        } catch (io.cutover.cluster.ClusterAccessException e) {
          readiness = "; the pre-cutover proof did not run: " + e.getMessage();
        }
      }
      if (renewalFailure != null) {
        return new StepResult.Retry(renewalFailure.reason(), "renewing the delivered token failed: "
            + renewalFailure.getMessage());
      }
      Instant next = cutsOverAtDeadline && ctx.now().isBefore(prepareAt) ? prepareAt : deadline;
      Instant wake = renewAt.filter(r -> r.isBefore(next)).orElse(next);
      return new StepResult.Wait(wake, manual ? Conditions.Reason.AWAITING_APPROVAL : Conditions.Reason.DUAL_RUN,
          manual ? "waiting for spec.cutover.approved; without it the migration rolls back at " + deadline
              : "old and new identity valid; cutover at " + deadline + readiness);
    }
    if (!approved && manual) {
      return new StepResult.Advance(Phase.RollingBack, Conditions.Reason.DEADLINE_WITHOUT_APPROVAL,
          "the deadline passed without spec.cutover.approved; rolling back keeps the overlap bounded");
    }
    if (!approved && rollbackAtDeadline) {
      return new StepResult.Advance(Phase.RollingBack, Conditions.Reason.DEADLINE_ROLLBACK,
          "spec.dualRun.onDeadline is Rollback");
    }
    boolean proven;
    boolean fresh = TargetProof.provenSince(ctx, ctx.now().minus(PROOF_FRESHNESS));
    try {
      if (fresh) {
        proven = TargetProof.recheck(ctx);
        if (proven) {
          Canary.ensure(ctx);
        }
      } else {
        proven = prepare(ctx);
      }
    } catch (TargetAccessException e) {
      TargetProof.unreachable(ctx, e.getMessage());
      proven = false;
    }
    if (!proven) {
      String why = TargetProof.failures(ctx);
      if (rollbackAtDeadline) {
        return new StepResult.Advance(Phase.RollingBack, Conditions.Reason.TARGET_NOT_PROVEN, why);
      }
      Instant giveUp = (atDeadline ? deadline : ctx.now()).plus(UNPROVEN_GRACE);
      if (atDeadline && !ctx.now().isBefore(giveUp)) {
        return new StepResult.Advance(Phase.RollingBack, Conditions.Reason.TARGET_NOT_PROVEN, why
            + "; still not proven " + UNPROVEN_GRACE.toMinutes() + " min after the deadline: the unproven target identity"
            + " is rolled back to keep the overlap bounded, the source stays as it was");
      }
      return new StepResult.Retry(Conditions.Reason.TARGET_NOT_PROVEN, why + "; nothing on the source is revoked"
          + (atDeadline ? "; rolls back at " + giveUp + " unless the target proves" : ""));
    }
    CutoverStatus c = new CutoverStatus();
    c.setIntentAt(ctx.instant().toString());
    c.setTrigger(approved && !atDeadline ? "Approved" : "Deadline");
    TrustHooks.onCutoverIntent(ctx, c, idle);
    ctx.status().setCutover(c);
    return new StepResult.Advance(Phase.CuttingOver, Conditions.Reason.CUTTING_OVER,
        "target proven; revoking the source identity (" + c.getTrigger().toLowerCase() + ")");
  }

  /**
   * The full cutover preparation: re-plan (the source may have changed), prove the target against the plan's checks,
   * mint the source canary. Returns whether the target proved; the proof is recorded in status either way.
   */
  static boolean prepare(StepContext ctx) {
    Plan plan = PlanService.plan(ctx);
    if (plan.failure().isPresent()) {
      TargetProof.planFailed(ctx, plan.failure().get().message());
      return false;
    }
    if (!TargetProof.prove(ctx, plan.accessChecks())) {
      return false;
    }
    Canary.ensure(ctx);
    return true;
  }
}
