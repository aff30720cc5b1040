package io.cutover.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * What one benchmark run measured. Requests are the operator's only (the benchmark's own seeding, applying and
 * watching are told apart by their User-Agent and left out); per migration means divided by the number of migrations.
 * Memory and startup are of the one JVM that runs sandbox and operator (see docs/performance.md).
 */
public record BenchReport(
    String date,
    Machine machine,
    Settings settings,
    Outcome outcome,
    Percentiles latenessMillis,
    Map<String, Map<String, Double>> requestsPerMigration,
    Map<String, Map<String, Double>> floorPerMigration,
    Map<String, Double> ratioToFloor,
    Map<String, Map<String, Long>> requestsByResource,
    Memory memory,
    Startup startup,
    Sandbox sandbox) {

  /** {@code loadAverage}: /proc/loadavg's 1-minute figure at the start and the end of the run (other work shares it). */
  public record Machine(int cpus, String os, String java, long maxHeapMiB, String loadAverage) {}

  /** {@code accessChecks}: SubjectAccessReviews per proof of the target, as the migrations' plans list them. */
  public record Settings(int migrations, String window, String spread, int threads, String operator,
      int accessChecks) {}

  /**
   * Counts by final phase (unfinished: not terminal when the wait ended); wall time from the first migration applied
   * to the last one observed in a final phase.
   */
  public record Outcome(int completed, int failed, int rolledBack, int unfinished, double seedSeconds,
      double wallSeconds, double migrationsPerSecond, double processCpuSeconds) {}

  /**
   * Peak heap in use (sampled) and peak resident set (VmHWM) of the whole JVM; heap the operator kept reachable at
   * the end (heap after GC with the operator running minus after it stopped); heap after GC with the sandbox seeded,
   * before the operator started.
   */
  public record Memory(double peakHeapMiB, double peakRssMiB, double rssAtEndMiB, double operatorHeapMiB,
      double heapBeforeOperatorMiB) {}

  /** JVM start to operator ready (informers synced), and the operator's own start (from its start call). */
  public record Startup(long jvmStartToReadyMillis, long operatorStartMillis) {}

  /** The sandbox's measured capacity: sequential GETs per second on the source after seeding. */
  public record Sandbox(double sourceGetsPerSecond, long sourceObjects) {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static BenchReport fromJson(String json) {
    try {
      return JSON.readValue(json, BenchReport.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A short human-readable table. */
  public String table() {
    StringBuilder b = new StringBuilder();
    Outcome o = outcome;
    b.append(String.format("Cutover benchmark, %s: %d migrations, window %s, spread %s, %d threads, operator %s%n",
        date, settings.migrations(), settings.window(), settings.spread(), settings.threads(), settings.operator()));
    b.append(String.format("  machine             %d cpus, %s, Java %s, max heap %d MiB, load %s%n", machine.cpus(),
        machine.os(), machine.java(), machine.maxHeapMiB(), machine.loadAverage()));
    b.append(String.format("  outcome             %d completed, %d failed, %d rolled back, %d unfinished%n",
        o.completed(), o.failed(), o.rolledBack(), o.unfinished()));
    b.append(String.format("  wall time           %.2f s (seeding %.2f s before it), %.1f migrations/s, CPU %.1f s%n",
        o.wallSeconds(), o.seedSeconds(), o.migrationsPerSecond(), o.processCpuSeconds()));
    b.append(String.format("  cutover lateness    p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (n=%d)%n",
        latenessMillis.p50(), latenessMillis.p95(), latenessMillis.p99(), latenessMillis.max(), latenessMillis.count()));
    b.append(String.format("  memory              peak heap %.0f MiB, peak RSS %.0f MiB (whole JVM), operator heap %.0f MiB%n",
        memory.peakHeapMiB(), memory.peakRssMiB(), memory.operatorHeapMiB()));
    b.append(String.format("  startup             operator ready %d ms after its start, %d ms after JVM start%n",
        startup.operatorStartMillis(), startup.jvmStartToReadyMillis()));
    b.append(String.format("  sandbox             %.0f GETs/s on the source with %d objects stored%n",
        sandbox.sourceGetsPerSecond(), sandbox.sourceObjects()));
    b.append("  requests/migration  cluster  verb               measured    floor%n".formatted());
    for (String cluster : List.of("control", "source", "target")) {
      Map<String, Double> measured = requestsPerMigration.getOrDefault(cluster, Map.of());
      Map<String, Double> floor = floorPerMigration.getOrDefault(cluster, Map.of());
      java.util.TreeSet<String> verbs = new java.util.TreeSet<>(measured.keySet());
      verbs.addAll(floor.keySet());
      verbs.remove("total");
      for (String verb : verbs) {
        b.append(String.format("                      %-8s %-16s %8.2f %8.2f%n", cluster, verb,
            measured.getOrDefault(verb, 0.0), floor.getOrDefault(verb, 0.0)));
      }
      b.append(String.format("                      %-8s %-16s %8.2f %8.2f  (%.2f x floor)%n", cluster, "total",
          measured.getOrDefault("total", 0.0), floor.getOrDefault("total", 0.0), ratioToFloor.getOrDefault(cluster, 0.0)));
    }
    b.append(String.format("                      all clusters: %.2f x floor%n", ratioToFloor.getOrDefault("all", 0.0)));
    return b.toString();
  }
}
