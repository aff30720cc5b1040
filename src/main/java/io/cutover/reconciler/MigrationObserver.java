package io.cutover.reconciler;

import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.phase.PhaseMachine;

/**
 * What the reconciler tells observability about a migration. Called on the reconcile thread (the {@code migration}
 * MDC key is set) after the status of a turn is stored; an observer never throws and never changes the migration.
 * Everything it needs is in the stored status before and after the turn, so the phase steps carry no hooks.
 */
public interface MigrationObserver {
  MigrationObserver NONE = new MigrationObserver() {};

  /**
   * One turn of the phase machine ran. {@code before} is the status the turn started from, {@code after} the status
   * now stored (the same content when nothing changed).
   */
  default void turned(ServiceAccountMigration migration, ServiceAccountMigrationStatus before,
      ServiceAccountMigrationStatus after, PhaseMachine.Turn turn) {}

  /** The migration's cleanup finished and its finalizer is released: it is gone. */
  default void released(ServiceAccountMigration migration) {}

  /** Both observers, in this order. */
  static MigrationObserver both(MigrationObserver first, MigrationObserver second) {
    return new MigrationObserver() {
      @Override
      public void turned(ServiceAccountMigration migration, ServiceAccountMigrationStatus before,
          ServiceAccountMigrationStatus after, PhaseMachine.Turn turn) {
        first.turned(migration, before, after, turn);
        second.turned(migration, before, after, turn);
      }

      @Override
      public void released(ServiceAccountMigration migration) {
        first.released(migration);
        second.released(migration);
      }
    };
  }
}
