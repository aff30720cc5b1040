package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.cluster.ClusterPort;
import java.util.Comparator;
import java.util.List;

/**
 * Removes only what this migration created (objects labelled with its UID) on the target, and its canary on the
 * source; the source identity is left as it was.
 */
public final class RollingBackStep implements Step {
  /** Bindings before roles, the ServiceAccount before its Secrets, the namespace last. */
  private static final List<String> ORDER = List.of("RoleBinding", "ClusterRoleBinding", "Role", "ClusterRole",
      "ServiceAccount", "Secret", "Namespace");

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

  /** Deletes what the migration created on the target and its canary on the source. Idempotent. */
  public static int removeOwned(StepContext ctx) {
    int removed = delete(ctx.target(), ctx.uid());
    if (!ctx.ids().sourceCluster().equals(ctx.ids().targetCluster())) {
      removed += delete(ctx.source(), ctx.uid());
    }
    return removed;
  }

  /** After cutover only the canary on the source is this migration's to remove. */
  public static void removeCanary(StepContext ctx) {
    Canary.discard(ctx);
  }

  private static int delete(ClusterPort cluster, String uid) {
    List<ObjectRef> owned = cluster.ownedBy(uid).stream()
        .sorted(Comparator.comparingInt(r -> ORDER.indexOf(r.kind())))
        .toList();
    int n = 0;
    for (ObjectRef ref : owned) {
      if (cluster.delete(ref, ref.uid())) {
        n++;
      }
    }
    return n;
  }
}
