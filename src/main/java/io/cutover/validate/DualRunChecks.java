package io.cutover.validate;

import static io.cutover.validate.FieldChecks.show;
import static io.cutover.validate.FieldChecks.tooLong;

import io.cutover.api.v1alpha1.ApiRules;
import io.cutover.api.v1alpha1.DualRunSpec;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code spec.dualRun.window}: a duration ({@link Durations}, the one parser) within the schema's bounds;
 * {@code spec.dualRun.notAfter}: an RFC 3339 time ({@link Times}, the one parser), if set.
 */
final class DualRunChecks {
  private static final Pattern WINDOW = Pattern.compile(ApiRules.WINDOW);
  private static final BigDecimal WINDOW_MIN_MS = BigDecimal.valueOf(1_000);
  private static final BigDecimal WINDOW_MAX_MS = BigDecimal.valueOf(168L * 3_600_000);

  private DualRunChecks() {}

  static void check(List<Violation> out, DualRunSpec dualRun) {
    checkWindow(out, dualRun == null ? null : dualRun.getWindow());
    checkNotAfter(out, dualRun == null ? null : dualRun.getNotAfter());
  }

  private static void checkNotAfter(List<Violation> out, String notAfter) {
    if (notAfter == null) {
      return; // optional: the window alone sets the deadline
    }
    String path = "spec.dualRun.notAfter";
    if (notAfter.length() > ApiRules.NOT_AFTER_MAX_LENGTH) {
      out.add(new Violation(path, tooLong(notAfter, ApiRules.NOT_AFTER_MAX_LENGTH)));
      return;
    }
    try {
      Times.parse(notAfter);
    } catch (IllegalArgumentException e) {
      out.add(new Violation(path, show(notAfter) + " is not an RFC 3339 time with an offset, such as"
          + " 2026-12-03T18:00:00Z or 2026-12-03T19:00:00+01:00"));
    }
  }

  private static void checkWindow(List<Violation> out, String window) {
    if (window == null) {
      return; // the default window
    }
    String path = "spec.dualRun.window";
    if (window.length() > ApiRules.WINDOW_MAX_LENGTH) {
      out.add(new Violation(path, tooLong(window, ApiRules.WINDOW_MAX_LENGTH)));
      return;
    }
    if (!WINDOW.matcher(window).matches()) {
      out.add(new Violation(path, show(window) + " is not a duration such as 90s, 15m or 1h30m"));
      return;
    }
    BigDecimal millis = Durations.millis(window);
    if (millis.compareTo(WINDOW_MIN_MS) < 0) {
      out.add(new Violation(path, show(window) + " is shorter than " + ApiRules.WINDOW_MIN));
    } else if (millis.compareTo(WINDOW_MAX_MS) > 0) {
      out.add(new Violation(path, show(window) + " is longer than " + ApiRules.WINDOW_MAX));
    }
  }
}
