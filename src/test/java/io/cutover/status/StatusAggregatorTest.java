package io.cutover.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.CheckResult;
import io.cutover.api.v1alpha1.Condition;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final CheckResult OK = new CheckResult("TargetTokenReview", true, "authenticated");
  static final CheckResult DENIED = new CheckResult("TargetAccessReview", false, "1 source permission(s) denied");

  @Test
  void eachFindingBecomesItsConditionThenReady() {
    var status = new ServiceAccountMigrationStatus();
    var aggregator = new StatusAggregator(new StatusEditor(status, T0, 3));
    aggregator.report(new Finding.TargetChecks(List.of(OK, DENIED)));
    aggregator.report(new Finding.Revoked(2, "source", -40));

    aggregator.conclude(Phase.Verifying, false, "Verifying", "proving the revocation");

    assertThat(status.getConditions()).extracting(Condition::getType)
        .containsExactly(Conditions.TARGET_PROVEN, Conditions.REVOKED, Conditions.READY, Conditions.RECONCILING,
            Conditions.STALLED);
    assertThat(status.getConditions().get(0)).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo(Conditions.FALSE);
      assertThat(c.getReason()).isEqualTo(Conditions.Reason.TARGET_NOT_PROVEN);
      assertThat(c.getMessage()).isEqualTo("TargetAccessReview: 1 source permission(s) denied");
    });
    assertThat(status.getConditions().get(1).getMessage())
        .isEqualTo("2 object(s) revoked on source; revocation finished 40 ms before the deadline");
    assertThat(status.getConditions().get(2).getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(status.getObservedGeneration()).isEqualTo(3);
  }

  @Test
  void aConditionReportedTwiceInOneTurnIsWrittenOnceWithTheLastFinding() {
    var status = new ServiceAccountMigrationStatus();
    var first = new StatusAggregator(new StatusEditor(status, T0, 1));
    first.report(new Finding.TargetChecks(List.of(OK)));
    first.conclude(Phase.Provisioning, false, "DualRun", "proven");

    var later = new StatusAggregator(new StatusEditor(status, T0.plusSeconds(60), 1));
    later.report(new Finding.TargetChecks(List.of(DENIED)));
    later.report(new Finding.TargetChecks(List.of(OK)));
    later.conclude(Phase.DualRun, false, "DualRun", "proven");

    Condition proven = StatusEditor.find(status, Conditions.TARGET_PROVEN).orElseThrow();
    assertThat(proven.getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(proven.getLastTransitionTime()).as("it never flipped as stored").isEqualTo(T0.toString());
  }

  @Test
  void readyIsTrueOnlyWhenCompletedOrAPlannedDryRun() {
    for (Phase phase : Phase.values()) {
      for (boolean dryRun : new boolean[] {false, true}) {
        var status = new ServiceAccountMigrationStatus();
        new StatusAggregator(new StatusEditor(status, T0, 1)).conclude(phase, dryRun, "Why", "");
        boolean ready = phase == Phase.Completed || (phase == Phase.Planned && dryRun);
        assertThat(StatusEditor.find(status, Conditions.READY).orElseThrow().getStatus()).as("%s dryRun=%s", phase, dryRun)
            .isEqualTo(ready ? Conditions.TRUE : Conditions.FALSE);
      }
    }
  }

  /**
   * kstatus' conditions beside Ready (docs/concepts.md): exactly one of Ready, Reconciling and Stalled is True in every
   * phase; the True one carries the turn's reason and message, and every one the generation it was computed from.
   */
  @Test
  void reconcilingAndStalledFollowThePhaseWithTheTurnsReason() {
    for (Phase phase : Phase.values()) {
      for (boolean dryRun : new boolean[] {false, true}) {
        var status = new ServiceAccountMigrationStatus();
        new StatusAggregator(new StatusEditor(status, T0, 4)).conclude(phase, dryRun, "Why", "what happens");
        String expected = switch (phase) {
          case Completed -> Conditions.READY;
          case Planned -> dryRun ? Conditions.READY : Conditions.RECONCILING;
          case Failed, RolledBack -> Conditions.STALLED;
          default -> Conditions.RECONCILING;
        };
        for (String type : List.of(Conditions.READY, Conditions.RECONCILING, Conditions.STALLED)) {
          Condition c = StatusEditor.find(status, type).orElseThrow();
          assertThat(c.getStatus()).as("%s in %s dryRun=%s", type, phase, dryRun)
              .isEqualTo(type.equals(expected) ? Conditions.TRUE : Conditions.FALSE);
          assertThat(c.getReason()).isEqualTo("Why");
          assertThat(c.getObservedGeneration()).isEqualTo(4L);
          if (type.equals(expected)) {
            assertThat(c.getMessage()).isEqualTo("what happens");
          }
        }
      }
    }
  }

  @Test
  void aPlanWaitingForAcceptedLossesIsStalledAndAnyOtherPlanningTurnReconciles() {
    var waiting = new ServiceAccountMigrationStatus();
    new StatusAggregator(new StatusEditor(waiting, T0, 1))
        .conclude(Phase.Planning, false, Conditions.Reason.LOSSES_NOT_ACCEPTED, "1 loss nobody accepted");
    assertThat(StatusEditor.find(waiting, Conditions.STALLED).orElseThrow().getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(StatusEditor.find(waiting, Conditions.RECONCILING).orElseThrow().getStatus()).isEqualTo(Conditions.FALSE);

    var retrying = new ServiceAccountMigrationStatus();
    new StatusAggregator(new StatusEditor(retrying, T0, 1))
        .conclude(Phase.Planning, false, Conditions.Reason.CLUSTER_UNREACHABLE, "source unreachable");
    assertThat(StatusEditor.find(retrying, Conditions.STALLED).orElseThrow().getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(StatusEditor.find(retrying, Conditions.RECONCILING).orElseThrow().getStatus()).isEqualTo(Conditions.TRUE);
  }

  /** OldTrustRemoved states the revocation horizon that applies to whom it concerns. */
  @Test
  void oldTrustStatesTheHorizonThatApplies() {
    String api = "2026-03-01T10:00:10Z";
    String offline = "2027-03-01T10:00:00Z";
    Condition orphaned = oldTrust(new Finding.OldTrust("https://src", List.of("vault-prod"), true, api, offline));
    assertThat(orphaned.getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(orphaned.getReason()).isEqualTo(Conditions.Reason.ORPHANED_TRUST);
    assertThat(orphaned.getMessage()).as("a party not confirmed may accept old tokens until the offline horizon")
        .contains("until " + offline).contains("vault-prod");

    Condition unbounded = oldTrust(new Finding.OldTrust("https://src", List.of("vault-prod"), true, api, null));
    assertThat(unbounded.getMessage()).contains("with no bound").doesNotContain(offline);

    Condition removed = oldTrust(new Finding.OldTrust("https://src", List.of(), true, api, offline));
    assertThat(removed.getReason()).isEqualTo(Conditions.Reason.OLD_TRUST_REMOVED);
    assertThat(removed.getMessage()).contains("https://src").contains("by " + api);

    Condition none = oldTrust(new Finding.OldTrust("https://src", List.of(), false, api, offline));
    assertThat(none.getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(none.getReason()).isEqualTo(Conditions.Reason.NO_RELYING_PARTY);
    assertThat(none.getMessage()).as("no relying party: when the source API server stops accepting")
        .contains("source API server stops accepting the old identity's tokens by " + api)
        .contains("until " + offline);
  }

  private static Condition oldTrust(Finding.OldTrust finding) {
    var status = new ServiceAccountMigrationStatus();
    var aggregator = new StatusAggregator(new StatusEditor(status, T0, 1));
    aggregator.report(finding);
    aggregator.conclude(Phase.Completed, false, "Completed", "");
    return status.getConditions().stream().filter(c -> c.getType().equals(Conditions.OLD_TRUST_REMOVED)).findFirst()
        .orElseThrow();
  }
}
