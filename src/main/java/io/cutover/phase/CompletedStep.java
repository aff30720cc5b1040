package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;

/** Done. A token delivered into a Secret keeps being renewed at 80% of its lifetime. */
final class CompletedStep implements Step {
  @Override
  public StepResult run(StepContext ctx) {
    TrustHooks.afterCutover(ctx);
    var renewAt = Credentials.renewAt(ctx);
    if (renewAt.isPresent() && !ctx.now().isBefore(renewAt.get())) {
      Credentials.ensureDelivered(ctx);
      renewAt = Credentials.renewAt(ctx);
    }
    return new StepResult.Wait(renewAt.orElse(null), Conditions.Reason.COMPLETED,
        "the identity lives on " + ctx.ids().targetDisplay());
  }
}
