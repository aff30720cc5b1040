package io.cutover.policy;

import io.cutover.api.v1alpha1.PlanStatus;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;

/**
 * Whether a migration may do what it asks, decided as the API server would for its requester: its
 * {@code MigrationPolicy} (or the default without one), the RBAC grants of {@code spec.requester} and
 * {@code spec.cutover.approvedBy}, and the protected identities. Asked before every step that writes.
 */
public interface Authority {
  /** The migration as declared, before anything is read from either cluster and again before each write. */
  Decision decide(ServiceAccountMigration migration, ServiceAccountMigrationSpec spec);

  /** What the plan would write on the target and whom it moves: namespaces, cluster-scoped RBAC, the migrator's role. */
  Decision decidePlan(ServiceAccountMigration migration, ServiceAccountMigrationSpec spec, PlanStatus plan);

  /** Permits everything: for tests that drive the phase machine directly and for planning in the CLI, never the operator. */
  static Authority permitAll() {
    return new Authority() {
      @Override
      public Decision decide(ServiceAccountMigration migration, ServiceAccountMigrationSpec spec) {
        return Decision.PERMITTED;
      }

      @Override
      public Decision decidePlan(ServiceAccountMigration migration, ServiceAccountMigrationSpec spec, PlanStatus plan) {
        return Decision.PERMITTED;
      }
    };
  }
}
