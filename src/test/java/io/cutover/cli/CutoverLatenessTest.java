package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.CutoverStatus;
import io.cutover.api.v1alpha1.DualRunStatus;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import org.junit.jupiter.api.Test;

/** The demo's cutover line: the deadline, the lateness, and its two parts from what status holds. */
class CutoverLatenessTest {

  static ServiceAccountMigrationStatus status(String trigger, String deadline, String intent, String completed,
      Long lateness) {
    var s = new ServiceAccountMigrationStatus();
    var d = new DualRunStatus();
    d.setDeadline(deadline);
    s.setDualRun(d);
    var c = new CutoverStatus();
    c.setTrigger(trigger);
    c.setIntentAt(intent);
    c.setCompletedAt(completed);
    c.setLatenessMillis(lateness);
    s.setCutover(c);
    return s;
  }

  @Test
  void atTheDeadlineTheLatenessIsSplitIntoTheReCheckBeforeTheIntentAndTheRevocationAfterIt() {
    var s = status("Deadline", "2026-12-03T14:37:30.746Z", "2026-12-03T14:37:31.176Z", "2026-12-03T14:37:31.201Z",
        455L);

    assertThat(CutoverLateness.explain(s)).hasValueSatisfying(t -> assertThat(t)
        .startsWith("deadline 2026-12-03T14:37:30.746Z; revocation finished 455 ms after it: 430 ms from the deadline"
            + " to the intent (the operator wakes at the deadline, then re-checks the target: its token's TokenReview,"
            + " access reviews if its RBAC changed) + 25 ms from the intent to the end (the intent written to status,"
            + " then the revocation requests to the source, sent together). Both run from the deadline, never before it"));
  }

  @Test
  void anApprovedCutoverBeforeTheDeadlineSaysHowLongBeforeIt() {
    var s = status("Approved", "2026-12-03T14:37:30.000Z", "2026-12-03T14:37:20.000Z", "2026-12-03T14:37:20.040Z",
        -9960L);

    assertThat(CutoverLateness.explain(s)).hasValue("approved before the deadline 2026-12-03T14:37:30.000Z: revocation"
        + " finished 9960 ms before it: intent recorded 10000 ms before the deadline (once the target proved again"
        + " after the approval), then 40 ms from the intent to the end (the intent written to status, then the"
        + " revocation requests to the source, sent together).");
  }

  @Test
  void nothingIsToldBeforeTheRevocationFinishesOrWhenATimeDoesNotParse() {
    assertThat(CutoverLateness.explain(status("Deadline", "2026-12-03T14:37:30.746Z", "2026-12-03T14:37:31.176Z",
        null, null))).isEmpty();
    assertThat(CutoverLateness.explain(status("Deadline", "not a time", "2026-12-03T14:37:31.176Z",
        "2026-12-03T14:37:31.201Z", 455L))).isEmpty();
    assertThat(CutoverLateness.explain(new ServiceAccountMigrationStatus())).isEmpty();
  }

  @Test
  void longLinesBreakAtSpacesUnderTheMessageColumn() {
    String line = "  +10.9s                " + "word ".repeat(40).trim();
    String wrapped = SandboxCommand.wrap(line, " ".repeat(24), 60);

    assertThat(wrapped.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(60));
    assertThat(wrapped.lines().skip(1)).allSatisfy(l -> assertThat(l).startsWith(" ".repeat(24) + "word"));
    assertThat(wrapped.replaceAll("\\R {24}", " ")).isEqualTo(line);
  }
}
