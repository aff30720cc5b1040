package io.cutover.phase;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How long before its deadline a migration prepares, from the deadlines it shares, and how long that holds. */
class CutoverLeadTest {
  private static final Instant D = Instant.parse("2026-12-04T12:00:00Z");

  @Test
  void aMigrationAlonePreparesTwoSecondsBefore() {
    assertThat(CutoverLead.before(D, CutoverLead.Deadlines.alone())).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aThousandSharingOneDeadlinePrepareEarlierAndTenThousandAtTheCap() {
    assertThat(CutoverLead.before(D, deadlines(List.of(), D, 1000)))
        .isEqualTo(Duration.ofSeconds(2).plus(Duration.ofMillis(25).multipliedBy(999)));
    assertThat(CutoverLead.before(D, deadlines(List.of(), D, 10_000))).isEqualTo(CutoverLead.MAX);
  }

  @Test
  void theLeadIsTheFixedPointOfTheDeadlinesWithinItWhateverTheirSpread() {
    // Seeded random sequences of deadlines; the lead returned holds for what falls within it (or is the cap).
    for (long seed = 1; seed <= 200; seed++) {
      Random random = new Random(seed);
      List<Instant> known = new ArrayList<>();
      int n = random.nextInt(3000);
      long spreadMillis = 1 + random.nextInt(120_000);
      for (int i = 0; i < n; i++) {
        known.add(D.minusMillis(random.nextLong(spreadMillis)));
      }
      CutoverLead.Deadlines deadlines = deadlines(known, D, 1);
      Duration lead = CutoverLead.before(D, deadlines);
      int within = deadlines.between(D.minus(lead), D);
      Duration expected = CutoverLead.BASE.plus(CutoverLead.PER_MIGRATION.multipliedBy(within - 1L));
      // The fixed point: every migration within the lead has its PER_MIGRATION in it, and no more (or the cap).
      assertThat(lead).as("seed %d", seed).isEqualTo(expected.compareTo(CutoverLead.MAX) > 0 ? CutoverLead.MAX : expected);
    }
  }

  @Test
  void aPreparationHoldsForThreeTimesTheLeadItWasMadeWith() {
    Instant atTwo = D.minusSeconds(2);
    assertThat(CutoverLead.fresh(atTwo, D, D)).isTrue();
    assertThat(CutoverLead.fresh(atTwo, D, D.plusSeconds(4))).isTrue();
    assertThat(CutoverLead.fresh(atTwo, D, D.plusSeconds(4).plusMillis(1))).isFalse();

    Instant atTwentySeven = D.minusSeconds(27); // a burst's: not judged by the shorter lead computed at the deadline
    assertThat(CutoverLead.fresh(atTwentySeven, D, D.plusSeconds(54))).isTrue();
    assertThat(CutoverLead.fresh(atTwentySeven, D, D.plusSeconds(54).plusMillis(1))).isFalse();

    Instant afterTheDeadline = D.plusSeconds(1); // prepared at the deadline, retried: the base lead's bound
    assertThat(CutoverLead.fresh(afterTheDeadline, D, D.plusSeconds(7))).isTrue();
    assertThat(CutoverLead.fresh(afterTheDeadline, D, D.plusSeconds(7).plusMillis(1))).isFalse();

    Instant longBefore = D.minus(Duration.ofHours(1)); // never relied on past three times the cap
    assertThat(CutoverLead.fresh(longBefore, D, D.minus(Duration.ofHours(1)).plus(CutoverLead.MAX.multipliedBy(3))))
        .isTrue();
    assertThat(CutoverLead.fresh(longBefore, D, D)).isFalse();
  }

  /** {@code known} deadlines, plus {@code atD} of them at {@code d}. */
  private static CutoverLead.Deadlines deadlines(List<Instant> known, Instant d, int atD) {
    return (from, to) -> (int) known.stream().filter(t -> !t.isBefore(from) && !t.isAfter(to)).count()
        + (!d.isBefore(from) && !d.isAfter(to) ? atD : 0);
  }
}
