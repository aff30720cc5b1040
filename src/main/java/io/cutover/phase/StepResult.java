package io.cutover.phase;

import io.cutover.api.v1alpha1.Phase;
import java.time.Instant;

/** What a phase step decided. The reconciler turns it into a status write and a reschedule. */
public sealed interface StepResult {
  /** Go to {@code to}; the next step runs right after the status is written. */
  record Advance(Phase to, String reason, String message) implements StepResult {}

  /** Stay; run again at {@code until} (null: only on the next event or the maximum interval). */
  record Wait(Instant until, String reason, String message) implements StepResult {}

  /** Stop in {@link Phase#Failed}: nothing was revoked, and trying again will not help. */
  record Fail(String reason, String message) implements StepResult {}

  /** A transient error: stay in the phase and try again after a backoff. */
  record Retry(String reason, String message) implements StepResult {}
}
