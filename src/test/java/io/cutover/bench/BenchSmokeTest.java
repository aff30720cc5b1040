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
 * A small benchmark run in the normal build, so the command cannot rot: every migration completes, the report's
 * figures are consistent with each other and with the floor. Timings are printed, never asserted.
 */
class BenchSmokeTest {
  static final int N = 4;

  @Test
  void smallRunCompletesEveryMigrationAndReportsCountedRequestsAgainstTheFloor() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    BenchReport report = new Bench(new BenchOptions(N, Duration.ofSeconds(1), Duration.ZERO, 4, Duration.ofSeconds(90)),
        new PrintStream(log, true, StandardCharsets.UTF_8)).run();
    System.out.print(report.table());

    assertThat(report.outcome().completed()).isEqualTo(N);
    assertThat(report.outcome().unfinished()).isZero();
    assertThat(report.latenessMillis().count()).isEqualTo(N);
    assertThat(report.latenessMillis().p50()).isLessThanOrEqualTo(report.latenessMillis().max());
    assertThat(report.settings().accessChecks()).isPositive();

    // Every cluster was talked to, and the operator's status writes and target proofs were counted.
    for (String cluster : List.of("control", "source", "target")) {
      assertThat(report.requestsPerMigration().get(cluster).get("total")).as(cluster).isPositive();
    }
    // one status write per phase entered (Planning .. Completed) at least
    assertThat(report.requestsPerMigration().get("control").get("update")).isGreaterThanOrEqualTo(7.0);
    // the proofs' SubjectAccessReviews alone: three proofs, accessChecks each
    assertThat(report.requestsByResource().get("target").get("create subjectaccessreviews"))
        .isGreaterThanOrEqualTo(3L * N * report.settings().accessChecks());
    // The benchmark's own requests (seeding N ServiceAccounts, applying N migrations) are not the operator's.
    assertThat(report.requestsByResource().get("control")).doesNotContainKey("create serviceaccountmigrations");
    assertThat(report.requestsByResource().get("source")).doesNotContainKey("create serviceaccounts");

    Map<String, Double> ratios = report.ratioToFloor();
    assertThat(ratios.get("all")).isEqualTo(round(total(report.requestsPerMigration()) / total(report.floorPerMigration())));
    assertThat(report.memory().peakHeapMiB()).isPositive();
    assertThat(report.outcome().wallSeconds()).isPositive();

    BenchReport parsed = BenchReport.fromJson(report.toJson());
    assertThat(parsed).isEqualTo(report);
  }

  private static double total(Map<String, Map<String, Double>> perCluster) {
    return perCluster.values().stream().mapToDouble(v -> v.get("total")).sum();
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
