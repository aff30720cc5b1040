package io.cutover.rbac;

import java.util.List;

/**
 * The result of comparing target with source permissions. {@code escalations}: target rules the source does not cover,
 * scoped by target namespace. {@code losses}: source rules the target does not cover, scoped by source namespace. Both
 * broken down to single verb/group/resource(/resourceName) or verb/URL rules, sorted, without duplicates.
 */
public record RbacDiff(List<ScopedRule> escalations, List<ScopedRule> losses) {
  public RbacDiff {
    escalations = List.copyOf(escalations);
    losses = List.copyOf(losses);
  }

  public boolean escalates() {
    return !escalations.isEmpty();
  }

  public boolean loses() {
    return !losses.isEmpty();
  }
}
