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
 * <p>The expensive part of the cutover — re-planning, bringing the target proof up to date, minting the source canary
 * and preparing the revocation ({@link #prepare}) — runs {@link CutoverLead} before the deadline (2 s for a migration
 * alone, longer when many share its deadline), so that at the
 * deadline only the re-check of what the informers cannot show ({@link TargetProof#recheck}: the delivered token's
 * TokenReview) stands between the deadline and the revocation. A preparation older than {@link CutoverLead#fresh} allows
 * (the operator was down, or approval came early) is not relied on: it runs again. The old identity is never revoked
 * while the new one is broken.
 *
 * <p>A target that does not prove at the deadline is never cut over: with {@code onDeadline: Rollback} it rolls back
 * at once; with {@code Cutover} it keeps retrying (nothing on the source is revoked) for at most
 * {@link #UNPROVEN_GRACE} past the deadline, then rolls back the unproven new identity so that the overlap stays
 * bounded.
 */
final class DualRunStep implements Step {
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
      Instant prepareAt = deadline.minus(ctx.cutoverLead());
      String readiness = "";
      if (cutsOverAtDeadline && !ctx.now().isBefore(prepareAt)) {
        try {
          readiness = prepare(ctx, false) ? "; target proven for the cutover" : "; " + TargetProof.failures(ctx);
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
    try {
      // Prepared moments ago (the pre-cutover point): only what the informers cannot show is asked again. Otherwise
      // (the operator was down then, or approval came first) the preparation runs now, with the full proof.
      proven = prepared(ctx) ? TargetProof.recheck(ctx) : prepare(ctx, true);
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
    CutoverStatus c = ctx.status().getCutover();
    c.setIntentAt(ctx.instant().toString());
    c.setTrigger(approved && !atDeadline ? "Approved" : "Deadline");
    TrustHooks.onCutoverIntent(ctx, c, idle);
    ctx.status().setCutover(c);
    return new StepResult.Advance(Phase.CuttingOver, Conditions.Reason.CUTTING_OVER,
        "target proven; revoking the source identity (" + c.getTrigger().toLowerCase() + ")");
  }

  /**
   * The cutover preparation: re-plan (the source may have changed), prove the target — at the pre-cutover point only
   * what changed since the last proof ({@link TargetProof#proveWhatChanged}; the deadline's re-check follows), with
   * {@code full} (at or past the deadline, nothing prepared) the whole proof — mint the source canary, and record the
   * revocation in {@code status.cutover}: the legacy token Secrets, bindings and ServiceAccount to revoke, with the
   * UIDs the deletes are conditioned on, so that at the deadline the revocation writes go out at once
   * ({@link CuttingOverStep}). Returns whether the target proved; the proof is recorded in status either way.
   */
  static boolean prepare(StepContext ctx, boolean full) {
    Plan plan = PlanService.plan(ctx);
    if (plan.failure().isPresent()) {
      TargetProof.planFailed(ctx, plan.failure().get().message());
      return false;
    }
    if (!(full ? TargetProof.prove(ctx, plan.accessChecks()) : TargetProof.proveWhatChanged(ctx, plan.accessChecks()))) {
      return false;
    }
    Canary.ensure(ctx);
    CutoverStatus c = ctx.status().getCutover() == null ? new CutoverStatus() : ctx.status().getCutover();
    c.setPreparedAt(ctx.instant().toString());
    c.setPrepared(CuttingOverStep.prepared(ctx, plan.status()));
    ctx.status().setCutover(c);
    return true;
  }

  /** Whether the revocation was prepared recently enough ({@link CutoverLead#fresh}) and the target's proof still stands. */
  private static boolean prepared(StepContext ctx) {
    var c = ctx.status().getCutover();
    return c != null && c.getPreparedAt() != null
        && CutoverLead.fresh(Instant.parse(c.getPreparedAt()), ctx.deadline(), ctx.now())
        && TargetProof.stands(ctx);
  }
}
