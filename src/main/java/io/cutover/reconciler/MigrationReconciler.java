package io.cutover.reconciler;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.cluster.ClusterAccessException;
import io.cutover.cluster.ClusterConnector;
import io.cutover.phase.RollingBackStep;
import io.cutover.phase.StepContext;
import io.cutover.phase.StepResult;
import io.cutover.phase.Steps;
import io.cutover.status.Readiness;
import io.cutover.status.StatusEditor;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
  static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final ClusterConnector connector;
  private final Clock clock;

  public MigrationReconciler(ClusterConnector connector, Clock clock) {
    this.connector = connector;
    this.clock = clock;
  }

  @Override
  public UpdateControl<ServiceAccountMigration> reconcile(ServiceAccountMigration sam, Context<ServiceAccountMigration> context) {
    MDC.put("migration", sam.getMetadata().getNamespace() + "/" + sam.getMetadata().getName());
    try {
      return doReconcile(sam, context);
    } finally {
      MDC.remove("migration");
    }
  }

  private UpdateControl<ServiceAccountMigration> doReconcile(ServiceAccountMigration sam, Context<ServiceAccountMigration> context) {
    ServiceAccountMigrationStatus stored = sam.getStatus();
    ServiceAccountMigrationStatus working = StatusEditor.copyOf(stored);
    long generation = sam.getMetadata().getGeneration() == null ? 0 : sam.getMetadata().getGeneration();
    StatusEditor edit = new StatusEditor(working, clock.instant(), generation);
    Phase phase = working.getPhase() == null ? Phase.Pending : working.getPhase();
    StepContext ctx = stepContext(sam, edit);

    StepResult result = runStep(phase, ctx);
    Duration delay = apply(result, phase, sam, edit);

    if (!StatusEditor.same(stored, working)) {
      PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(sam, context, r -> {
        r.setStatus(working);
        return r;
      });
      if (working.getPhase() != phase) {
        log.info("phase {} -> {}: {}", phase, working.getPhase(), lastMessage(working));
      }
    }
    UpdateControl<ServiceAccountMigration> control = UpdateControl.noUpdate();
    if (delay != null) {
      control.rescheduleAfter(Math.max(1, delay.toMillis()));
    }
    return control;
  }

  private StepContext stepContext(ServiceAccountMigration sam, StatusEditor edit) {
    String ns = sam.getMetadata().getNamespace();
    return new StepContext(sam, edit, clock,
        () -> connector.connect(ns, sam.getSpec().getSource().getCluster()),
        () -> connector.connect(ns, sam.getSpec().getTarget() == null ? null : sam.getSpec().getTarget().getCluster()));
  }

  private StepResult runStep(Phase phase, StepContext ctx) {
    try {
      return Steps.forPhase(phase).run(ctx);
    } catch (ClusterAccessException e) {
      if (!e.retryable() && (phase == Phase.Pending || phase == Phase.Planning)) {
        return new StepResult.Fail(e.reason(), e.getMessage());
      }
      return new StepResult.Retry(e.reason(), e.getMessage());
    } catch (RuntimeException e) {
      // Never copy an arbitrary exception's message into status: it may quote a request. Log the type and where.
      log.warn("step {} failed with {} at {}", phase, e.getClass().getName(),
          e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
      return new StepResult.Retry(Conditions.Reason.RECONCILE_ERROR,
          "unexpected " + e.getClass().getSimpleName() + " in phase " + phase + "; retrying");
    }
  }

  /** Applies the result to status (phase, Ready) and says when to run again (null: on the next event). */
  private Duration apply(StepResult result, Phase phase, ServiceAccountMigration sam, StatusEditor edit) {
    boolean dryRun = sam.getSpec().isDryRun();
    var status = edit.status();
    if (result instanceof StepResult.Advance a) {
      requireTransition(phase, a.to());
      edit.enter(a.to(), a.reason(), a.message());
      status.setConsecutiveErrors(null);
      Readiness.apply(edit, a.to(), dryRun, a.reason(), a.message());
      return Duration.ZERO;
    }
    if (result instanceof StepResult.Wait w) {
      status.setConsecutiveErrors(null);
      Readiness.apply(edit, phase, dryRun, w.reason(), w.message());
      return w.until() == null ? null : Duration.between(clock.instant(), w.until());
    }
    if (result instanceof StepResult.Fail f) {
      requireTransition(phase, Phase.Failed);
      edit.enter(Phase.Failed, f.reason(), f.message());
      status.setConsecutiveErrors(null);
      Readiness.apply(edit, Phase.Failed, dryRun, f.reason(), f.message());
      return null;
    }
    StepResult.Retry r = (StepResult.Retry) result;
    int errors = status.getConsecutiveErrors() == null ? 1 : status.getConsecutiveErrors() + 1;
    status.setConsecutiveErrors(errors);
    Readiness.apply(edit, phase, dryRun, r.reason(), r.message());
    log.info("phase {}: {} (attempt {})", phase, r.message(), errors);
    return backoff(errors);
  }

  /** The transition table on {@link Phase} is the law; a step that breaks it is a bug, never a state change. */
  private static void requireTransition(Phase from, Phase to) {
    if (!from.next().contains(to)) {
      throw new IllegalStateException("illegal transition " + from + " -> " + to);
    }
  }

  static Duration backoff(int errors) {
    long millis = MIN_BACKOFF.toMillis() << Math.min(errors - 1, 10);
    return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
  }

  private static String lastMessage(ServiceAccountMigrationStatus s) {
    return s.getHistory().isEmpty() ? "" : s.getHistory().get(s.getHistory().size() - 1).message();
  }

  /**
   * Deleting the migration before cutover rolls back what it created on the target; during cutover the revocation
   * is finished first (its intent is recorded, and a half-done revocation is the one outcome never to leave); after
   * cutover it changes nothing (only this migration's own canary Secret is removed).
   */
  @Override
  public DeleteControl cleanup(ServiceAccountMigration sam, Context<ServiceAccountMigration> context) {
    Phase phase = sam.getStatus() == null || sam.getStatus().getPhase() == null ? Phase.Pending : sam.getStatus().getPhase();
    StatusEditor edit = new StatusEditor(StatusEditor.copyOf(sam.getStatus()), clock.instant(), 0);
    StepContext ctx = stepContext(sam, edit);
    try {
      if (phase == Phase.Provisioning || phase == Phase.DualRun || phase == Phase.RollingBack) {
        int removed = RollingBackStep.removeOwned(ctx);
        log.info("deleted before cutover in phase {}: removed {} object(s) this migration created", phase, removed);
      } else if (phase == Phase.CuttingOver) {
        // The intent is recorded: finish the revocation rather than leave it half done.
        Steps.forPhase(Phase.CuttingOver).run(ctx);
        RollingBackStep.removeCanary(ctx);
        log.info("deleted during cutover: revocation finished before the finalizer is released");
      } else if (phase == Phase.Verifying) {
        RollingBackStep.removeCanary(ctx);
      }
      return DeleteControl.defaultDelete();
    } catch (ClusterAccessException e) {
      log.warn("cleanup in phase {} failed: {}; retrying", phase, e.getMessage());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(MAX_BACKOFF.toMillis());
    } catch (RuntimeException e) {
      log.warn("cleanup in phase {} failed with {}; retrying", phase, e.getClass().getName());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(MAX_BACKOFF.toMillis());
    }
  }

  Instant now() {
    return clock.instant();
  }
}
