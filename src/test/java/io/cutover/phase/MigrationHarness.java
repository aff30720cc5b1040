package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.cluster.MutableClock;
import io.cutover.cluster.Journal;
import io.cutover.cluster.TestingClusterPort;
import io.cutover.plan.PlanFixtures;
import io.cutover.policy.Authority;
import io.cutover.status.StatusEditor;
import io.cutover.trust.TestingRelyingPartyProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One migration on two {@link TestingClusterPort}s, driven as {@code MigrationReconciler} drives it: each reconcile
 * is one {@link PhaseMachine#turn} on a copy of the status, and the copy is stored as the one status write. {@link #crashNext} drops the status write of the next reconcile, as an operator crash
 * between the step's cluster calls and its status write would.
 */
final class MigrationHarness {
  static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

  final MutableClock clock = new MutableClock(START);
  final Journal journal = new Journal();
  final TestingClusterPort source = new TestingClusterPort(PlanFixtures.SOURCE, clock, journal);
  final TestingClusterPort target = new TestingClusterPort(PlanFixtures.TARGET, clock, journal);
  final ServiceAccountMigration sam = PlanFixtures.migration();
  /** The relying parties' probe the trust gate asks; rejects every URL until told otherwise. */
  final TestingRelyingPartyProbe probe = new TestingRelyingPartyProbe();
  ServiceAccountMigrationStatus status = new ServiceAccountMigrationStatus();
  /** Who may migrate what; permits everything unless a test says otherwise (AdmissionGateTest, PolicyRecheckTest). */
  Authority authority = Authority.permitAll();
  /** When the last reconcile asked to run again: null = only on an event. */
  Instant nextRun;
  StepResult lastResult;
  private boolean crashNext;

  /** Every write that took effect, in order: cluster writes (create, update, delete, TokenRequest), status writes, the finalizer release. */
  final List<String> writes = new ArrayList<>();
  /** Crash right after this write (1-based index into {@link #writes}); 0: never. */
  private int crashAfterWrite;
  /** How many simulated crashes happened. */
  int crashes;
  /** metadata.deletionTimestamp is set: the next reconciles run the cleanup. */
  boolean deleting;
  /** The finalizer was released: the migration is gone. */
  boolean gone;
  /** Called after every status write with the status that was written (invariants watch it). */
  Consumer<ServiceAccountMigrationStatus> onStatusWrite = s -> { };
  /** Called after every cluster write that took effect, while {@link #status} is still the last written one. */
  Consumer<Journal.Call> onClusterWrite = c -> { };

  /** The operator process dies right after a write: what it held in memory (the status it was computing) is lost. */
  static final class SimulatedCrash extends Error {
    SimulatedCrash(String after) {
      super("crash after " + after, null, false, false);
    }
  }

  MigrationHarness() {
    PlanFixtures.standardSource(source);
    PlanFixtures.standardTarget(target);
    source.onWrite(c -> {
      onClusterWrite.accept(c);
      wrote(c.cluster() + " " + c.operation() + c.args());
    });
    target.onWrite(c -> {
      onClusterWrite.accept(c);
      wrote(c.cluster() + " " + c.operation() + c.args());
    });
  }

  /** Crash right after the k-th write of this run (1-based). */
  void crashAfterWrite(int k) {
    crashAfterWrite = k;
  }

  private void wrote(String what) {
    writes.add(what);
    if (writes.size() == crashAfterWrite) {
      crashes++;
      throw new SimulatedCrash(what);
    }
  }

  /**
   * One reconcile as the operator would run it now: the cleanup if the migration is being deleted, the phase machine
   * otherwise. A crash ends it; the next operator instance starts from the last written status and reconciles at once
   * (JOSDK reconciles every resource when it starts). Returns whether a crash happened.
   */
  boolean tick() {
    try {
      if (deleting) {
        cleanup();
      } else {
        reconcile();
      }
      return false;
    } catch (SimulatedCrash crash) {
      nextRun = clock.instant();
      return true;
    }
  }

  /** The finalizer's cleanup; on a cluster error it keeps the finalizer and tries again in 30 s, as the reconciler does. */
  void cleanup() {
    try {
      Cleanup.run(context());
    } catch (io.cutover.cluster.ClusterAccessException e) {
      nextRun = clock.instant().plus(PhaseMachine.MAX_BACKOFF);
      return;
    }
    gone = true;
    nextRun = null;
    wrote("control finalizer removed");
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
    return new StepContext(sam, new StatusEditor(working, clock.instant(), generation), clock, () -> source, () -> target,
        authority, probe);
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
    boolean changed = !StatusEditor.same(status, working);
    status = working;
    if (changed) {
      onStatusWrite.accept(working);
      wrote("control status " + working.getPhase());
    }
    return result;
  }

  /**
   * Reconciles (without moving the clock) while the step advances or asks to run again at once, at most {@code max}
   * times; returns the phase.
   */
  Phase runWhileAdvancing(int max) {
    for (int i = 0; i < max; i++) {
      StepResult r = reconcile();
      boolean atOnce = r instanceof StepResult.Wait && nextRun != null && !nextRun.isAfter(clock.instant());
      if (!(r instanceof StepResult.Advance) && !atOnce) {
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
