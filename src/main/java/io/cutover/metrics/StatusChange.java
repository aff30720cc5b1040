package io.cutover.metrics;

import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.Phase;
import java.time.Duration;
import java.time.Instant;

/** One thing a turn did, read from the stored status before and after it ({@link StatusChanges}). */
public sealed interface StatusChange {
  /** The migration left {@code from} after {@code inPhase} (null when the entry time is unknown). */
  record PhaseChanged(Phase from, Phase to, String reason, String message, Duration inPhase) implements StatusChange {}

  /** A token was issued into the delivery Secret; {@code renewal} when one had been issued before. */
  record TokenIssued(boolean renewal, String secretName, Instant expiresAt) implements StatusChange {}

  /** One object newly recorded as revoked on the source. */
  record Revoked(ObjectRef object) implements StatusChange {}

  /** The revocation finished {@code latenessSeconds} after the deadline (negative: before it). */
  record CutoverFinished(double latenessSeconds, String trigger, int revoked) implements StatusChange {}

  /** A proof ran in this turn and this check failed. */
  record VerificationFailed(String check, String message) implements StatusChange {}

  /** The step hit a transient error and will be retried after a backoff. */
  record StepError(Phase phase, String reason, String message) implements StatusChange {}
}
