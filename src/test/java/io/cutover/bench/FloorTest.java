package io.cutover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FloorTest {
  @Test
  void eachPermissionCostsOneAccessReviewOfTheTargetIdentity() {
    // the proof once (repeated only for what changed); the migrator's right to grant it is read from the informers
    double without = Floor.perMigration(0).get("target").get("create");
    double with = Floor.perMigration(18).get("target").get("create");
    assertThat(with - without).isEqualTo(18.0);
  }

  @Test
  void controlFloorHasOneStatusWriteAndOneEventPerPhaseEnteredThePreparationAndTheRequesterChecks() {
    Map<String, Double> control = Floor.perMigration(18).get("control");
    assertThat(control).containsEntry("update", 8.0).containsEntry("create", 13.0).containsEntry("patch", 1.0)
        .containsEntry("total", 22.0);
    // the phases a completed migration enters, as the Phase enum has them between Pending and the outcome
    assertThat(java.util.Arrays.stream(io.cutover.api.v1alpha1.Phase.values()).map(Enum::name).toList())
        .containsSubsequence("Planning", "Planned", "Provisioning", "DualRun", "CuttingOver", "Verifying", "Completed");
    assertThat(Floor.EVENTS).isEqualTo(Floor.PHASES_ENTERED + 2);
  }

  @Test
  void floorTotalIs71RequestsPerMigrationWith18AccessChecks() {
    var floor = Floor.perMigration(18);
    assertThat(floor.get("source").get("total")).isEqualTo(17.0);
    assertThat(floor.get("target").get("total")).isEqualTo(32.0);
    assertThat(floor.values().stream().mapToDouble(v -> v.get("total")).sum()).isEqualTo(71.0);
  }

  @Test
  void totalsAreTheSumOfTheVerbs() {
    Floor.perMigration(18).forEach((cluster, verbs) -> assertThat(verbs.get("total"))
        .as(cluster).isEqualTo(verbs.entrySet().stream().filter(e -> !e.getKey().equals("total"))
            .mapToDouble(Map.Entry::getValue).sum()));
  }

  @Test
  void countsAreDividedByTheNumberOfMigrationsAndComparedToTheFloor() {
    var measured = Floor.perMigration(Map.of("control", Map.of("update", 80L, "patch", 20L),
        "source", Map.of(), "target", Map.of("create", 10L)), 10);
    assertThat(measured.get("control")).containsEntry("update", 8.0).containsEntry("patch", 2.0).containsEntry("total", 10.0);
    var floor = Floor.perMigration(Map.of("control", Map.of("update", 5L), "target", Map.of("create", 2L)), 1);
    var ratios = Floor.ratios(measured, floor);
    assertThat(ratios).containsEntry("control", 2.0).containsEntry("source", 0.0).containsEntry("target", 0.5)
        .containsEntry("all", round(11.0 / 7.0));
    assertThat(Floor.CLUSTERS).isEqualTo(List.of("control", "source", "target"));
  }

  @Test
  void percentilesAreNearestRank() {
    var p = Percentiles.of(List.of(5L, 1L, 4L, 2L, 3L, 6L, 7L, 8L, 9L, 10L));
    assertThat(p.p50()).isEqualTo(5);
    assertThat(p.p95()).isEqualTo(10);
    assertThat(p.max()).isEqualTo(10);
    assertThat(Percentiles.of(List.of()).count()).isZero();
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
