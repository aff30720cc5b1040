package io.cutover.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Condition;
import io.cutover.api.v1alpha1.DualRunStatus;
import io.cutover.api.v1alpha1.CutoverStatus;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.RevocationHorizon;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.api.v1alpha1.TokenStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-migration series: exact values from status, only namespace and name as labels, gone when the migration is. */
class CutoverMetricsTest {
  static ServiceAccountMigrationStatus dualRun() {
    ServiceAccountMigrationStatus s = new ServiceAccountMigrationStatus();
    s.setPhase(Phase.DualRun);
    s.setDualRun(new DualRunStatus("2026-01-01T00:00:00Z", "2026-01-01T00:10:00.500Z"));
    TokenStatus t = new TokenStatus();
    t.setIssuedAt("2026-01-01T00:00:01Z");
    t.setExpiresAt("2026-01-01T01:00:01Z");
    t.setRenewAt("2026-01-01T00:48:01Z");
    s.setToken(t);
    s.setConditions(List.of(new Condition("Ready", "False", "DualRun", "", "2026-01-01T00:00:00Z", 1L)));
    return s;
  }

  @Test
  void aMigrationsGaugesFollowItsStatusAndDisappearWhenItIsForgotten() {
    CutoverMetrics metrics = new CutoverMetrics();
    metrics.update("ops", "m1", MigrationSnapshot.of(dualRun()));
    metrics.update("ops", "m2", MigrationSnapshot.of(null));
    Exposition e = Exposition.parse(metrics.scrape());
    Map<String, String> m1 = Map.of("namespace", "ops", "name", "m1");
    assertThat(e.sum("cutover_migration_dual_run_deadline_timestamp_seconds", m1)).isEqualTo(1767226200.5);
    assertThat(e.sum("cutover_migration_dual_run_start_timestamp_seconds", m1)).isEqualTo(1767225600.0);
    assertThat(e.sum("cutover_migration_token_expiry_timestamp_seconds", m1)).isEqualTo(1767229201.0);
    assertThat(e.sum("cutover_migration_token_renewal_timestamp_seconds", m1)).isEqualTo(1767228481.0);
    assertThat(e.sum("cutover_migration_dual_run_open", m1)).isEqualTo(1);
    assertThat(e.sum("cutover_migration_ready", m1)).isEqualTo(0);
    assertThat(e.sum("cutover_migrations", Map.of("phase", "DualRun"))).isEqualTo(1);
    assertThat(e.sum("cutover_migrations", Map.of("phase", "Pending"))).isEqualTo(1);
    assertThat(e.named("cutover_migrations")).hasSize(Phase.values().length);
    assertThat(e.matching("cutover_migration_dual_run_deadline_timestamp_seconds", Map.of("name", "m2")))
        .as("no window, no series").isEmpty();
    assertThat(e.samples()).filteredOn(s -> s.name().startsWith("cutover_migration_"))
        .filteredOn(s -> !s.name().equals("cutover_migration_revocation_horizon_timestamp_seconds"))
        .allSatisfy(s -> assertThat(s.labels().keySet()).containsExactlyInAnyOrder("namespace", "name"));

    // Rolled back: nothing is renewed any more, the window is closed.
    ServiceAccountMigrationStatus back = dualRun();
    back.setPhase(Phase.RolledBack);
    metrics.update("ops", "m1", MigrationSnapshot.of(back));
    e = Exposition.parse(metrics.scrape());
    assertThat(e.matching("cutover_migration_token_expiry_timestamp_seconds", m1)).isEmpty();
    assertThat(e.sum("cutover_migration_dual_run_open", m1)).isEqualTo(0);
    assertThat(e.sum("cutover_migrations", Map.of("phase", "RolledBack"))).isEqualTo(1);

    metrics.forget("ops", "m1");
    e = Exposition.parse(metrics.scrape());
    assertThat(e.samples()).noneMatch(s -> "m1".equals(s.labels().get("name")));
    assertThat(e.sum("cutover_migrations", Map.of("phase", "RolledBack"))).isEqualTo(0);
    assertThat(e.sum("cutover_migrations", Map.of())).isEqualTo(1);
  }

  @Test
  void latenessBeforeTheDeadlineCountsAsZeroAndLateOnesLandInTheirBucket() {
    CutoverMetrics metrics = new CutoverMetrics();
    metrics.cutoverLateness(-30);
    metrics.cutoverLateness(400);
    Exposition e = Exposition.parse(metrics.scrape());
    assertThat(e.type("cutover_cutover_lateness_seconds")).contains("histogram");
    assertThat(e.sum("cutover_cutover_lateness_seconds_count", Map.of())).isEqualTo(2);
    assertThat(e.sum("cutover_cutover_lateness_seconds_bucket", Map.of("le", "1.0"))).isEqualTo(1);
    assertThat(e.sum("cutover_cutover_lateness_seconds_bucket", Map.of("le", "300.0"))).isEqualTo(1);
    assertThat(e.sum("cutover_cutover_lateness_seconds_bucket", Map.of("le", "600.0"))).isEqualTo(2);
    assertThat(e.sum("cutover_cutover_lateness_seconds_sum", Map.of())).isEqualTo(400);
  }

  /**
   * After the revocation, the horizon per verifier (+Inf when unbounded), and the dual-run gauge stays 1 until the
   * source API server's horizon has passed on the operator's clock.
   */
  @Test
  void theRevocationHorizonIsExportedByVerifierAndKeepsTheOverlapOpenUntilTheApiServerHorizon() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:10:01Z"));
    CutoverMetrics metrics = new CutoverMetrics(clock);
    ServiceAccountMigrationStatus s = dualRun();
    s.setPhase(Phase.Verifying);
    CutoverStatus c = new CutoverStatus();
    c.setCompletedAt("2026-01-01T00:10:00Z");
    c.setRevocationHorizon(List.of(
        new RevocationHorizon("BoundToken", "SourceApiServer", "2026-01-01T00:10:10Z", "cache"),
        new RevocationHorizon("BoundToken", "OfflineVerifier", "2027-01-01T00:10:00Z", "exp"),
        new RevocationHorizon("LegacyToken", "SourceApiServer", "2026-01-01T00:10:10Z", "cache")));
    s.setCutover(c);
    metrics.update("ops", "m1", MigrationSnapshot.of(s));
    Map<String, String> m1 = Map.of("namespace", "ops", "name", "m1");
    String gauge = "cutover_migration_revocation_horizon_timestamp_seconds";

    Exposition e = Exposition.parse(metrics.scrape());
    assertThat(e.sum(gauge, Map.of("name", "m1", "verifier", "SourceApiServer"))).isEqualTo(1767226210.0);
    assertThat(e.sum(gauge, Map.of("name", "m1", "verifier", "OfflineVerifier"))).isEqualTo(1798762200.0);
    assertThat(e.named(gauge)).allSatisfy(x -> assertThat(x.labels().keySet())
        .containsExactlyInAnyOrder("namespace", "name", "verifier"));
    assertThat(e.sum("cutover_migration_dual_run_open", m1)).as("9 s after the revocation: the cache may still accept")
        .isEqualTo(1);

    clock.now = Instant.parse("2026-01-01T00:10:10Z");
    assertThat(Exposition.parse(metrics.scrape()).sum("cutover_migration_dual_run_open", m1))
        .as("at the API server horizon").isEqualTo(0);

    // A legacy token has no exp: the offline horizon is unbounded.
    c.setRevocationHorizon(List.of(new RevocationHorizon("BoundToken", "SourceApiServer", "2026-01-01T00:10:10Z", "cache"),
        new RevocationHorizon("LegacyToken", "OfflineVerifier", null, "no exp")));
    metrics.update("ops", "m1", MigrationSnapshot.of(s));
    assertThat(Exposition.parse(metrics.scrape()).sum(gauge, Map.of("name", "m1", "verifier", "OfflineVerifier")))
        .isEqualTo(Double.POSITIVE_INFINITY);

    // Before the revocation there is no horizon series.
    metrics.update("ops", "m1", MigrationSnapshot.of(dualRun()));
    assertThat(Exposition.parse(metrics.scrape()).matching(gauge, m1)).isEmpty();
  }

  static final class MutableClock extends java.time.Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
