package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.cluster.ClusterAccessException;
import io.cutover.status.StatusEditor;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn of the phase machine: run the step of the current phase, then apply its result to the status copy
 * (phase, error count; the conditions, Ready among them, through the context's {@code StatusAggregator}) and say when
 * to run again. The reconciler and the tests drive migrations through this one piece of code.
 */
public final class PhaseMachine {
  private static final Logger log = LoggerFactory.getLogger(PhaseMachine.class);
  public static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private PhaseMachine() {}

  /** What one turn decided: the step's result and when to run again (null: on the next event only). */
  public record Turn(Phase from, StepResult result, Duration rescheduleAfter) {}

  public static Turn turn(StepContext ctx, Clock clock) {
    Phase phase = ctx.status().getPhase() == null ? Phase.Pending : ctx.status().getPhase();
    StepResult result = run(phase, ctx);
    return new Turn(phase, result, apply(result, phase, ctx, clock));
  }

  static StepResult run(Phase phase, StepContext ctx) {
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

  private static Duration apply(StepResult result, Phase phase, StepContext ctx, Clock clock) {
    StatusEditor edit = ctx.edit();
    boolean dryRun = ctx.spec() != null && ctx.spec().isDryRun();
    var status = edit.status();
    if (result instanceof StepResult.Advance a) {
      requireTransition(phase, a.to());
      edit.enter(a.to(), a.reason(), a.message());
      status.setConsecutiveErrors(null);
      ctx.aggregator().conclude(a.to(), dryRun, a.reason(), a.message());
      return Duration.ZERO;
    }
    if (result instanceof StepResult.Wait w) {
      status.setConsecutiveErrors(null);
      ctx.aggregator().conclude(phase, dryRun, w.reason(), w.message());
      return w.until() == null ? null : Duration.between(clock.instant(), w.until());
    }
    if (result instanceof StepResult.Fail f) {
      requireTransition(phase, Phase.Failed);
      edit.enter(Phase.Failed, f.reason(), f.message());
      status.setConsecutiveErrors(null);
      ctx.aggregator().conclude(Phase.Failed, dryRun, f.reason(), f.message());
      return null;
    }
    StepResult.Retry r = (StepResult.Retry) result;
    int errors = status.getConsecutiveErrors() == null ? 1 : status.getConsecutiveErrors() + 1;
    status.setConsecutiveErrors(errors);
    ctx.aggregator().conclude(phase, dryRun, r.reason(), r.message());
    log.info("phase {}: {} (attempt {})", phase, r.message(), errors);
    return backoff(errors);
  }

  /** The transition table on {@link Phase} is the law; a step that breaks it is a bug, never a state change. */
  private static void requireTransition(Phase from, Phase to) {
    if (!from.next().contains(to)) {
      throw new IllegalStateException("illegal transition " + from + " -> " + to);
    }
  }

  /** 1 s, doubling, at most 30 s; the error count lives in status, so restarts keep the backoff. */
  public static Duration backoff(int errors) {
    long millis = MIN_BACKOFF.toMillis() << Math.min(errors - 1, 10);
    return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
  }
}
