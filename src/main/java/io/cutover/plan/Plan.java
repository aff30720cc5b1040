package io.cutover.plan;

import io.cutover.api.v1alpha1.PlanStatus;
import io.cutover.rbac.AccessCheck;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/**
 * A migration plan: what status shows, the objects to create on the target (namespace first, then the
 * ServiceAccount, then RBAC and the token Secret), the access checks that prove the target, and whether the plan
 * must stop the migration.
 */
public record Plan(PlanStatus status, List<HasMetadata> targetObjects, List<AccessCheck> accessChecks,
    Optional<Failure> failure) {

  /** The same plan, stopping the migration with {@code failure} (a check after the planner's found one). */
  public Plan failingWith(Failure failure) {
    return new Plan(status, targetObjects, accessChecks, Optional.of(failure));
  }

  /** Why the migration cannot go on: a CamelCase reason and a message for people. */
  public record Failure(String reason, String message) {}
}
