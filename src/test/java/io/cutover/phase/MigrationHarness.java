package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.cluster.TestingClusterPort;
import io.cutover.plan.PlanFixtures;
import io.cutover.status.StatusEditor;
import java.time.Duration;
import java.time.Instant;

/**
 * One migration on two {@link TestingClusterPort}s, driven as {@code MigrationReconciler} drives it: each reconcile
 * is one {@link PhaseMachine#turn} on a copy of the status, and the copy is stored as the one status write. {@link #crashNext} drops the status write of the next reconcile, as an operator crash
 * between the step's cluster calls and its status write would.
 */
final class MigrationHarness {
  static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

  final TestingClusterPort.MutableClock clock = new TestingClusterPort.MutableClock(START);
  final TestingClusterPort.Journal journal = new TestingClusterPort.Journal();
  final TestingClusterPort source = new TestingClusterPort(PlanFixtures.SOURCE, clock, journal);
  final TestingClusterPort target = new TestingClusterPort(PlanFixtures.TARGET, clock, journal);
  final ServiceAccountMigration sam = PlanFixtures.migration();
  ServiceAccountMigrationStatus status = new ServiceAccountMigrationStatus();
  /** When the last reconcile asked to run again: null = only on an event. */
  Instant nextRun;
  StepResult lastResult;
  private boolean crashNext;

  MigrationHarness() {
    PlanFixtures.standardSource(source);
    PlanFixtures.standardTarget(target);
  }

  Phase phase() {
    return status.getPhase() == null ? Phase.Pending : status.getPhase();
  }

  /** A context over a working copy of the status, for running one step by hand. */
  StepContext context() {
    return context(StatusEditor.copyOf(status));
  }

  private StepContext context(ServiceAccountMigrationStatus working) {
    long generation = sam.getMetadata().getGeneration() == null ? 0 : sam.getMetadata().getGeneration();
    return new StepContext(sam, new StatusEditor(working, clock.instant(), generation), clock, () -> source, () -> target);
  }

  void crashNext() {
    crashNext = true;
  }

  /** One reconcile of the current phase. */
  StepResult reconcile() {
    ServiceAccountMigrationStatus working = StatusEditor.copyOf(status);
    StepContext ctx = context(working);
    PhaseMachine.Turn turn = PhaseMachine.turn(ctx, clock);
    StepResult result = turn.result();
    Duration delay = turn.rescheduleAfter();
    lastResult = result;
    nextRun = delay == null ? null : clock.instant().plus(delay);
    if (crashNext) {
      crashNext = false;
      return result;
    }
    status = working;
    return result;
  }

  /** Reconciles (without moving the clock) while the step advances, at most {@code max} times; returns the phase. */
  Phase runWhileAdvancing(int max) {
    for (int i = 0; i < max; i++) {
      if (!(reconcile() instanceof StepResult.Advance)) {
        break;
      }
    }
    return phase();
  }

  /** Reconciles until the phase is reached or {@code max} reconciles were spent, following each reschedule. */
  Phase runUntil(Phase wanted, int max) {
    for (int i = 0; i < max && phase() != wanted; i++) {
      StepResult r = reconcile();
      if (phase() == wanted) {
        break;
      }
      if (nextRun != null && nextRun.isAfter(clock.instant())) {
        clock.set(nextRun);
      } else if (r instanceof StepResult.Wait && nextRun == null) {
        break;
      }
    }
    return phase();
  }

  String condition(String type) {
    return StatusEditor.find(status, type).map(c -> c.getStatus() + "/" + c.getReason()).orElse(null);
  }

  boolean ready() {
    return StatusEditor.find(status, Conditions.READY).map(c -> Conditions.TRUE.equals(c.getStatus())).orElse(false);
  }

  Instant deadline() {
    return status.getDualRun() == null || status.getDualRun().getDeadline() == null ? null
        : Instant.parse(status.getDualRun().getDeadline());
  }
}
