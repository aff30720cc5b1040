package io.cutover.cli;

import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.status.DualRunTimes;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The cutover's timing told for people, from what status holds ({@code dualRun.deadline}, {@code cutover.intentAt},
 * {@code cutover.completedAt}, {@code cutover.latenessMillis}): how late the revocation finished against the deadline,
 * split in two — deadline to intent (the operator wakes at the deadline and re-checks the target first) and intent
 * to completion (the revocation requests) — and why neither is zero.
 */
final class CutoverLateness {
  private CutoverLateness() {}

  /** The explanation, or empty while the revocation has not finished (or a time in status does not parse). */
  static Optional<String> explain(ServiceAccountMigrationStatus s) {
    if (s == null || s.getCutover() == null) {
      return Optional.empty();
    }
    var c = s.getCutover();
    Optional<Instant> deadline = DualRunTimes.deadline(s);
    Optional<Instant> intent = parse(c.getIntentAt());
    Optional<Instant> completed = parse(c.getCompletedAt());
    if (deadline.isEmpty() || intent.isEmpty() || completed.isEmpty()) {
      return Optional.empty();
    }
    long toIntent = Duration.between(deadline.get(), intent.get()).toMillis();
    long toEnd = Duration.between(intent.get(), completed.get()).toMillis();
    long lateness = c.getLatenessMillis() != null ? c.getLatenessMillis() : toIntent + toEnd;
    String requests = toEnd + " ms from the intent to the end (the intent written to status, then the revocation"
        + " requests to the source, sent together)";
    if ("Approved".equals(c.getTrigger()) && lateness < 0) {
      return Optional.of("approved before the deadline " + s.getDualRun().getDeadline() + ": revocation finished "
          + -lateness + " ms before it: intent recorded " + -toIntent + " ms before the deadline (once the target proved again"
          + " after the approval), then " + requests + ".");
    }
    return Optional.of("deadline " + s.getDualRun().getDeadline() + "; revocation finished " + relative(lateness)
        + " it: " + toIntent + " ms from the deadline to the intent (the operator wakes at the deadline, then re-checks the"
        + " target: its token's TokenReview, access reviews if its RBAC changed) + " + requests + ". Both run from the deadline, never before it:"
        + " the old identity keeps its whole window, and the target is proven at the moment it takes over.");
  }

  private static String relative(long millis) {
    return millis >= 0 ? millis + " ms after" : -millis + " ms before";
  }

  private static Optional<Instant> parse(String time) {
    try {
      return time == null ? Optional.empty() : Optional.of(Instant.parse(time));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
