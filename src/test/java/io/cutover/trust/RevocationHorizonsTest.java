package io.cutover.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.LegacySecretRef;
import io.cutover.api.v1alpha1.PlanStatus;
import io.cutover.api.v1alpha1.RevocationHorizon;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The revocation horizon per credential kind and verifier, each row from what the revocation did and the plan saw. */
class RevocationHorizonsTest {
  static final Instant DONE = Instant.parse("2026-03-01T10:00:00Z");
  static final Duration CANARY = Duration.ofSeconds(600);
  static final long YEAR = 365L * 24 * 3600;

  static PlanStatus plan(Long projectedSeconds, Boolean extended, int legacySecrets) {
    PlanStatus p = new PlanStatus();
    p.setSourceUid("uid-1");
    p.setLongestProjectedTokenSeconds(projectedSeconds);
    p.setProjectedTokenExtended(extended);
    for (int i = 0; i < legacySecrets; i++) {
      p.getLegacyTokenSecrets().add(new LegacySecretRef("legacy-" + i, null, null));
    }
    return p;
  }

  static Map<String, RevocationHorizon> rows(boolean saDeleted, boolean legacyDeleted, PlanStatus plan) {
    return RevocationHorizons.of(new RevocationHorizons.Input(DONE, saDeleted, legacyDeleted, plan, CANARY)).stream()
        .collect(Collectors.toMap(h -> h.credential() + "@" + h.verifier(), Function.identity()));
  }

  static String until(Map<String, RevocationHorizon> rows, String key) {
    return rows.get(key).until();
  }

  @Test
  void theSourceApiServerStopsAcceptingBoundTokensWhenItsCacheOfTenSecondsRunsOut() {
    var rows = rows(true, false, plan(null, null, 0));
    assertThat(until(rows, "BoundToken@SourceApiServer")).isEqualTo("2026-03-01T10:00:10Z");
    assertThat(rows.get("BoundToken@SourceApiServer").basis()).contains("uid-1").contains("10 s")
        .contains("informers");
    assertThat(RevocationHorizons.TOKEN_CACHE_TTL).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void withoutPodsTheOfflineHorizonIsTheCanarysLifetimeAndSaysOtherClientsAreUnbounded() {
    var rows = rows(true, false, plan(null, null, 0));
    assertThat(until(rows, "BoundToken@OfflineVerifier")).isEqualTo("2026-03-01T10:10:00Z");
    assertThat(rows.get("BoundToken@OfflineVerifier").basis()).contains("canary")
        .contains("no Pod").contains("--service-account-max-token-expiration").contains("cannot read");
    assertThat(rows).containsOnlyKeys("BoundToken@SourceApiServer", "BoundToken@OfflineVerifier");
  }

  @Test
  void podsWithTheKubeletsDefaultTokenPushTheOfflineHorizonOneYearOut() {
    var rows = rows(true, false, plan(YEAR, true, 0));
    assertThat(until(rows, "BoundToken@OfflineVerifier")).isEqualTo(DONE.plusSeconds(YEAR).toString());
    assertThat(rows.get("BoundToken@OfflineVerifier").basis()).contains("3607").contains("one year")
        .contains("--service-account-extend-token-expiration");
    assertThat(until(rows, "BoundToken@SourceApiServer")).as("the API server does not care about exp")
        .isEqualTo("2026-03-01T10:00:10Z");
  }

  @Test
  void podsWithAnUnextendedProjectionBoundTheOfflineHorizonByTheirOwnLifetime() {
    var rows = rows(true, false, plan(7200L, false, 0));
    assertThat(until(rows, "BoundToken@OfflineVerifier")).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(rows.get("BoundToken@OfflineVerifier").basis()).contains("7200 s").doesNotContain("one year");
    // A projection shorter than the canary: the canary bounds it.
    assertThat(until(rows(true, false, plan(600L, false, 0)), "BoundToken@OfflineVerifier"))
        .isEqualTo("2026-03-01T10:10:00Z");
  }

  @Test
  void deletedLegacySecretsStopAtTheApiServerAfterItsCacheButNeverOffline() {
    var rows = rows(true, true, plan(null, null, 2));
    assertThat(until(rows, "LegacyToken@SourceApiServer")).isEqualTo("2026-03-01T10:00:10Z");
    assertThat(rows.get("LegacyToken@OfflineVerifier").until()).isNull();
    assertThat(rows.get("LegacyToken@OfflineVerifier").basis()).contains("no exp").contains("signing key");
    assertThat(RevocationHorizons.latest(List.copyOf(rows.values()), RevocationHorizon.OFFLINE_VERIFIER))
        .as("one unbounded row makes the verifier unbounded").isEmpty();
    assertThat(RevocationHorizons.latest(List.copyOf(rows.values()), RevocationHorizon.SOURCE_API_SERVER))
        .contains(Instant.parse("2026-03-01T10:00:10Z"));
  }

  @Test
  void noLegacySecretsNoLegacyRows() {
    assertThat(rows(true, false, plan(YEAR, true, 0))).doesNotContainKeys("LegacyToken@SourceApiServer",
        "LegacyToken@OfflineVerifier");
  }

  @Test
  void keptLegacySecretsStopWithTheirDeletedServiceAccount() {
    var rows = rows(true, false, plan(null, null, 1));
    assertThat(until(rows, "LegacyToken@SourceApiServer")).isEqualTo("2026-03-01T10:00:10Z");
    assertThat(rows.get("LegacyToken@SourceApiServer").basis()).contains("were kept");
  }

  @Test
  void aKeptServiceAccountIsUnboundedForBoundTokensAndForItsKeptLegacySecrets() {
    var rows = rows(false, false, plan(YEAR, true, 1));
    assertThat(rows.get("BoundToken@SourceApiServer").until()).isNull();
    assertThat(rows.get("BoundToken@OfflineVerifier").until()).isNull();
    assertThat(rows.get("LegacyToken@SourceApiServer").until()).isNull();
    assertThat(rows.get("BoundToken@SourceApiServer").basis()).contains("Keep");
    // Kept ServiceAccount, deleted legacy Secrets: the legacy tokens stop at the API server.
    assertThat(until(rows(false, true, plan(null, null, 1)), "LegacyToken@SourceApiServer"))
        .isEqualTo("2026-03-01T10:00:10Z");
  }
}
