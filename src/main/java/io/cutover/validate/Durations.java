package io.cutover.validate;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes-style durations (Go's time.ParseDuration subset the CRD allows: ms, s, m, h; e.g. 1h30m, 90s, 0.5s): the
 * one parser of the dual-run window, used by the validator (bounds, exactly) and the steps.
 */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$");
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

  private Durations() {}

  public static Duration parse(String text) {
    return Duration.ofMillis(millis(text).longValue());
  }

  /** The exact length in milliseconds (fractions kept), for bounds checks that must not round. */
  public static BigDecimal millis(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    Matcher m = PART.matcher(text);
    BigDecimal millis = BigDecimal.ZERO;
    while (m.find()) {
      BigDecimal n = new BigDecimal(m.group(1));
      long unit = switch (m.group(2)) {
        case "ms" -> 1;
        case "s" -> 1_000;
        case "m" -> 60_000;
        default -> 3_600_000;
      };
      millis = millis.add(n.multiply(BigDecimal.valueOf(unit)));
    }
    return millis;
  }
}
