package io.cutover.reconciler;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.phase.CutoverLead;
import io.cutover.phase.PhaseMachine;
import io.cutover.status.DualRunTimes;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The migrations whose next work is bound by a deadline, and that deadline: a migration whose dual-run window is
 * open — in {@code Provisioning} (the window opens when provisioning starts, so the target must be issued and proven
 * inside it) or {@code DualRun} (its pre-cutover proof and cutover fall at the window's hard deadline) — or in
 * {@code CuttingOver} (its revocation is under way: {@link Instant#MIN}, ahead of every deadline). Filled from every
 * turn; the reconciliation pool ({@code config.DeadlineFirstExecutor}) runs their reconciles ahead of the other
 * migrations' work, so a wave of new migrations being planned does not push a cutover past its deadline. After a
 * restart a migration is known here from its first turn on; that first turn queues in arrival order.
 */
public final class DueMigrations implements MigrationObserver, CutoverLead.Deadlines {

  private final Map<String, Instant> deadlines = new ConcurrentHashMap<>();
  /** How many of {@link #deadlines} fall at each instant, for {@link #between}; guarded by itself. */
  private final NavigableMap<Instant, Integer> counts = new TreeMap<>();

  @Override
  public void turned(ServiceAccountMigration migration, ServiceAccountMigrationStatus before,
      ServiceAccountMigrationStatus after, PhaseMachine.Turn turn) {
    String key = key(migration.getMetadata().getNamespace(), migration.getMetadata().getName());
    Optional<Instant> due = dueAt(after);
    synchronized (counts) {
      Instant old = due.isPresent() ? deadlines.put(key, due.get()) : deadlines.remove(key);
      if (old != null) {
        counts.computeIfPresent(old, (k, n) -> n == 1 ? null : n - 1);
      }
      due.ifPresent(d -> counts.merge(d, 1, Integer::sum));
    }
  }

  @Override
  public void released(ServiceAccountMigration migration) {
    synchronized (counts) {
      Instant old = deadlines.remove(key(migration.getMetadata().getNamespace(), migration.getMetadata().getName()));
      if (old != null) {
        counts.computeIfPresent(old, (k, n) -> n == 1 ? null : n - 1);
      }
    }
  }

  /**
   * How many known migrations are due in {@code [from, to]}: those in Provisioning or DualRun whose deadline falls
   * there (a migration cutting over is due at {@link Instant#MIN}, so it counts only from there). The cutover's lead
   * grows with it ({@link CutoverLead}).
   */
  @Override
  public int between(Instant from, Instant to) {
    synchronized (counts) {
      return counts.subMap(from, true, to, true).values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** The deadline that bounds this migration's next reconcile, when one does. */
  public Optional<Instant> deadline(String namespace, String name) {
    return Optional.ofNullable(deadlines.get(key(namespace, name)));
  }

  /** How many migrations are due now (what the pool orders first). */
  public int size() {
    return deadlines.size();
  }

  private static Optional<Instant> dueAt(ServiceAccountMigrationStatus status) {
    if (status == null || status.getPhase() == null) {
      return Optional.empty();
    }
    if (status.getPhase() == Phase.CuttingOver) {
      return Optional.of(Instant.MIN);
    }
    if (status.getPhase() != Phase.Provisioning && status.getPhase() != Phase.DualRun) {
      return Optional.empty();
    }
    return DualRunTimes.deadline(status);
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
