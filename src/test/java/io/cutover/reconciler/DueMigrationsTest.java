package io.cutover.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.DualRunStatus;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which migrations the reconciliation pool runs first, and by which deadline, from the status each turn stored. */
class DueMigrationsTest {
  private static final String DEADLINE = "2026-11-22T12:00:05Z";

  private final DueMigrations due = new DueMigrations();
  private final ServiceAccountMigration migration = migration();

  @Test
  void aMigrationIsDueByItsDeadlineWhileItsWindowIsOpenAndFirstWhileCuttingOver() {
    for (Phase phase : Phase.values()) {
      turned(phase);
      var deadline = due.deadline("apps", "move-api");
      switch (phase) {
        case Provisioning, DualRun -> assertThat(deadline).as(phase.name()).contains(Instant.parse(DEADLINE));
        case CuttingOver -> assertThat(deadline).as(phase.name()).contains(Instant.MIN);
        default -> assertThat(deadline).as(phase.name()).isEmpty();
      }
    }
  }

  @Test
  void aReleasedMigrationIsForgotten() {
    turned(Phase.DualRun);
    assertThat(due.size()).isEqualTo(1);
    due.released(migration);
    assertThat(due.deadline("apps", "move-api")).isEmpty();
    assertThat(due.size()).isZero();
  }

  @Test
  void anUnreadableDeadlineIsNotDue() {
    ServiceAccountMigrationStatus status = new ServiceAccountMigrationStatus();
    status.setPhase(Phase.DualRun);
    status.setDualRun(new DualRunStatus("2026-11-22T12:00:00Z", "not a time"));
    due.turned(migration, status, status, null);
    assertThat(due.deadline("apps", "move-api")).isEmpty();
  }

  @Test
  void countsTheDeadlinesInARangeAsMigrationsMoveAndLeave() {
    Instant d = Instant.parse(DEADLINE);
    for (int i = 0; i < 5; i++) {
      turned(named("m" + i), Phase.DualRun, d.plusSeconds(i));
    }
    assertThat(due.between(d, d.plusSeconds(4))).isEqualTo(5);
    assertThat(due.between(d.plusSeconds(1), d.plusSeconds(2))).isEqualTo(2);
    turned(named("m0"), Phase.DualRun, d.plusSeconds(2)); // its deadline moved: counted once, at the new one
    assertThat(due.between(d, d)).isZero();
    assertThat(due.between(d.plusSeconds(2), d.plusSeconds(2))).isEqualTo(2);
    turned(named("m1"), Phase.CuttingOver, d); // due first, at Instant.MIN: no longer around its deadline
    assertThat(due.between(d, d.plusSeconds(4))).isEqualTo(4);
    assertThat(due.between(Instant.MIN, Instant.MIN)).isEqualTo(1);
    turned(named("m1"), Phase.Verifying, d);
    due.released(named("m2"));
    assertThat(due.between(Instant.MIN, d.plusSeconds(4))).isEqualTo(3);
    assertThat(due.size()).isEqualTo(3);
  }

  private void turned(ServiceAccountMigration m, Phase phase, Instant deadline) {
    ServiceAccountMigrationStatus status = new ServiceAccountMigrationStatus();
    status.setPhase(phase);
    status.setDualRun(new DualRunStatus("2026-11-22T12:00:00Z", deadline.toString()));
    due.turned(m, status, status, null);
  }

  private static ServiceAccountMigration named(String name) {
    ServiceAccountMigration sam = new ServiceAccountMigration();
    sam.setMetadata(new ObjectMetaBuilder().withNamespace("apps").withName(name).build());
    return sam;
  }

  private void turned(Phase phase) {
    ServiceAccountMigrationStatus status = new ServiceAccountMigrationStatus();
    status.setPhase(phase);
    status.setDualRun(new DualRunStatus("2026-11-22T12:00:00Z", DEADLINE));
    due.turned(migration, status, status, null);
  }

  private static ServiceAccountMigration migration() {
    ServiceAccountMigration sam = new ServiceAccountMigration();
    sam.setMetadata(new ObjectMetaBuilder().withNamespace("apps").withName("move-api").build());
    return sam;
  }
}
