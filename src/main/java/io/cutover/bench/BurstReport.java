package io.cutover.bench;

import java.util.List;
import java.util.Map;

/**
 * What burst mode ({@code bench --burst D}, {@link Burst}) measured: every migration's dual run ends at one shared
 * deadline, {@code notAfter} = the time the first migration was applied + {@code burst}.
 *
 * <p>{@code inDualRunAtDeadline}: migrations whose history has them entering DualRun at or before the deadline and
 * leaving it at or after it. {@code revocationRequests}: the operator's writes (delete, update, patch) to the
 * identities' own objects on the source — legacy token Secret, RoleBinding, ServiceAccount — counted at the source's
 * server by verb and resource, issued at or after the deadline; {@code revocationRequestsBeforeDeadline} the same
 * before it (a revocation before the deadline would break the overlap bound: 0 expected).
 * {@code first/lastRevocationRequestMillis}: when the first and the last of them reached the server, after the
 * deadline. {@code otherSourceRequestsDuringRevocation}: the operator's other requests to the source from the
 * deadline to the last completion (reads on the critical path, the canary's verification). {@code minimumSeconds}:
 * what the measured write rate allows for the revocation requests, the sum over kinds of count ÷ rate (a kind not
 * measured at the measured mix's rate); {@code actualSeconds}: the deadline → the last
 * {@code status.cutover.completedAt}; {@code ratio}: actual ÷ minimum (the goal: at most 1.25).
 * {@code notes}: what makes the figures less than clean (not all in the dual run, a measurement that ran into the
 * pre-cutover work, a kind not measured).
 */
public record BurstReport(
    String burst,
    String notAfter,
    String window,
    int migrations,
    int inDualRunAtDeadline,
    WriteRate writeRate,
    Map<String, Long> revocationRequests,
    long revocationRequestsTotal,
    long revocationRequestsBeforeDeadline,
    Long firstRevocationRequestMillis,
    Long lastRevocationRequestMillis,
    Map<String, Long> otherSourceRequestsDuringRevocation,
    int cutovers,
    Double minimumSeconds,
    Double actualSeconds,
    Double ratio,
    List<String> notes) {

  /**
   * The source's measured write rate ({@link io.cutover.bench.WriteRate}): {@code concurrency} requests in flight,
   * on {@code throwawayIdentities} identities; {@code inDualRunWhenMeasured} migrations were in the dual run (or past
   * it) when it began; it ended {@code endedMillisBeforeDeadline} before the shared deadline.
   */
  public record WriteRate(int concurrency, int throwawayIdentities, int inDualRunWhenMeasured,
      long endedMillisBeforeDeadline, Map<String, KindRate> byKind, double allPerSecond) {}

  /** One kind of write: how many were sent, in how long, so how many per second. */
  public record KindRate(int requests, double seconds, double perSecond) {}

  /** The rows of the benchmark's table. */
  String table() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("  burst               shared deadline %s (first apply + %s), window %s%n", notAfter, burst,
        window));
    b.append(String.format("  in dual run         %d of %d at the deadline%s%n", inDualRunAtDeadline, migrations,
        inDualRunAtDeadline == migrations ? "" : ": raise --burst (" + burst + ") so that all are provisioned before it"));
    if (writeRate != null) {
      StringBuilder kinds = new StringBuilder();
      writeRate.byKind().forEach((k, r) -> kinds.append(String.format("%s%s %.0f/s", kinds.length() == 0 ? "" : ", ",
          k, r.perSecond())));
      b.append(String.format("  source write rate   %.0f/s (%s), %d in flight, %d throwaway identities,"
          + " ended %d ms before the deadline%n", writeRate.allPerSecond(), kinds, writeRate.concurrency(),
          writeRate.throwawayIdentities(), writeRate.endedMillisBeforeDeadline()));
    }
    b.append(String.format("  revocation writes   %d at the source after the deadline %s, %d before it%n",
        revocationRequestsTotal, revocationRequests, revocationRequestsBeforeDeadline));
    if (firstRevocationRequestMillis != null) {
      b.append(String.format("                      first %d ms, last %d ms after the deadline; other source requests"
          + " meanwhile %s%n", firstRevocationRequestMillis, lastRevocationRequestMillis,
          otherSourceRequestsDuringRevocation));
    }
    b.append(String.format("  burst revocation    %d cut over: minimum %s s at the measured rate, actual %s s"
        + " (deadline -> last completedAt), ratio %s (goal <= 1.25)%n", cutovers, fmt(minimumSeconds),
        fmt(actualSeconds), fmt(ratio)));
    notes.forEach(n -> b.append("  note                ").append(n).append(System.lineSeparator()));
    return b.toString();
  }

  private static String fmt(Double v) {
    return v == null ? "n/a" : String.format("%.2f", v);
  }
}
