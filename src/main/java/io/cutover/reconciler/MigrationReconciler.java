package io.cutover.reconciler;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.cluster.ClusterAccessException;
import io.cutover.cluster.ClusterConnector;
import io.cutover.phase.Cleanup;
import io.cutover.phase.CutoverLead;
import io.cutover.phase.PhaseMachine;
import io.cutover.phase.StepContext;
import io.cutover.policy.Authority;
import io.cutover.status.StatusEditor;
import io.cutover.trust.HttpRelyingPartyProbe;
import io.cutover.trust.RelyingPartyProbe;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Coordinates only: runs the step of the migration's phase, writes the status once (only when it changed, with
 * optimistic locking, and caches it so the next reconcile sees it), and reschedules — right away after a phase
 * change, at the step's own deadline when it waits, after a backoff on transient errors. A migration in a timed
 * phase therefore always carries its own reschedule; the maximum interval is only a safety net.
 */
@ControllerConfiguration(name = MigrationReconciler.NAME,
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
public class MigrationReconciler implements Reconciler<ServiceAccountMigration>, Cleaner<ServiceAccountMigration> {
  public static final String NAME = "serviceaccountmigration";
  private static final Logger log = LoggerFactory.getLogger(MigrationReconciler.class);

  private final ClusterConnector connector;
  private final Clock clock;
  private final Authority authority;
  private final MigrationObserver observer;
  private final RelyingPartyProbe probe;
  private final CutoverLead.Deadlines deadlines;
  /**
   * Where a step's independent cluster calls run side by side (the revocation's writes, {@code StepContext#all}):
   * daemon threads, one per call in flight up to {@value #CALLS_IN_FLIGHT} (beyond that the reconciling thread runs
   * the call itself); an idle thread ends after 30 s.
   */
  private final ExecutorService calls = new ThreadPoolExecutor(0, CALLS_IN_FLIGHT, 30, TimeUnit.SECONDS,
      new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "cutover-cluster-call");
        t.setDaemon(true);
        return t;
      }, new ThreadPoolExecutor.CallerRunsPolicy());
  private static final int CALLS_IN_FLIGHT = 64;

  /** {@code observer} hears of every turn (metrics, Events); relying parties are probed over HTTP. */
  public MigrationReconciler(ClusterConnector connector, Clock clock, Authority authority, MigrationObserver observer) {
    this(connector, clock, authority, observer, new HttpRelyingPartyProbe());
  }

  public MigrationReconciler(ClusterConnector connector, Clock clock, Authority authority, MigrationObserver observer,
      RelyingPartyProbe probe) {
    this(connector, clock, authority, observer, probe, CutoverLead.Deadlines.alone());
  }

  /** {@code deadlines}: the migrations due around each deadline, from which the cutover's lead grows (CutoverLead). */
  public MigrationReconciler(ClusterConnector connector, Clock clock, Authority authority, MigrationObserver observer,
      RelyingPartyProbe probe, CutoverLead.Deadlines deadlines) {
    this.connector = connector;
    this.clock = clock;
    this.authority = authority;
    this.observer = observer;
    this.probe = probe;
    this.deadlines = deadlines;
  }

  @Override
  public UpdateControl<ServiceAccountMigration> reconcile(ServiceAccountMigration sam, Context<ServiceAccountMigration> context) {
    MDC.put("migration", sam.getMetadata().getNamespace() + "/" + sam.getMetadata().getName());
    try {
      if (unreadableStatus(sam)) {
        return UpdateControl.noUpdate();
      }
      return doReconcile(sam, context);
    } finally {
      MDC.remove("migration");
    }
  }

  private UpdateControl<ServiceAccountMigration> doReconcile(ServiceAccountMigration sam, Context<ServiceAccountMigration> context) {
    Turned turned = turnOnce(sam, context);
    if (turned.revokeNow() != null) {
      // The intent to revoke is stored: the revocation runs now, in this reconcile, not after a round trip through
      // JOSDK's scheduler (design entry 160). A failure of its writes is the CuttingOver step's, as before.
      turned = turnOnce(turned.revokeNow(), context);
    }
    PhaseMachine.Turn turn = turned.turn();
    UpdateControl<ServiceAccountMigration> control = UpdateControl.noUpdate();
    if (turn.rescheduleAfter() != null) {
      control.rescheduleAfter(Math.max(1, turn.rescheduleAfter().toMillis()));
    }
    return control;
  }

  /**
   * One turn and its status write; {@code revokeNow}: the migration as stored when the turn stored the step from
   * DualRun to CuttingOver, else null.
   */
  private record Turned(PhaseMachine.Turn turn, ServiceAccountMigration revokeNow) {}

  private Turned turnOnce(ServiceAccountMigration sam, Context<ServiceAccountMigration> context) {
    ServiceAccountMigrationStatus stored = sam.getStatus();
    ServiceAccountMigrationStatus working = StatusEditor.copyOf(stored);
    long generation = sam.getMetadata().getGeneration() == null ? 0 : sam.getMetadata().getGeneration();
    StepContext ctx = stepContext(sam, new StatusEditor(working, clock.instant(), generation));

    PhaseMachine.Turn turn = PhaseMachine.turn(ctx, clock);

    ServiceAccountMigration written = null;
    if (!StatusEditor.same(stored, working)) {
      written = PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(sam, context, r -> {
        r.setStatus(working);
        return r;
      });
      if (working.getPhase() != turn.from()) {
        log.info("phase {} -> {}: {}", turn.from(), working.getPhase(), lastMessage(working));
      }
    }
    observer.turned(sam, stored, working, turn);
    boolean revokeNow = written != null && turn.from() == Phase.DualRun && working.getPhase() == Phase.CuttingOver;
    return new Turned(turn, revokeNow ? written : null);
  }

  /**
   * An exception escaped {@link #reconcile} (the phase machine catches every step error, so this is the status write
   * itself: a conflict, or the control cluster failing). JOSDK's retry handles it (0.5 s doubling to 10 s) until the
   * last attempt; then, instead of leaving the migration to the maximum reconciliation interval, it is rescheduled
   * after {@link PhaseMachine#MAX_BACKOFF} and a fresh retry cycle starts. So no migration ever waits longer than
   * 30 s between attempts, whatever fails and for however long.
   */
  @Override
  public ErrorStatusUpdateControl<ServiceAccountMigration> updateErrorStatus(ServiceAccountMigration sam,
      Context<ServiceAccountMigration> context, Exception e) {
    return afterEscapedError(context.getRetryInfo().orElse(null), e);
  }

  static ErrorStatusUpdateControl<ServiceAccountMigration> afterEscapedError(RetryInfo retry, Exception e) {
    if (retry == null || retry.isLastAttempt()) {
      // The message of a client exception may quote the request; log the type only.
      log.warn("reconcile failed with {} and JOSDK's retries are exhausted; rescheduling in {}", e.getClass().getName(),
          PhaseMachine.MAX_BACKOFF);
      return ErrorStatusUpdateControl.<ServiceAccountMigration>noStatusUpdate().withNoRetry()
          .rescheduleAfter(PhaseMachine.MAX_BACKOFF);
    }
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  private StepContext stepContext(ServiceAccountMigration sam, StatusEditor edit) {
    String ns = sam.getMetadata().getNamespace();
    return new StepContext(sam, edit, clock,
        () -> connector.connect(ns, sam.getSpec().getSource().getCluster(), "source"),
        () -> connector.connect(ns, sam.getSpec().getTarget() == null ? null : sam.getSpec().getTarget().getCluster(), "target"),
        authority, probe).withExecutor(calls).withDeadlines(deadlines);
  }

  private static String lastMessage(ServiceAccountMigrationStatus s) {
    return s.getHistory().isEmpty() ? "" : s.getHistory().get(s.getHistory().size() - 1).message();
  }

  /**
   * Deleting the migration runs {@link Cleanup}: before cutover it rolls back what it created on the target; during
   * cutover the revocation is finished first; after cutover it changes nothing of the identity (only this migration's
   * own canary and proof Secrets are removed). A cluster error keeps the finalizer and tries again in 30 s.
   */
  @Override
  public DeleteControl cleanup(ServiceAccountMigration sam, Context<ServiceAccountMigration> context) {
    MDC.put("migration", sam.getMetadata().getNamespace() + "/" + sam.getMetadata().getName());
    try {
      if (unreadableStatus(sam)) {
        // The phase is not known: releasing the finalizer could leave a target identity beside the source for good.
        return DeleteControl.noFinalizerRemoval();
      }
      return doCleanup(sam);
    } finally {
      MDC.remove("migration");
    }
  }

  /**
   * A status the operator cannot read (fields of the wrong type or unknown values, from a CRD of another version or
   * an API server without schema) is its own record damaged: acting on a guess could repeat or skip a revocation, so
   * the migration is left as it is, no status is written over it, and the log names the fields. Other migrations go on.
   */
  private static boolean unreadableStatus(ServiceAccountMigration sam) {
    if (sam.getStatus() == null || sam.getStatus().getUnreadable().isEmpty()) {
      return false;
    }
    log.warn("status cannot be read ({}); the migration is left as it is until its status is repaired",
        sam.getStatus().getUnreadable());
    return true;
  }

  private DeleteControl doCleanup(ServiceAccountMigration sam) {
    Phase phase = sam.getStatus() == null || sam.getStatus().getPhase() == null ? Phase.Pending : sam.getStatus().getPhase();
    StatusEditor edit = new StatusEditor(StatusEditor.copyOf(sam.getStatus()), clock.instant(), 0);
    StepContext ctx = stepContext(sam, edit);
    try {
      Cleanup.run(ctx);
      observer.released(sam);
      return DeleteControl.defaultDelete();
    } catch (ClusterAccessException e) {
      log.warn("cleanup in phase {} failed: {}; retrying", phase, e.getMessage());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(PhaseMachine.MAX_BACKOFF.toMillis());
    } catch (RuntimeException e) {
      log.warn("cleanup in phase {} failed with {}; retrying", phase, e.getClass().getName());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(PhaseMachine.MAX_BACKOFF.toMillis());
    }
  }
}
