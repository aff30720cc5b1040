package io.cutover.discovery;

import io.cutover.api.v1alpha1.Ownership;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A legacy token Secret of an identity, by name, with the date kube-apiserver (1.29+) last saw its token used
 * (label {@value Ownership#LEGACY_LAST_USED_LABEL}, a UTC date, updated at most once a day; null when it never was
 * or the cluster is older). Never the token.
 */
public record LegacyToken(String secretName, String lastUsed) {

  /** The label read as a date; empty when absent or not a date. */
  public Optional<LocalDate> lastUsedDate() {
    if (lastUsed == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(lastUsed));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** A label is there but is no date: its use is unknown, which is never read as "long ago". */
  public boolean lastUsedUnreadable() {
    return lastUsed != null && lastUsedDate().isEmpty();
  }
}
