package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.CreatedObject;
import io.cutover.api.v1alpha1.Phase;

/**
 * Removes only what this migration recorded creating (status.created) on the target, and its canary on the source;
 * the source identity is left as it was.
 */
public final class RollingBackStep implements Step {

  @Override
  public StepResult run(StepContext ctx) {
    int removed = removeOwned(ctx);
    var history = ctx.status().getHistory();
    var entered = history.isEmpty() ? null : history.get(history.size() - 1);
    String reason = entered == null || entered.reason() == null ? Conditions.Reason.ROLLED_BACK : entered.reason();
    String why = entered == null || entered.message() == null ? "" : entered.message() + "; ";
    return new StepResult.Advance(Phase.RolledBack, reason,
        why + "rolled back: removed " + removed + " object(s) this migration created; the source is untouched");
  }

  /**
   * Deletes what the migration recorded creating (status.created) on the target, and its canary on the source, each by
   * UID; never an object it did not record, never a Namespace. Idempotent.
   */
  public static int removeOwned(StepContext ctx) {
    return Records.delete(ctx, CreatedObject.TARGET, r -> true) + Records.delete(ctx, CreatedObject.SOURCE,
        r -> Canary.isCanary(ctx, r));
  }

  /** After cutover only the canary on the source is this migration's to remove. */
  public static void removeCanary(StepContext ctx) {
    Canary.discard(ctx);
  }
}
