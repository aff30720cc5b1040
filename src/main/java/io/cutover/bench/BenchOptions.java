package io.cutover.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What to run: {@code migrations} identities and migrations; every migration's dual-run window is {@code window}
 * plus, spread evenly, up to {@code spread} (zero: every deadline falls at the same distance from its planning, the
 * burst case); {@code threads} is the operator's reconciliation pool; {@code timeout} bounds the wait for the last
 * migration. {@code operator} says where the operator runs; {@code operatorJvmOptions} are the JVM options of its
 * process (process mode only); {@code operatorLog} is where that process's output goes (null: the benchmark's log).
 * {@code rbacObjects} more RBAC objects, naming none of the migrated identities, are seeded on source and target
 * before the run ({@link RbacFiller}): the cost of RBAC evaluation in a larger cluster. {@code clusters} is what it
 * runs on (the sandbox, or real control planes).
 */
public record BenchOptions(int migrations, Duration window, Duration spread, int threads, Duration timeout,
    OperatorMode operator, List<String> operatorJvmOptions, Path operatorLog, int rbacObjects, ClusterMode clusters) {
  /** The shortest dual-run window the API accepts (ApiRules.WINDOW_MIN); a zero window would be no dual run. */
  public static final Duration MIN_WINDOW = Duration.ofSeconds(1);

  /**
   * The Helm chart's defaults (memory limit 512Mi, CPU limit 1, its {@code javaOpts}) on a host without a container
   * limit: the JVM sizes its heap (384 MiB) and picks its collector (Serial: one CPU) as it would in that container
   * (docs/performance.md, "The operator's process").
   */
  public static final String DEFAULT_OPERATOR_JVM_OPTIONS = "-XX:MaxRAM=512m -XX:ActiveProcessorCount=1 "
      + "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -Xss512k -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 "
      + "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2";

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
    if (operator == null) {
      throw new IllegalArgumentException("the operator mode is required");
    }
    if (rbacObjects < 0) {
      throw new IllegalArgumentException("rbac-objects must not be negative");
    }
    if (clusters == null) {
      throw new IllegalArgumentException("the clusters are required");
    }
    operatorJvmOptions = List.copyOf(operatorJvmOptions);
  }

  /** On the sandbox. */
  public BenchOptions(int migrations, Duration window, Duration spread, int threads, Duration timeout,
      OperatorMode operator, List<String> operatorJvmOptions, Path operatorLog, int rbacObjects) {
    this(migrations, window, spread, threads, timeout, operator, operatorJvmOptions, operatorLog, rbacObjects,
        ClusterMode.SANDBOX);
  }

  /** The same run on {@code clusters}. */
  public BenchOptions on(ClusterMode clusters) {
    return new BenchOptions(migrations, window, spread, threads, timeout, operator, operatorJvmOptions, operatorLog,
        rbacObjects, clusters);
  }

  /**
   * Default window spread (none), JVM options, no RBAC objects besides the identities', the sandbox; the operator's
   * output to the log.
   */
  public static BenchOptions of(int migrations, Duration window, int threads, Duration timeout, OperatorMode operator) {
    return new BenchOptions(migrations, window, Duration.ZERO, threads, timeout, operator,
        jvmOptions(DEFAULT_OPERATOR_JVM_OPTIONS), null, 0);
  }

  /** JVM options as one string, split at white space (no quoting: no option Cutover needs has a space in it). */
  public static List<String> jvmOptions(String options) {
    return Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  /** The window of migration {@code i} (0-based): deadlines spread evenly over {@code spread}. */
  public Duration windowOf(int i) {
    if (spread.isZero() || migrations == 1) {
      return window;
    }
    return window.plus(spread.multipliedBy(i).dividedBy(migrations - 1));
  }
}
