package io.cutover.bench;

import java.time.Duration;

/**
 * What to run: {@code migrations} identities and migrations; every migration's dual-run window is {@code window}
 * plus, spread evenly, up to {@code spread} (zero: every deadline falls at the same distance from its planning, the
 * burst case); {@code threads} is the operator's reconciliation pool; {@code timeout} bounds the wait for the last
 * migration.
 */
public record BenchOptions(int migrations, Duration window, Duration spread, int threads, Duration timeout) {
  /** The shortest dual-run window the API accepts (ApiRules.WINDOW_MIN); a zero window would be no dual run. */
  public static final Duration MIN_WINDOW = Duration.ofSeconds(1);

  public BenchOptions {
    if (migrations < 1) {
      throw new IllegalArgumentException("migrations must be at least 1");
    }
    if (window.compareTo(MIN_WINDOW) < 0 || spread.isNegative()) {
      throw new IllegalArgumentException("the window must be at least " + MIN_WINDOW.toSeconds()
          + "s (the API's minimum) and the spread not negative");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
  }

  /** The window of migration {@code i} (0-based): deadlines spread evenly over {@code spread}. */
  public Duration windowOf(int i) {
    if (spread.isZero() || migrations == 1) {
      return window;
    }
    return window.plus(spread.multipliedBy(i).dividedBy(migrations - 1));
  }
}
