package io.cutover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.real.RealClusterTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bench --clusters real}, small: its own three real control planes with Cutover deployed from deploy/, the
 * operator's process with the shipped ServiceAccount's token, requests counted in the API servers' audit logs. Every
 * migration completes, the counts are there per cluster and hold none of the benchmark's own requests, and no
 * operator process is left. Timings are printed, never asserted.
 */
@RealClusterTest
class BenchOnRealClustersTest {
  static final int N = 3;

  @Test
  void realClustersCompleteEveryMigrationAndTheAuditLogsCountTheOperatorsRequestsOnly() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    BenchReport report = new Bench(BenchOptions.of(N, Duration.ofSeconds(1), 4, Duration.ofMinutes(5),
        OperatorMode.PROCESS).on(ClusterMode.REAL), new PrintStream(log, true, StandardCharsets.UTF_8)).run();
    System.out.print(report.table());

    assertThat(report.outcome().completed()).as("completed; the log:%n%s", log).isEqualTo(N);
    assertThat(report.outcome().unfinished()).isZero();
    assertThat(report.latenessMillis().count()).isEqualTo(N);
    assertThat(report.settings().clusters()).isEqualTo("real");
    assertThat(report.settings().clusterVersions()).containsPattern("kube-apiserver v\\d+\\.\\d+\\.\\d+");
    assertThat(report.settings().accessChecks()).isPositive();

    for (String cluster : List.of("control", "source", "target")) {
      assertThat(report.requestsPerMigration().get(cluster).get("total")).as(cluster).isPositive();
    }
    var control = report.requestsByResource().get("control");
    var source = report.requestsByResource().get("source");
    var target = report.requestsByResource().get("target");
    // The operator's own, as the real API server saw them: status writes, Events, its informers.
    assertThat(control.get("update serviceaccountmigrations/status")).isGreaterThanOrEqualTo(7L * N);
    assertThat(control.get("create events")).isGreaterThanOrEqualTo(9L * N);
    assertThat(control).containsKey("watch serviceaccountmigrations");
    // The migrator's: the proofs on the target, the revocation on the source.
    assertThat(target.get("create subjectaccessreviews")).isGreaterThanOrEqualTo((long) N * report.settings().accessChecks()); // the proof, once
    assertThat(target.get("create serviceaccounts/token")).isGreaterThanOrEqualTo(N);
    assertThat(source.get("delete serviceaccounts")).isEqualTo(N);
    // The benchmark's own requests (seeding, policy, applying and watching the migrations) are not counted.
    assertThat(control).doesNotContainKeys("create serviceaccountmigrations", "create migrationpolicies",
        "create clusterrolebindings");
    assertThat(source).doesNotContainKeys("create serviceaccounts", "create pods", "create roles", "create namespaces");
    assertThat(target).doesNotContainKeys("create namespaces", "create clusterroles");
    assertThat(report.ratioToFloor().get("all")).isPositive();

    BenchReport.OperatorFigures op = report.operator();
    assertThat(op.mode()).isEqualTo("process");
    assertThat(op.peakRssMiB()).isPositive();
    assertThat(op.cpuSeconds()).isPositive();
    assertThat(op.heapSamples()).isPositive();
    assertThat(ProcessHandle.of(op.pid()).filter(ProcessHandle::isAlive)).as("no operator process is left").isEmpty();
    assertThat(report.sandbox().sourceGetsPerSecond()).isPositive();
    assertThat(report.table()).contains("clusters real").contains("real clusters       kube-apiserver v")
        .contains("source cluster").contains("bench JVM           benchmark:");
    assertThat(BenchReport.fromJson(report.toJson())).isEqualTo(report);
  }
}
