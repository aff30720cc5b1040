package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.Ownership;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.plan.Plan;
import io.cutover.status.Finding;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.time.Instant;

/**
 * Creates what the plan lists on the target (only what is missing), issues the first token and proves the target.
 * The deadline is already in status. A plan that no longer holds, or a target identity another migration won in a
 * race, rolls back what this migration created.
 */
final class ProvisioningStep implements Step {
  @Override
  public StepResult run(StepContext ctx) {
    if (ctx.spec().isRollback()) {
      return Steps.rollbackRequested();
    }
    try {
      return provision(ctx);
    } catch (TargetAccessException e) {
      if (pastProvingBound(ctx)) {
        TargetProof.unreachable(ctx, e.getMessage());
        return unprovenPastTheBound(ctx);
      }
      throw e;
    }
  }

  /** With onDeadline Rollback: the deadline; with Cutover: the deadline plus {@link DualRunStep#UNPROVEN_GRACE}. */
  private static boolean pastProvingBound(StepContext ctx) {
    Instant deadline = ctx.deadline();
    boolean rollback = ctx.spec().getDualRun().getOnDeadline() == DualRunSpec.OnDeadline.Rollback;
    return !ctx.now().isBefore(rollback ? deadline : deadline.plus(DualRunStep.UNPROVEN_GRACE));
  }

  /**
   * With onDeadline Rollback the deadline decides, as it does in DualRun (reason DeadlineRollback); with Cutover the
   * unproven target is rolled back after the grace (reason TargetNotProven). The failed check is in the message.
   */
  private static StepResult unprovenPastTheBound(StepContext ctx) {
    boolean rollback = ctx.spec().getDualRun().getOnDeadline() == DualRunSpec.OnDeadline.Rollback;
    return rollback
        ? new StepResult.Advance(Phase.RollingBack, Conditions.Reason.DEADLINE_ROLLBACK, "spec.dualRun.onDeadline is "
            + "Rollback and the target was not proven before the deadline: " + TargetProof.failures(ctx))
        : new StepResult.Advance(Phase.RollingBack, Conditions.Reason.TARGET_NOT_PROVEN, TargetProof.failures(ctx)
            + "; still not proven " + DualRunStep.UNPROVEN_GRACE.toMinutes() + " min after the deadline: the unproven"
            + " target identity is rolled back to keep the overlap bounded, the source stays as it was");
  }

  private StepResult provision(StepContext ctx) {
    Plan plan = TrustHooks.plan(ctx, PlanService.plan(ctx));
    ctx.status().setPlan(plan.status());
    if (plan.failure().isPresent()) {
      var f = plan.failure().get();
      ctx.report(new Finding.PlanRefused(f.reason(), f.message()));
      return new StepResult.Advance(Phase.RollingBack, f.reason(), f.message());
    }
    TrustHooks.decorateTarget(ctx, plan.targetObjects());
    for (HasMetadata object : plan.targetObjects()) {
      HasMetadata held = ctx.target().createIfAbsent(object);
      if (held instanceof Namespace) {
        continue; // shared: whoever created it, the migration's objects go into it (design entry 10)
      }
      String owner = held.getMetadata().getLabels() == null ? null : held.getMetadata().getLabels().get(Ownership.MIGRATION_UID_LABEL);
      if (!ctx.uid().equals(owner)) {
        // Someone else created an object of that name meanwhile: never adopt it, never proceed on it.
        String what = held.getKind() + " " + (held.getMetadata().getNamespace() == null ? "" : held.getMetadata().getNamespace() + "/")
            + held.getMetadata().getName();
        String reason = held instanceof ServiceAccount ? Conditions.Reason.TARGET_OWNED_BY_ANOTHER_MIGRATION
            : Conditions.Reason.TARGET_OBJECT_CONFLICT;
        return new StepResult.Advance(Phase.RollingBack, reason,
            what + " on " + ctx.ids().targetCluster() + " was created by someone else meanwhile");
      }
      if (held instanceof ServiceAccount sa) {
        var provenance = ctx.status().getProvenance();
        if (provenance.getTargetUid() == null) {
          provenance.setTargetUid(sa.getMetadata().getUid());
          provenance.setCreatedAt(ctx.instant().toString());
        }
      }
    }
    var secrets = TrustHooks.copySecrets(ctx);
    if (secrets.isPresent()) {
      return secrets.get();
    }
    if (Credentials.delivers(ctx)) {
      Credentials.ensureDelivered(ctx);
    }
    if (TargetProof.prove(ctx, plan.accessChecks())) {
      var gate = TrustHooks.gate(ctx);
      if (gate.isPresent()) {
        return gate.get();
      }
      return new StepResult.Advance(Phase.DualRun, Conditions.Reason.DUAL_RUN,
          "target proven; old and new identity valid until " + ctx.status().getDualRun().getDeadline());
    }
    if (pastProvingBound(ctx)) {
      return unprovenPastTheBound(ctx);
    }
    return new StepResult.Retry(Conditions.Reason.TARGET_NOT_PROVEN,
        "the target identity does not prove yet: " + TargetProof.failures(ctx));
  }
}
