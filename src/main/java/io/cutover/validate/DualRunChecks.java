package io.cutover.validate;

import static io.cutover.validate.FieldChecks.show;
import static io.cutover.validate.FieldChecks.tooLong;

import io.cutover.api.v1alpha1.ApiRules;
import io.cutover.api.v1alpha1.DualRunSpec;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/** {@code spec.dualRun.window}: a duration ({@link Durations}, the one parser) within the schema's bounds. */
final class DualRunChecks {
  private static final Pattern WINDOW = Pattern.compile(ApiRules.WINDOW);
  private static final BigDecimal WINDOW_MIN_MS = BigDecimal.valueOf(1_000);
  private static final BigDecimal WINDOW_MAX_MS = BigDecimal.valueOf(168L * 3_600_000);

  private DualRunChecks() {}

  static void check(List<Violation> out, DualRunSpec dualRun) {
    String window = dualRun == null ? null : dualRun.getWindow();
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
