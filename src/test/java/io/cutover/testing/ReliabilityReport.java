package io.cutover.testing;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters the reliability tests add to as they run (crash points exercised, faults injected, random sequences,
 * malformed inputs, invariant checks, violations). {@link ReliabilitySummaryListener} prints them once the whole test
 * run is over, so the numbers in a closing note are the ones the run really produced.
 */
public final class ReliabilityReport {
  public enum Counter {
    CRASH_POINTS("crash points exercised"),
    FAULT_INJECTIONS("API faults injected"),
    SEQUENCES("random action sequences"),
    MALFORMED_INPUTS("malformed or hostile inputs"),
    INVARIANT_CHECKS("invariant checks"),
    VIOLATIONS("invariant violations");

    final String label;

    Counter(String label) {
      this.label = label;
    }
  }

  private static final Map<Counter, AtomicLong> COUNTS = new EnumMap<>(Counter.class);

  static {
    for (Counter c : Counter.values()) {
      COUNTS.put(c, new AtomicLong());
    }
  }

  private ReliabilityReport() {}

  public static void add(Counter counter, long n) {
    COUNTS.get(counter).addAndGet(n);
  }

  public static void increment(Counter counter) {
    add(counter, 1);
  }

  public static long get(Counter counter) {
    return COUNTS.get(counter).get();
  }

  /** The summary as printed; empty when no reliability test ran in this JVM. */
  public static String summary() {
    if (COUNTS.values().stream().allMatch(c -> c.get() == 0)) {
      return "";
    }
    StringBuilder out = new StringBuilder("Reliability summary\n");
    for (Counter c : Counter.values()) {
      out.append(String.format("  %-28s %d%n", c.label, COUNTS.get(c).get()));
    }
    return out.toString();
  }
}
