package io.cutover.validate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * RFC 3339 times as kube-apiserver checks the CRD's {@code format: date-time} (kube-openapi's strfmt: a date,
 * {@code T}, hours, minutes and seconds, an optional fraction, and {@code Z} or a {@code ±hh:mm} offset; either case
 * of {@code T} and {@code Z}): the one parser of {@code spec.dualRun.notAfter}, used by the validator and the steps.
 * The shape is checked first, since {@code OffsetDateTime.parse} alone would also take a time without seconds;
 * then the parse checks the ranges (month, day of month, hour). A time without an offset is refused, as
 * kube-apiserver refuses it: it would mean a different instant on every machine.
 */
public final class Times {
  private static final Pattern SHAPE = Pattern.compile(
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})$");

  private Times() {}

  public static Instant parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("not an RFC 3339 time: null");
    }
    if (!SHAPE.matcher(text).matches()) {
      throw new IllegalArgumentException("not an RFC 3339 time");
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an RFC 3339 time", e);
    }
  }
}
