package io.cutover.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * What one benchmark run measured. Requests are the operator's only (the benchmark's own seeding, applying and
 * watching are told apart by their User-Agent and left out); per migration means divided by the number of migrations.
 * {@link #operator()} is the operator's own memory, CPU and start-up — measured from outside its process in process
 * mode, estimated in in-process mode — and {@link #benchJvm()} the benchmark's JVM (the sandbox, the benchmark's
 * clients and, in-process, the operator). {@link #burst()} is burst mode's ({@code --burst}), null without it. This
 * record is the one place the table and the JSON come from.
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
    OperatorFigures operator,
    BenchJvm benchJvm,
    Sandbox sandbox,
    BurstReport burst) {

  /**
   * {@code loadAverage}: /proc/loadavg's 1-minute figure at the start and the end of the run (other work shares it);
   * {@code benchMaxHeapMiB}: the benchmark JVM's maximum heap.
   */
  public record Machine(int cpus, String os, String java, long benchMaxHeapMiB, String loadAverage) {}

  /**
   * {@code operator}: the mode ({@link OperatorMode#label()}); {@code operatorJvmOptions}: the operator process's JVM
   * options, or in-process the benchmark JVM's own; {@code accessChecks}: SubjectAccessReviews per proof of the
   * target, as the migrations' plans list them; {@code rbacObjects}: the RBAC objects seeded on each of source and
   * target besides the identities' ({@code --rbac-objects}); {@code clusters}: {@link ClusterMode#label()};
   * {@code clusterVersions}: on real clusters the binaries' versions, else null.
   */
  public record Settings(int migrations, String window, String spread, int threads, String operator,
      String operatorJvmOptions, int accessChecks, int rbacObjects, String clusters, String clusterVersions) {}

  /**
   * Counts by final phase (unfinished: not terminal when the wait ended); wall time from the first migration applied
   * to the last one observed in a final phase.
   */
  public record Outcome(int completed, int failed, int rolledBack, int unfinished, double seedSeconds,
      double wallSeconds, double migrationsPerSecond) {}

  /**
   * The operator's own figures. Process mode: {@code pid}; {@code startToReadyMillis} from the process's start to
   * its "Metrics at" line (printed once its informers have synced); {@code peakHeapMiB} the highest heap in use of
   * {@code heapSamples} samples of its {@code /metrics} ({@code jvm_memory_used_bytes{area="heap"}} summed over the
   * pools); {@code peakRssMiB} its VmHWM and {@code rssAtEndMiB} its VmRSS, read after the last migration was final
   * and before it was stopped; {@code cpuSeconds} its CPU time then (start-up included); {@code retainedHeapMiB}
   * null. In-process mode: {@code startToReadyMillis} is the start call, {@code retainedHeapMiB} the heap the
   * operator kept reachable (heap after GC with the operator running and all migrations final, minus the same after
   * it stopped); heap, RSS and CPU are the benchmark JVM's ({@link BenchJvm}) and null here.
   */
  public record OperatorFigures(String mode, Long pid, long startToReadyMillis, Double peakHeapMiB, int heapSamples,
      Double peakRssMiB, Double rssAtEndMiB, Double cpuSeconds, Double retainedHeapMiB) {}

  /**
   * The benchmark's JVM (sandbox and benchmark; in-process, the operator too): peak heap in use (sampled every
   * 20 ms), peak and final resident set (VmHWM, VmRSS), heap after GC with the sandbox seeded before the operator
   * started, CPU seconds from the operator's start to the end, and its own start to the operator ready (sandbox
   * start and seeding included).
   */
  public record BenchJvm(double peakHeapMiB, double peakRssMiB, double rssAtEndMiB, double heapBeforeOperatorMiB,
      double cpuSeconds, long startToOperatorReadyMillis) {}

  /**
   * The source cluster's measured capacity (the sandbox's, or the real kube-apiserver's): sequential GETs per second
   * of seeded ServiceAccounts by the benchmark's client, after seeding.
   */
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
    OperatorFigures op = operator;
    b.append(String.format("Cutover benchmark, %s: %d migrations, window %s, spread %s, %d threads, operator %s,"
        + " clusters %s%s%n", date, settings.migrations(), settings.window(), settings.spread(), settings.threads(),
        settings.operator(), settings.clusters(),
        settings.rbacObjects() == 0 ? "" : ", " + settings.rbacObjects() + " more RBAC objects"));
    boolean real = ClusterMode.REAL.label().equals(settings.clusters());
    if (real) {
      b.append(String.format("  real clusters       %s (requests counted in their audit logs)%n",
          settings.clusterVersions()));
    }
    b.append(String.format("  machine             %d cpus, %s, Java %s, load %s%n", machine.cpus(),
        machine.os(), machine.java(), machine.loadAverage()));
    b.append(String.format("  outcome             %d completed, %d failed, %d rolled back, %d unfinished%n",
        o.completed(), o.failed(), o.rolledBack(), o.unfinished()));
    b.append(String.format("  wall time           %.2f s (seeding %.2f s before it), %.1f migrations/s%n",
        o.wallSeconds(), o.seedSeconds(), o.migrationsPerSecond()));
    b.append(String.format("  cutover lateness    p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (n=%d)%n",
        latenessMillis.p50(), latenessMillis.p95(), latenessMillis.p99(), latenessMillis.max(), latenessMillis.count()));
    b.append(String.format("  operator            %s, JVM options: %s%n", op.mode(),
        settings.operatorJvmOptions().isBlank() ? "(none)" : settings.operatorJvmOptions()));
    if (op.retainedHeapMiB() == null) {
      b.append(String.format("  operator memory     peak heap %s MiB (%d samples of /metrics), peak RSS %s MiB (VmHWM),"
          + " RSS at end %s MiB%n", mib(op.peakHeapMiB()), op.heapSamples(), mib(op.peakRssMiB()), mib(op.rssAtEndMiB())));
      b.append(String.format("  operator CPU        %s s (its process, start-up included)%n", op.cpuSeconds() == null ? "n/a" : String.format("%.1f", op.cpuSeconds())));
      b.append(String.format("  operator startup    ready %d ms after its process started%n", op.startToReadyMillis()));
    } else {
      b.append(String.format("  operator memory     retained heap %s MiB (estimate; heap, RSS and CPU are the bench JVM's)%n",
          mib(op.retainedHeapMiB())));
      b.append(String.format("  operator startup    ready %d ms after its start call%n", op.startToReadyMillis()));
    }
    BenchJvm jvm = benchJvm;
    b.append(String.format("  bench JVM           %s: peak heap %.0f MiB (max %d), peak RSS %.0f MiB, CPU %.1f s,"
        + " operator ready %d ms after its start%n", (real ? "" : "sandbox + ") + "benchmark"
        + ("in-process".equals(op.mode()) ? " + operator" : ""), jvm.peakHeapMiB(), machine.benchMaxHeapMiB(), jvm.peakRssMiB(), jvm.cpuSeconds(),
        jvm.startToOperatorReadyMillis()));
    b.append(String.format("  %-19s %.0f GETs/s on the source with %d objects seeded%n", real ? "source cluster" : "sandbox",
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
    if (burst != null) {
      b.append(burst.table());
    }
    return b.toString();
  }

  private static String mib(Double v) {
    return v == null ? "n/a" : String.format("%.0f", v);
  }
}
