package io.cutover.phase;

import java.time.Duration;
import java.time.Instant;

/**
 * How long before its deadline a migration prepares its cutover (design entry 161). The preparation (re-plan, the
 * proof brought up to date, the canary, the revocation recorded) costs requests and CPU; done by every migration
 * {@link #BASE} before the deadline, a thousand migrations sharing one deadline could not all finish it in time, and
 * those that did not prepared at the deadline, on the critical path. So the lead grows with the migrations this
 * operator knows to be due around the same time: {@link #BASE} plus {@link #PER_MIGRATION} for each one whose
 * deadline falls within the lead before this deadline (itself included), at most {@link #MAX}. Preparing earlier
 * weakens nothing: at the deadline the delivered token is reviewed again and the proof repeated for whatever rules
 * changed since ({@link TargetProof#recheck}), and the cutover lists the legacy Secrets created since.
 */
public final class CutoverLead {
  /** The lead of a migration alone. */
  public static final Duration BASE = Duration.ofSeconds(2);
  /** What one preparation takes of the operator and the API servers, measured with {@code bench --burst}. */
  public static final Duration PER_MIGRATION = Duration.ofMillis(25);
  /** The longest lead: a preparation is then at most {@code 3 × MAX} old at the deadline. */
  public static final Duration MAX = Duration.ofSeconds(60);

  /** The deadlines an operator knows of: how many fall in {@code [from, to]}. */
  @FunctionalInterface
  public interface Deadlines {
    int between(Instant from, Instant to);

    /** Nothing known but the migration itself: the lead is {@link #BASE}. */
    static Deadlines alone() {
      return (from, to) -> 1;
    }
  }

  private CutoverLead() {}

  /** The lead before {@code deadline}: the fixed point of "BASE + PER_MIGRATION × deadlines within the lead". */
  public static Duration before(Instant deadline, Deadlines deadlines) {
    // Each step that changes the lead adds at least PER_MIGRATION, so this ends by MAX / PER_MIGRATION steps; a burst
    // (one instant) takes two, deadlines spread as in a steady stream a few.
    Duration lead = BASE;
    for (long i = MAX.dividedBy(PER_MIGRATION) + 1; i > 0; i--) {
      int sharing = Math.max(1, deadlines.between(deadline.minus(lead), deadline));
      Duration next = BASE.plus(PER_MIGRATION.multipliedBy(sharing - 1L));
      next = next.compareTo(MAX) > 0 ? MAX : next;
      if (next.equals(lead)) {
        break;
      }
      lead = next;
    }
    return lead;
  }

  /**
   * Whether a preparation made at {@code preparedAt} is still relied on at {@code now}: it is at most three times
   * the lead it was made with old (the time from it to the deadline, between {@link #BASE} and {@link #MAX}). Not
   * the lead computed now: when the migrations due with it have cut over, the lead computed at the deadline is
   * shorter than the one it was prepared with. A preparation the operator made before going down for longer than
   * that (or one made at the deadline and retried long after) is made again, with the full proof.
   */
  public static boolean fresh(Instant preparedAt, Instant deadline, Instant now) {
    Duration lead = Duration.between(preparedAt, deadline);
    lead = lead.compareTo(BASE) < 0 ? BASE : lead.compareTo(MAX) > 0 ? MAX : lead;
    return !preparedAt.isBefore(now.minus(lead.multipliedBy(3)));
  }
}
