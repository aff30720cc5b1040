package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.cluster.ClusterAccessException;
import io.cutover.cluster.TestingClusterPort;
import io.cutover.plan.PlanFixtures;
import io.cutover.status.Readiness;
import io.cutover.status.StatusEditor;
import java.time.Duration;
import java.time.Instant;

/**
 * One migration on two {@link TestingClusterPort}s, driven the way {@code MigrationReconciler} drives it: each
 * reconcile runs the phase's step on a copy of the status, turns a {@link ClusterAccessException} into Retry (Fail
 * when not retryable in Pending/Planning), applies the result (phase, Ready, consecutive errors) and stores the copy
 * as the one status write. {@link #crashNext} drops the status write of the next reconcile, as an operator crash
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
    Phase phase = phase();
    ServiceAccountMigrationStatus working = StatusEditor.copyOf(status);
    StepContext ctx = context(working);
    StepResult result;
    try {
      result = Steps.forPhase(phase).run(ctx);
    } catch (ClusterAccessException e) {
      result = !e.retryable() && (phase == Phase.Pending || phase == Phase.Planning)
          ? new StepResult.Fail(e.reason(), e.getMessage())
          : new StepResult.Retry(e.reason(), e.getMessage());
    }
    Duration delay = apply(result, phase, ctx.edit());
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

  private Duration apply(StepResult result, Phase phase, StatusEditor edit) {
    boolean dryRun = sam.getSpec().isDryRun();
    var s = edit.status();
    if (result instanceof StepResult.Advance a) {
      edit.enter(a.to(), a.reason(), a.message());
      s.setConsecutiveErrors(null);
      Readiness.apply(edit, a.to(), dryRun, a.reason(), a.message());
      return Duration.ZERO;
    }
    if (result instanceof StepResult.Wait w) {
      s.setConsecutiveErrors(null);
      Readiness.apply(edit, phase, dryRun, w.reason(), w.message());
      return w.until() == null ? null : Duration.between(clock.instant(), w.until());
    }
    if (result instanceof StepResult.Fail f) {
      edit.enter(Phase.Failed, f.reason(), f.message());
      s.setConsecutiveErrors(null);
      Readiness.apply(edit, Phase.Failed, dryRun, f.reason(), f.message());
      return null;
    }
    StepResult.Retry r = (StepResult.Retry) result;
    int errors = s.getConsecutiveErrors() == null ? 1 : s.getConsecutiveErrors() + 1;
    s.setConsecutiveErrors(errors);
    Readiness.apply(edit, phase, dryRun, r.reason(), r.message());
    return Duration.ofMillis(Math.min(1000L << Math.min(errors - 1, 10), 30_000L));
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
