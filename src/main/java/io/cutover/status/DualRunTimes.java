package io.cutover.status;

import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The dual-run window's start and deadline as instants. Status holds them as RFC 3339 strings; this is the one place
 * they are parsed (the steps, through {@code StepContext}, the reconciler's deadline order and the plugin's status).
 * A value that does not parse is absent, as a missing one: the steps never write such a value, and a hand-edited
 * status must not stop anything that orders or shows deadlines.
 */
public final class DualRunTimes {
  private DualRunTimes() {}

  public static Optional<Instant> deadline(ServiceAccountMigrationStatus status) {
    return status == null || status.getDualRun() == null ? Optional.empty() : parse(status.getDualRun().getDeadline());
  }

  public static Optional<Instant> startedAt(ServiceAccountMigrationStatus status) {
    return status == null || status.getDualRun() == null ? Optional.empty() : parse(status.getDualRun().getStartedAt());
  }

  private static Optional<Instant> parse(String time) {
    if (time == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(time));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
