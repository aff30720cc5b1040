package io.cutover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Small benchmark runs in the normal build, so the command cannot rot: every migration completes, the report's
 * figures are present and consistent with each other and with the floor. Timings are printed, never asserted.
 */
class BenchSmokeTest {
  static final int N = 4;

  @Test
  void processModeRunsTheOperatorAsItsOwnProcessMeasuresItFromOutsideAndStopsIt() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    BenchReport report = new Bench(BenchOptions.of(N, Duration.ofSeconds(1), 4, Duration.ofSeconds(90),
        OperatorMode.PROCESS), new PrintStream(log, true, StandardCharsets.UTF_8)).run();
    System.out.print(report.table());

    assertCompletedAndCounted(report, N);
    assertThat(report.settings().operator()).isEqualTo("process");
    assertThat(report.burst()).as("burst mode only with --burst").isNull();
    assertThat(report.settings().operatorJvmOptions()).isEqualTo(BenchOptions.DEFAULT_OPERATOR_JVM_OPTIONS);
    BenchReport.OperatorFigures op = report.operator();
    assertThat(op.mode()).isEqualTo("process");
    assertThat(op.pid()).isNotNull().isNotEqualTo(ProcessHandle.current().pid());
    assertThat(op.startToReadyMillis()).isPositive();
    assertThat(op.heapSamples()).isPositive();
    assertThat(op.peakHeapMiB()).isPositive();
    assertThat(op.peakRssMiB()).isPositive();
    assertThat(op.rssAtEndMiB()).isPositive().isLessThanOrEqualTo(op.peakRssMiB());
    assertThat(op.cpuSeconds()).isPositive();
    assertThat(op.retainedHeapMiB()).as("the in-process estimate only").isNull();
    // The child's output reached the benchmark's log, and its ready line was read from it.
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("operator | Metrics at http://");
    // Stopped and reaped: no operator process is left behind.
    assertThat(ProcessHandle.of(op.pid()).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)
        .filter(p -> p.pid() == op.pid())).isEmpty();
    assertThat(report.table()).contains("operator            process, JVM options: -XX:MaxRAM=512m")
        .contains("peak RSS").contains("bench JVM           sandbox + benchmark:");

    assertThat(BenchReport.fromJson(report.toJson())).isEqualTo(report);
  }

  @Test
  void inProcessModeRunsTheOperatorInThisJvmAndEstimatesItsRetainedHeap() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    BenchOptions defaults = BenchOptions.of(2, Duration.ofSeconds(1), 4, Duration.ofSeconds(90),
        OperatorMode.IN_PROCESS);
    // With a few RBAC objects of others on both clusters (--rbac-objects): same plans, so the same checks hold.
    BenchOptions options = new BenchOptions(defaults.migrations(), defaults.window(), defaults.spread(),
        defaults.threads(), defaults.timeout(), defaults.operator(), defaults.operatorJvmOptions(), null, 300);
    BenchReport report = new Bench(options, new PrintStream(log, true, StandardCharsets.UTF_8)).run();
    System.out.print(report.table());

    assertCompletedAndCounted(report, 2);
    assertThat(report.settings().rbacObjects()).isEqualTo(300);
    assertThat(report.table()).contains("300 more RBAC objects");
    BenchReport.OperatorFigures op = report.operator();
    assertThat(op.mode()).isEqualTo("in-process");
    assertThat(op.pid()).isNull();
    assertThat(op.peakRssMiB()).as("in-process the RSS is the bench JVM's").isNull();
    assertThat(op.peakHeapMiB()).isNull();
    assertThat(op.retainedHeapMiB()).isNotNull();
    assertThat(report.settings().operatorJvmOptions()).isEqualTo(String.join(" ",
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("operator | ");
    assertThat(report.table()).contains("retained heap").contains("sandbox + benchmark + operator");
    assertThat(BenchReport.fromJson(report.toJson())).isEqualTo(report);
  }

  @Test
  void burstModeSharesOneDeadlineMeasuresTheSourcesWriteRateAndCountsTheRevocationAtTheSource() throws Exception {
    int n = 3;
    Duration d = Duration.ofSeconds(15);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    BenchReport report = new Bench(BenchOptions.of(n, Duration.ofSeconds(1), 4, Duration.ofSeconds(120),
        OperatorMode.IN_PROCESS), d, new PrintStream(log, true, StandardCharsets.UTF_8)).run();
    System.out.print(report.table());

    assertCompletedAndCounted(report, n);
    BurstReport b = report.burst();
    assertThat(b).isNotNull();
    assertThat(b.burst()).isEqualTo(d.toString());
    assertThat(b.migrations()).isEqualTo(n);
    assertThat(b.inDualRunAtDeadline()).isBetween(0, n);
    assertThat(report.settings().window()).as("every window longer than the run").isEqualTo(b.window())
        .isEqualTo(Duration.ofSeconds(120).plus(d).toString());
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("burst: every dual run ends at " + b.notAfter());

    // The write rate: every kind measured on every throwaway identity, with the operator's pool's concurrency.
    BurstReport.WriteRate rate = b.writeRate();
    assertThat(rate).isNotNull();
    assertThat(rate.concurrency()).isEqualTo(4);
    assertThat(rate.byKind()).containsOnlyKeys(WriteRate.DELETE_SECRETS, WriteRate.UPDATE_ROLEBINDINGS,
        WriteRate.DELETE_ROLEBINDINGS, WriteRate.DELETE_SERVICEACCOUNTS);
    rate.byKind().values().forEach(k -> {
      assertThat(k.requests()).isEqualTo(WriteRate.throwaways(n));
      assertThat(k.perSecond()).isPositive();
    });
    assertThat(rate.allPerSecond()).isPositive();
    // The measured writes were the bench's own: none is counted as the operator's.
    assertThat(report.requestsByResource().get("source")).doesNotContainKey(WriteRate.UPDATE_ROLEBINDINGS);

    // The revocation, counted at the source: every identity's Secret, binding and ServiceAccount, none before the
    // deadline, and the figures computed from each other as documented.
    assertThat(b.cutovers()).isEqualTo(n);
    assertThat(b.revocationRequestsBeforeDeadline()).isZero();
    assertThat(b.revocationRequestsTotal()).isEqualTo(b.revocationRequests().values().stream().mapToLong(v -> v).sum())
        .isGreaterThanOrEqualTo(3L * n);
    assertThat(b.revocationRequests()).containsKeys(WriteRate.DELETE_SECRETS, WriteRate.DELETE_SERVICEACCOUNTS);
    assertThat(b.firstRevocationRequestMillis()).isNotNull().isNotNegative()
        .isLessThanOrEqualTo(b.lastRevocationRequestMillis());
    double minimum = b.revocationRequests().entrySet().stream().mapToDouble(e -> e.getValue()
        / (rate.byKind().containsKey(e.getKey()) ? rate.byKind().get(e.getKey()).perSecond() : rate.allPerSecond()))
        .sum();
    assertThat(b.minimumSeconds()).isEqualTo(round(minimum));
    assertThat(b.actualSeconds()).as("no revocation finished before the shared deadline").isNotNegative();
    assertThat(b.ratio()).isEqualTo(b.minimumSeconds() > 0 ? round(b.actualSeconds() / b.minimumSeconds()) : null);
    assertThat(report.table()).contains("shared deadline " + b.notAfter()).contains("source write rate")
        .contains("revocation writes").contains("ratio");
    assertThat(BenchReport.fromJson(report.toJson())).isEqualTo(report);
  }

  /** Every migration completed, the operator's requests were counted per cluster and compared with the floor. */
  private static void assertCompletedAndCounted(BenchReport report, int n) {
    assertThat(report.outcome().completed()).isEqualTo(n);
    assertThat(report.outcome().unfinished()).isZero();
    assertThat(report.latenessMillis().count()).isEqualTo(n);
    assertThat(report.latenessMillis().p50()).isLessThanOrEqualTo(report.latenessMillis().max());
    assertThat(report.settings().accessChecks()).isPositive();

    // Every cluster was talked to, and the operator's status writes, Events and target proofs were counted.
    for (String cluster : List.of("control", "source", "target")) {
      assertThat(report.requestsPerMigration().get(cluster).get("total")).as(cluster).isPositive();
    }
    // one status write per phase entered (Planning .. Completed) at least
    assertThat(report.requestsPerMigration().get("control").get("update")).isGreaterThanOrEqualTo(7.0);
    // one Event per phase transition (7), the token issued and the revocation
    assertThat(report.requestsByResource().get("control").get("create events")).isGreaterThanOrEqualTo(9L * n);
    // the proof's SubjectAccessReviews: once per migration, accessChecks each (repeated only for what changed)
    assertThat(report.requestsByResource().get("target").get("create subjectaccessreviews"))
        .isGreaterThanOrEqualTo((long) n * report.settings().accessChecks());
    // The benchmark's own requests (seeding N ServiceAccounts, applying N migrations) are not the operator's.
    assertThat(report.requestsByResource().get("control")).doesNotContainKey("create serviceaccountmigrations");
    assertThat(report.requestsByResource().get("source")).doesNotContainKey("create serviceaccounts");

    Map<String, Double> ratios = report.ratioToFloor();
    assertThat(ratios.get("all")).isEqualTo(round(total(report.requestsPerMigration()) / total(report.floorPerMigration())));
    assertThat(report.benchJvm().peakHeapMiB()).isPositive();
    assertThat(report.outcome().wallSeconds()).isPositive();
  }

  private static double total(Map<String, Map<String, Double>> perCluster) {
    return perCluster.values().stream().mapToDouble(v -> v.get("total")).sum();
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
