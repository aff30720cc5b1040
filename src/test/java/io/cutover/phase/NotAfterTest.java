package io.cutover.phase;

import static io.cutover.phase.MigrationHarness.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.HistoryEntry;
import io.cutover.api.v1alpha1.Phase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.dualRun.notAfter}: the deadline is the earlier of the window's end and notAfter, written once when the
 * window opens. The fixture's window is 15 minutes and the window opens at {@link MigrationHarness#START} (the clock
 * stands still until a reschedule moves it). The invariants (no revocation before the deadline or without a proven
 * target, the deadline never moves) are watched throughout.
 */
class NotAfterTest {
  private static final Duration WINDOW = Duration.ofMinutes(15);

  private static MigrationHarness withNotAfter(Instant notAfter) {
    MigrationHarness h = new MigrationHarness();
    assertThat(h.sam.getSpec().getDualRun().getWindow()).isEqualTo("15m");
    h.sam.getSpec().getDualRun().setNotAfter(notAfter.toString());
    return h;
  }

  private static Instant completedAt(MigrationHarness h) {
    return Instant.parse(h.status.getCutover().getCompletedAt());
  }

  private static Instant entered(MigrationHarness h, Phase phase) {
    return h.status.getHistory().stream().filter(e -> e.phase() == phase).map(HistoryEntry::time).map(Instant::parse)
        .findFirst().orElseThrow();
  }

  @Test
  void aNotAfterBeforeTheWindowsEndIsTheDeadlineAndTheCutoverWaitsForIt() {
    Instant notAfter = START.plus(Duration.ofMinutes(5));
    MigrationHarness h = withNotAfter(notAfter);
    MigrationInvariants inv = new MigrationInvariants(h);

    assertThat(h.runWhileAdvancing(10)).isEqualTo(Phase.DualRun);
    assertThat(h.status.getDualRun().getStartedAt()).isEqualTo(START.toString());
    assertThat(h.deadline()).isEqualTo(notAfter);
    assertThat(h.nextRun).as("rescheduled for the shared deadline (or just before it), not the window's end")
        .isBefore(START.plus(WINDOW)).isBeforeOrEqualTo(notAfter);

    assertThat(h.runUntil(Phase.Completed, 50)).isEqualTo(Phase.Completed);
    assertThat(h.status.getCutover().getTrigger()).isEqualTo("Deadline");
    assertThat(Instant.parse(h.status.getCutover().getIntentAt())).isAfterOrEqualTo(notAfter);
    assertThat(h.status.getCutover().getLatenessMillis())
        .isEqualTo(Duration.between(notAfter, completedAt(h)).toMillis());
    inv.checkNow();
    assertThat(inv.violations).isEmpty();
  }

  @Test
  void aNotAfterPastTheWindowsEndChangesNothing() {
    MigrationHarness h = withNotAfter(START.plus(WINDOW).plusSeconds(1));
    MigrationInvariants inv = new MigrationInvariants(h);

    assertThat(h.runWhileAdvancing(10)).isEqualTo(Phase.DualRun);
    assertThat(h.deadline()).as("the window stays the bound").isEqualTo(START.plus(WINDOW));

    assertThat(h.runUntil(Phase.Completed, 50)).isEqualTo(Phase.Completed);
    assertThat(Instant.parse(h.status.getCutover().getIntentAt())).isAfterOrEqualTo(START.plus(WINDOW));
    assertThat(h.status.getCutover().getLatenessMillis())
        .isEqualTo(Duration.between(START.plus(WINDOW), completedAt(h)).toMillis());
    inv.checkNow();
    assertThat(inv.violations).isEmpty();
  }

  @Test
  void aNotAfterAlreadyPastWhenTheWindowOpensIsDueAtOnceTheTargetIsProvenFirstAndLatenessCountsFromNotAfter() {
    Instant notAfter = START.minus(Duration.ofHours(1));
    MigrationHarness h = withNotAfter(notAfter);
    MigrationInvariants inv = new MigrationInvariants(h);

    assertThat(h.runUntil(Phase.Completed, 50)).isEqualTo(Phase.Completed);

    assertThat(h.status.getDualRun().getStartedAt()).isEqualTo(START.toString());
    assertThat(h.deadline()).as("the deadline is notAfter as written, before the window's start").isEqualTo(notAfter);
    // The normal path, only due at once: provisioned and proven, then into the dual run, then cut over.
    assertThat(h.status.getHistory()).extracting(HistoryEntry::phase).containsSubsequence(Phase.Provisioning,
        Phase.DualRun, Phase.CuttingOver, Phase.Verifying, Phase.Completed);
    assertThat(h.status.getVerification().getTargetProvenAt()).isNotNull();
    assertThat(h.status.getCutover().getTrigger()).isEqualTo("Deadline");
    assertThat(entered(h, Phase.CuttingOver)).as("nothing waited for a later deadline").isEqualTo(START);
    // Lateness counts from the deadline, i.e. from notAfter: the hour the migration arrived late is in it.
    assertThat(h.status.getCutover().getLatenessMillis())
        .isEqualTo(Duration.between(notAfter, completedAt(h)).toMillis())
        .isGreaterThanOrEqualTo(Duration.ofHours(1).toMillis());
    // The overlap (window opened .. revocation finished) stays within the window, as invariant 2 requires.
    assertThat(Duration.between(START, completedAt(h))).isLessThanOrEqualTo(WINDOW);
    inv.checkNow();
    assertThat(inv.violations).isEmpty();
  }

  @Test
  void theDeadlineIsComputedOnceWhenTheWindowOpensAndALaterNotAfterDoesNotMoveIt() {
    MigrationHarness h = withNotAfter(START.plus(Duration.ofMinutes(5)));
    MigrationInvariants inv = new MigrationInvariants(h);
    assertThat(h.runWhileAdvancing(10)).isEqualTo(Phase.DualRun);

    h.sam.getSpec().getDualRun().setNotAfter(START.plus(Duration.ofMinutes(1)).toString());
    h.clock.set(START.plus(Duration.ofSeconds(90)));
    h.reconcile();

    assertThat(h.phase()).isEqualTo(Phase.DualRun);
    assertThat(h.deadline()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    inv.checkNow();
    assertThat(inv.violations).isEmpty();
  }
}
