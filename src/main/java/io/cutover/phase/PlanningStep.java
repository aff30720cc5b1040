package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.plan.Plan;
import io.cutover.status.Finding;

/** Reads source and target and computes the plan. Writes nothing to either cluster. */
final class PlanningStep implements Step {
  @Override
  public StepResult run(StepContext ctx) {
    var refused = AdmissionGate.check(ctx);
    if (refused.isPresent()) {
      return refused.get();
    }
    Plan plan = PlanService.complete(ctx);
    ctx.status().setPlan(plan.status());
    if (plan.status().getSourceUid() != null) {
      ctx.status().getProvenance().setSourceUid(plan.status().getSourceUid());
    }
    // What the policy does not permit is refused first: whether the migrator could do it no longer matters.
    var refusedPlan = ctx.authority().decidePlan(ctx.resource(), ctx.spec(), plan.status());
    if (!refusedPlan.permitted()) {
      ctx.report(new Finding.PlanRefused(Conditions.Reason.NOT_PERMITTED, refusedPlan.messageWithRemedy()));
      return new StepResult.Fail(Conditions.Reason.NOT_PERMITTED, refusedPlan.messageWithRemedy());
    }
    if (plan.failure().isPresent()) {
      var f = plan.failure().get();
      ctx.report(new Finding.PlanRefused(f.reason(), f.message()));
      if (Conditions.Reason.LOSSES_NOT_ACCEPTED.equals(f.reason())) {
        // Not a dead end: accepting the losses in the spec (or carrying them: the missing Secret created on the
        // target, say) lets the same migration go on. Planned again on the next change to it; nothing is written.
        return new StepResult.Wait(null, f.reason(), f.message());
      }
      return new StepResult.Fail(f.reason(), f.message());
    }
    String summary = summary(plan);
    ctx.report(new Finding.Planned(summary));
    return ctx.spec().isDryRun()
        ? new StepResult.Advance(Phase.Planned, Conditions.Reason.DRY_RUN_PLANNED, "dry run: " + summary)
        : new StepResult.Advance(Phase.Planned, Conditions.Reason.PLANNED, summary);
  }

  static String summary(Plan plan) {
    var s = plan.status();
    return s.getBindings().size() + " binding(s), " + s.getEffectiveRules().size() + " rule(s), "
        + s.getLegacyTokenSecrets().size() + " legacy token Secret(s), " + s.getWorkloads().size() + " workload(s); "
        + s.getTargetObjects().size() + " object(s) to create on the target, " + s.getEscalations().size()
        + " escalation(s), " + s.getIdentityLosses().size() + " loss(es) accepted by the spec";
  }
}
