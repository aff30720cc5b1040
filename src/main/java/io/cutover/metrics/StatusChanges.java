package io.cutover.metrics;

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
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads what a turn did from the stored status before and after it. Status is the record of every action (written
 * before or with the action, never a secret), so observability needs no hook inside the phase steps, and a turn
 * whose status write failed is observed when it is repeated, not twice.
 */
public final class StatusChanges {
  private StatusChanges() {}

  /**
   * @param created when the migration was created (the entry time of its first phase), or null
   * @param result the step's result in this turn, or null when unknown
   */
  public static List<StatusChange> between(ServiceAccountMigrationStatus before, ServiceAccountMigrationStatus after,
      StepResult result, Instant created) {
    ServiceAccountMigrationStatus b = before == null ? new ServiceAccountMigrationStatus() : before;
    List<StatusChange> changes = new ArrayList<>();
    Phase from = b.getPhase() == null ? Phase.Pending : b.getPhase();
    Phase to = after.getPhase() == null ? Phase.Pending : after.getPhase();
    if (from != to) {
      HistoryEntry entered = last(after.getHistory());
      Instant left = entered == null ? null : instant(entered.time());
      HistoryEntry previous = last(b.getHistory());
      Instant since = previous != null && previous.phase() == from ? instant(previous.time()) : b.getHistory().isEmpty() ? created : null;
      Duration inPhase = since == null || left == null || left.isBefore(since) ? null : Duration.between(since, left);
      changes.add(new StatusChange.PhaseChanged(from, to, entered == null ? null : entered.reason(),
          entered == null ? null : entered.message(), inPhase));
    }
    TokenStatus tb = b.getToken();
    TokenStatus ta = after.getToken();
    if (ta != null && ta.getIssuedAt() != null && !ta.getIssuedAt().equals(tb == null ? null : tb.getIssuedAt())) {
      boolean renewal = tb != null && tb.getIssuedAt() != null;
      changes.add(new StatusChange.TokenIssued(renewal, ta.getSecretName(), instant(ta.getExpiresAt())));
    }
    CutoverStatus cb = b.getCutover();
    CutoverStatus ca = after.getCutover();
    if (ca != null) {
      Set<ObjectRef> known = new LinkedHashSet<>(cb == null ? List.of() : cb.getRevoked());
      for (ObjectRef r : ca.getRevoked()) {
        if (!known.contains(r)) {
          changes.add(new StatusChange.Revoked(r));
        }
      }
      if (ca.getCompletedAt() != null && (cb == null || cb.getCompletedAt() == null) && ca.getLatenessMillis() != null) {
        changes.add(new StatusChange.CutoverFinished(ca.getLatenessMillis() / 1000.0, ca.getTrigger(), ca.getRevoked().size()));
      }
    }
    if (provedIn(b.getVerification(), after.getVerification(), result)) {
      for (CheckResult c : after.getVerification().getChecks()) {
        if (!c.passed()) {
          changes.add(new StatusChange.VerificationFailed(c.name(), c.message()));
        }
      }
    }
    if (result instanceof StepResult.Retry r) {
      changes.add(new StatusChange.StepError(from, r.reason(), r.message()));
    }
    return changes;
  }

  /**
   * Whether a proof ran in this turn: its checks changed, or the step said the proof failed (the same failing
   * checks again leave the status as it was).
   */
  private static boolean provedIn(VerificationStatus before, VerificationStatus after, StepResult result) {
    if (after == null || after.getChecks() == null || after.getChecks().isEmpty()) {
      return false;
    }
    boolean changed = before == null || !Objects.equals(before.getChecks(), after.getChecks());
    String reason = result instanceof StepResult.Retry r ? r.reason()
        : result instanceof StepResult.Advance a ? a.reason()
        : result instanceof StepResult.Fail f ? f.reason()
        : result instanceof StepResult.Wait w ? w.reason() : null;
    boolean failedProof = Conditions.Reason.TARGET_NOT_PROVEN.equals(reason) || Conditions.Reason.VERIFICATION_FAILED.equals(reason)
        || Conditions.Reason.PERMISSIONS_REMAIN.equals(reason);
    return changed || failedProof;
  }

  private static HistoryEntry last(List<HistoryEntry> history) {
    return history == null || history.isEmpty() ? null : history.get(history.size() - 1);
  }

  static Instant instant(String time) {
    if (time == null) {
      return null;
    }
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
