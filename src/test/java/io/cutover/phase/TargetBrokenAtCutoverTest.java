package io.cutover.phase;

import static io.cutover.plan.PlanFixtures.NS;
import static io.cutover.plan.PlanFixtures.SA;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.status.StatusEditor;
import io.cutover.testing.ReliabilityReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The target breaks just before the cutover — its ServiceAccount deleted, a binding removed, the cluster unreachable —
 * either before the pre-cutover proof or between it and the deadline (where only the cheap re-check stands). Nothing
 * on the source is ever revoked. With {@code onDeadline: Cutover} the migration keeps retrying with the reason
 * TargetNotProven and the failed check, and rolls the unproven target back {@link DualRunStep#UNPROVEN_GRACE} after the
 * deadline at the latest; with {@code onDeadline: Rollback} (approved, so it would have cut over) it rolls back at once.
 */
class TargetBrokenAtCutoverTest {
  enum Breakage {
    SERVICE_ACCOUNT_DELETED("TargetServiceAccount"),
    BINDING_REMOVED("TargetAccessReview"),
    UNREACHABLE("TargetAccess");

    final String failedCheck;

    Breakage(String failedCheck) {
      this.failedCheck = failedCheck;
    }

    void apply(MigrationHarness h) {
      switch (this) {
        case SERVICE_ACCOUNT_DELETED -> h.target.remove("ServiceAccount", NS, SA);
        case BINDING_REMOVED -> h.target.objects().stream()
            .filter(o -> o.getKind().equals("RoleBinding") && o.getMetadata().getLabels() != null)
            .findFirst().ifPresent(o -> h.target.remove("RoleBinding", o.getMetadata().getNamespace(), o.getMetadata().getName()));
        case UNREACHABLE -> h.target.unreachable(true);
      }
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Breakage b : Breakage.values()) {
      for (DualRunSpec.OnDeadline onDeadline : DualRunSpec.OnDeadline.values()) {
        // A Rollback migration does not prepare a cutover it will not make: no pre-cutover proof to break after.
        for (boolean afterPreProof : onDeadline == DualRunSpec.OnDeadline.Rollback ? List.of(false) : List.of(false, true)) {
          out.add(Arguments.of(b, onDeadline, afterPreProof));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}, onDeadline {1}, broken after the pre-cutover proof: {2}")
  @MethodSource("cases")
  void aTargetThatCannotBeProvenAtTheDeadlineIsNeverCutOverAndTheOverlapStaysBounded(Breakage breakage,
      DualRunSpec.OnDeadline onDeadline, boolean afterPreProof) {
    MigrationHarness h = new MigrationHarness();
    h.sam.getSpec().getDualRun().setOnDeadline(onDeadline);
    PhaseStepsTest.inDualRun(h);
    MigrationInvariants inv = new MigrationInvariants(h);
    Set<String> sourceBefore = PhaseStepsTest.sourceState(h.source);
    Instant deadline = h.deadline();
    if (afterPreProof) {
      h.clock.set(deadline.minus(CutoverLead.BASE));
      h.reconcile();
      if (onDeadline == DualRunSpec.OnDeadline.Cutover) {
        assertThat(h.condition(Conditions.TARGET_PROVEN)).as("pre-cutover proof").isEqualTo("True/Proven");
      }
    }
    breakage.apply(h);
    if (onDeadline == DualRunSpec.OnDeadline.Rollback) {
      h.sam.getSpec().getCutover().setApproved(true); // approved at the deadline: it would cut over, were the target proven
    }
    h.clock.set(deadline);

    Instant rollingBackAt = null;
    for (int i = 0; i < 200 && !h.phase().isTerminal(); i++) {
      inv.at("reconcile " + i + " in " + h.phase());
      Phase before = h.phase();
      h.tick();
      inv.checkNow();
      if (before != Phase.RollingBack && h.phase() == Phase.RollingBack) {
        rollingBackAt = h.clock.instant();
        var ready = StatusEditor.find(h.status, Conditions.READY).orElseThrow();
        assertThat(ready.getReason()).isEqualTo(Conditions.Reason.TARGET_NOT_PROVEN);
        assertThat(ready.getMessage()).as("says which check failed").containsPattern(breakage.failedCheck);
        h.target.unreachable(false); // the cluster comes back, so the rollback can remove what was created
      } else if (h.phase() == Phase.DualRun) {
        var ready = StatusEditor.find(h.status, Conditions.READY).orElseThrow();
        assertThat(ready.getReason()).as("while retrying").isEqualTo(Conditions.Reason.TARGET_NOT_PROVEN);
        assertThat(ready.getMessage()).containsPattern(breakage.failedCheck).contains("nothing on the source is revoked");
        assertThat(StatusEditor.find(h.status, Conditions.TARGET_PROVEN).orElseThrow().getStatus()).isEqualTo(Conditions.FALSE);
      }
      assertThat(h.nextRun).as("always rescheduled").isNotNull();
      assertThat(Duration.between(h.clock.instant(), h.nextRun)).isLessThanOrEqualTo(PhaseMachine.MAX_BACKOFF);
      if (h.nextRun.isAfter(h.clock.instant())) {
        h.clock.set(h.nextRun);
      }
      // Once the backoff has reached its cap, skip ahead to just before the grace ends (the retries in between are alike).
      Instant skipTo = deadline.plus(DualRunStep.UNPROVEN_GRACE).minus(PhaseMachine.MAX_BACKOFF);
      if (h.phase() == Phase.DualRun && h.status.getConsecutiveErrors() != null && h.status.getConsecutiveErrors() >= 6
          && h.clock.instant().isBefore(skipTo)) {
        h.clock.set(skipTo);
      }
    }

    assertThat(h.phase()).isEqualTo(Phase.RolledBack);
    assertThat(rollingBackAt).isNotNull();
    Duration overlap = Duration.between(deadline, rollingBackAt);
    Duration bound = onDeadline == DualRunSpec.OnDeadline.Rollback ? Duration.ZERO
        : DualRunStep.UNPROVEN_GRACE.plus(PhaseMachine.MAX_BACKOFF);
    System.out.printf("target %s, onDeadline %s, after pre-proof %s: rolling back %d ms after the deadline%n",
        breakage, onDeadline, afterPreProof, overlap.toMillis());
    assertThat(overlap).as("the overlap past the deadline is bounded").isLessThanOrEqualTo(bound);
    if (onDeadline == DualRunSpec.OnDeadline.Cutover) {
      assertThat(overlap).as("a Cutover migration retries through the grace").isGreaterThanOrEqualTo(DualRunStep.UNPROVEN_GRACE);
    }
    assertThat(PhaseStepsTest.sourceState(h.source)).as("the source is as it was").isEqualTo(sourceBefore);
    assertThat(h.journal.calls()).noneMatch(inv::isSourceRevocation);
    inv.at("settled");
    inv.checkSettled();
    assertThat(inv.violations).isEmpty();
    ReliabilityReport.add(ReliabilityReport.Counter.INVARIANT_CHECKS, inv.checks);
  }
}
