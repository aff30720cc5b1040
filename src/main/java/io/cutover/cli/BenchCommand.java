package io.cutover.cli;

import io.cutover.bench.Bench;
import io.cutover.bench.BenchOptions;
import io.cutover.bench.BenchReport;
import io.cutover.bench.ClusterMode;
import io.cutover.bench.OperatorMode;
import io.cutover.validate.Durations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", description = {
    "Benchmark: start the sandbox (or real clusters: --clusters real), seed N identities on the source, run the operator (its own process by",
    "default), apply N migrations and report wall time, migrations/s, cutover lateness, API requests per migration",
    "against the floor (docs/performance.md), the operator's peak heap, peak RSS, CPU and time to ready."})
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--migrations", defaultValue = "100", description = "Number of identities and migrations (default ${DEFAULT-VALUE}).")
  int migrations;

  @Option(names = "--window", defaultValue = "5s", description = "Dual-run window of every migration, at least 1s, the API's minimum (default ${DEFAULT-VALUE}).")
  String window;

  @Option(names = "--spread", defaultValue = "0s", description = "Spread the deadlines evenly over this much more (default ${DEFAULT-VALUE}: a burst).")
  String spread;

  @Option(names = "--burst", paramLabel = "D", description = {
      "Burst mode: one shared deadline (spec.dualRun.notAfter) D after the first migration is applied, every window",
      "longer than the run (--window and --spread are then unused); measures the source's write rate before it and",
      "reports the revocation's time against what that rate allows."})
  String burst;

  @Option(names = "--threads", defaultValue = "10", description = "The operator's concurrent reconciliations (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--timeout", defaultValue = "30m", description = "Give up waiting for the last migration after this long (default ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--report", description = "Write the report as JSON to this file.")
  Path report;

  @Option(names = "--operator", defaultValue = "process", paramLabel = "MODE", description = {
      "Where the operator runs: process (its own JVM, measured from outside) or in-process (this JVM, next to",
      "the sandbox). Default: ${DEFAULT-VALUE}."})
  String operator;

  @Option(names = "--operator-jvm-options", defaultValue = BenchOptions.DEFAULT_OPERATOR_JVM_OPTIONS,
      paramLabel = "OPTIONS", description = {
      "JVM options of the operator's process, split at spaces (default: the Helm chart's 512Mi/1-CPU container:",
      "${DEFAULT-VALUE})."})
  String operatorJvmOptions;

  @Option(names = "--operator-log", paramLabel = "FILE",
      description = "Write the operator process's output to this file (default: stderr, each line prefixed \"operator | \").")
  Path operatorLog;

  @Option(names = "--rbac-objects", defaultValue = "0", paramLabel = "N", description = {
      "Seed N more RBAC objects (Roles, RoleBindings, some ClusterRoles and ClusterRoleBindings naming other",
      "subjects) on source and target before the run (default ${DEFAULT-VALUE})."})
  int rbacObjects;
  @Option(names = "--clusters", defaultValue = "sandbox", paramLabel = "KIND", description = {
      "What the benchmark runs on: sandbox (in this JVM) or real (real etcd, kube-apiserver and",
      "kube-controller-manager per cluster, as clusters --real starts them, Cutover deployed from deploy/; run from",
      "the root of a checkout; requests counted in the API servers' audit logs). Default: ${DEFAULT-VALUE}."})
  String clusters;

  @Override
  public Integer call() throws Exception {
    BenchOptions options = new BenchOptions(migrations, Durations.parse(window), Durations.parse(spread), threads,
        Durations.parse(timeout), OperatorMode.parse(operator), BenchOptions.jvmOptions(operatorJvmOptions),
        operatorLog, rbacObjects, ClusterMode.parse(clusters));
    System.err.println(logs(options.operator(), operatorLog));
    BenchReport result = new Bench(options, burst == null ? null : Durations.parse(burst), System.err).run();
    if (report != null) {
      Path parent = report.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(report, result.toJson(), StandardCharsets.UTF_8);
    }
    System.out.print(result.table());
    return result.outcome().unfinished() == 0 ? 0 : 1;
  }

  /** Where the logs go, said before anything runs (the report is stdout's; progress and logs are stderr's). */
  static String logs(OperatorMode mode, Path operatorLog) {
    if (mode == OperatorMode.IN_PROCESS) {
      return "Logs: stderr (the operator runs in this JVM and logs with the benchmark's progress)";
    }
    return operatorLog != null ? "Logs: the operator process's in " + operatorLog.toAbsolutePath()
        : "Logs: the operator process's on stderr, each line prefixed \"operator | \" (--operator-log FILE: to a file)";
  }
}
