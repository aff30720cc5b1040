package io.cutover.bench;

import java.util.Collection;

/** Nearest-rank percentiles of a sample (the value at rank ceil(p/100 * n)). */
public record Percentiles(int count, long p50, long p95, long p99, long max) {
  public static Percentiles of(Collection<Long> values) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      return new Percentiles(0, 0, 0, 0, 0);
    }
    return new Percentiles(sorted.length, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99),
        sorted[sorted.length - 1]);
  }

  static long rank(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  @Override
  public String toString() {
    return "p50 " + p50 + " p95 " + p95 + " p99 " + p99 + " max " + max + " (n=" + count + ")";
  }
}
