package io.cutover.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.CheckResult;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.CutoverStatus;
import io.cutover.api.v1alpha1.HistoryEntry;
import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.api.v1alpha1.TokenStatus;
import io.cutover.api.v1alpha1.VerificationStatus;
import io.cutover.phase.StepResult;
import io.cutover.status.StatusEditor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a turn did, read from the stored status before and after it. */
class StatusChangesTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static ServiceAccountMigrationStatus status(Phase phase, Instant entered) {
    ServiceAccountMigrationStatus s = new ServiceAccountMigrationStatus();
    s.setPhase(phase);
    s.setHistory(new ArrayList<>(List.of(new HistoryEntry(entered.toString(), phase, phase.name(), "in " + phase))));
    return s;
  }

  @Test
  void aTransitionReportsTheTimeSpentInThePhaseItLeft() {
    ServiceAccountMigrationStatus before = status(Phase.DualRun, T0);
    ServiceAccountMigrationStatus after = StatusEditor.copyOf(before);
    new StatusEditor(after, T0.plusSeconds(90), 1).enter(Phase.CuttingOver, "CuttingOver", "revoking");

    assertThat(StatusChanges.between(before, after, new StepResult.Advance(Phase.CuttingOver, "CuttingOver", "revoking"), null))
        .containsExactly(new StatusChange.PhaseChanged(Phase.DualRun, Phase.CuttingOver, "CuttingOver", "revoking",
            Duration.ofSeconds(90)));
  }

  @Test
  void theFirstTransitionCountsFromTheMigrationsCreation() {
    ServiceAccountMigrationStatus after = new ServiceAccountMigrationStatus();
    new StatusEditor(after, T0.plusSeconds(3), 1).enter(Phase.Planning, "Planning", "reading");
    var changes = StatusChanges.between(null, after, null, T0);
    assertThat(changes).singleElement().isInstanceOfSatisfying(StatusChange.PhaseChanged.class,
        p -> assertThat(p.inPhase()).isEqualTo(Duration.ofSeconds(3)));
  }

  @Test
  void nothingChangedMeansNoChanges() {
    ServiceAccountMigrationStatus s = status(Phase.DualRun, T0);
    assertThat(StatusChanges.between(s, StatusEditor.copyOf(s), new StepResult.Wait(T0, "DualRun", "waiting"), T0)).isEmpty();
  }

  @Test
  void aNewIssueTimeIsAFirstTokenThenARenewal() {
    ServiceAccountMigrationStatus before = status(Phase.Provisioning, T0);
    ServiceAccountMigrationStatus first = StatusEditor.copyOf(before);
    TokenStatus t = new TokenStatus();
    t.setSecretName("api-token");
    t.setIssuedAt(T0.toString());
    t.setExpiresAt(T0.plusSeconds(3600).toString());
    first.setToken(t);
    assertThat(StatusChanges.between(before, first, null, null))
        .containsExactly(new StatusChange.TokenIssued(false, "api-token", T0.plusSeconds(3600)));

    ServiceAccountMigrationStatus renewed = StatusEditor.copyOf(first);
    renewed.getToken().setIssuedAt(T0.plusSeconds(2880).toString());
    renewed.getToken().setExpiresAt(T0.plusSeconds(6480).toString());
    assertThat(StatusChanges.between(first, renewed, null, null))
        .containsExactly(new StatusChange.TokenIssued(true, "api-token", T0.plusSeconds(6480)));
  }

  @Test
  void revokedObjectsAreReportedOnceAndTheFinishedCutoverWithItsLateness() {
    ServiceAccountMigrationStatus before = status(Phase.CuttingOver, T0);
    before.setCutover(new CutoverStatus());
    before.getCutover().setRevoked(List.of(ObjectRef.of("Secret", "a", "legacy")));
    ServiceAccountMigrationStatus after = StatusEditor.copyOf(before);
    after.getCutover().setRevoked(List.of(ObjectRef.of("Secret", "a", "legacy"), ObjectRef.of("RoleBinding", "a", "rb")));
    after.getCutover().setCompletedAt(T0.plusSeconds(3).toString());
    after.getCutover().setLatenessMillis(2500L);
    after.getCutover().setTrigger("Deadline");

    assertThat(StatusChanges.between(before, after, null, null)).containsExactly(
        new StatusChange.Revoked(ObjectRef.of("RoleBinding", "a", "rb")),
        new StatusChange.CutoverFinished(2.5, "Deadline", 2));
  }

  @Test
  void failedChecksAreReportedWhenAProofRanInTheTurn() {
    ServiceAccountMigrationStatus before = status(Phase.Verifying, T0);
    before.setVerification(new VerificationStatus());
    ServiceAccountMigrationStatus after = StatusEditor.copyOf(before);
    after.getVerification().setChecks(List.of(new CheckResult("TargetTokenReview", true, "ok"),
        new CheckResult("NoLegacyTokenSecrets", false, "1 left")));
    StepResult retry = new StepResult.Retry(Conditions.Reason.VERIFICATION_FAILED, "1 left");

    assertThat(StatusChanges.between(before, after, retry, null)).containsExactly(
        new StatusChange.VerificationFailed("NoLegacyTokenSecrets", "1 left"),
        new StatusChange.StepError(Phase.Verifying, "VerificationFailed", "1 left"));
    // The same failing checks again (status unchanged) still count: the step says the proof failed again.
    assertThat(StatusChanges.between(after, StatusEditor.copyOf(after), retry, null))
        .contains(new StatusChange.VerificationFailed("NoLegacyTokenSecrets", "1 left"));
    // Unchanged checks in a turn that proved nothing (a wait) are not failures of this turn.
    assertThat(StatusChanges.between(after, StatusEditor.copyOf(after), new StepResult.Wait(null, "Completed", "x"), null))
        .isEmpty();
  }

  @Test
  void aKeptIdentityStillHoldingPermissionsCountsAsAFailedProofInEveryTurnThatSaysSo() {
    ServiceAccountMigrationStatus before = status(Phase.Verifying, T0);
    before.setVerification(new VerificationStatus());
    before.getVerification().setChecks(List.of(new CheckResult("SourcePermissionsDenied", false, "get secrets in a")));
    StepResult retry = new StepResult.Retry(Conditions.Reason.PERMISSIONS_REMAIN, "get secrets in a");

    // the same failing check as the turn before: the metric and the alert still see each failed verification
    assertThat(StatusChanges.between(before, StatusEditor.copyOf(before), retry, null))
        .contains(new StatusChange.VerificationFailed("SourcePermissionsDenied", "get secrets in a"));
  }
}
