package io.cutover.metrics;

import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.events.EventRecorder;
import io.cutover.phase.PhaseMachine;
import io.cutover.reconciler.MigrationObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a turn did ({@link StatusChanges}) into metrics and Kubernetes Events on the migration: an Event for
 * every phase transition, token issue and renewal, finished revocation, failed proof and retried step error.
 */
public final class MigrationTelemetry implements MigrationObserver {
  private static final Logger log = LoggerFactory.getLogger(MigrationTelemetry.class);
  private final CutoverMetrics metrics;
  private final EventRecorder events;

  public MigrationTelemetry(CutoverMetrics metrics, EventRecorder events) {
    this.metrics = metrics;
    this.events = events;
  }

  @Override
  public void turned(ServiceAccountMigration sam, ServiceAccountMigrationStatus before,
      ServiceAccountMigrationStatus after, PhaseMachine.Turn turn) {
    try {
      observe(sam, before, after, turn);
    } catch (RuntimeException e) {
      log.warn("observing a turn failed with {}", e.getClass().getName());
    }
  }

  private void observe(ServiceAccountMigration sam, ServiceAccountMigrationStatus before,
      ServiceAccountMigrationStatus after, PhaseMachine.Turn turn) {
    metrics.update(sam.getMetadata().getNamespace(), sam.getMetadata().getName(), MigrationSnapshot.of(after));
    Instant created = StatusChanges.instant(sam.getMetadata().getCreationTimestamp());
    List<StatusChange> changes = StatusChanges.between(before, after, turn == null ? null : turn.result(), created);
    List<String> failedChecks = new ArrayList<>();
    Map<String, Integer> revokedKinds = new TreeMap<>();
    for (StatusChange change : changes) {
      if (change instanceof StatusChange.PhaseChanged p) {
        metrics.transition(p.from(), p.to(), p.inPhase());
        boolean bad = p.to() == Phase.Failed || p.to() == Phase.RollingBack || p.to() == Phase.RolledBack;
        events.record(sam, bad ? EventRecorder.Type.Warning : EventRecorder.Type.Normal, action(p.to()),
            camelCase(p.reason(), "PhaseChanged"),
            p.from() + " -> " + p.to() + (p.message() == null || p.message().isEmpty() ? "" : ": " + p.message()));
      } else if (change instanceof StatusChange.TokenIssued t) {
        metrics.tokenIssued(t.renewal());
        events.record(sam, EventRecorder.Type.Normal, "IssueToken", t.renewal() ? "TokenRenewed" : "TokenIssued",
            (t.renewal() ? "renewed the token" : "issued a token") + " for the target identity in Secret " + t.secretName()
                + (t.expiresAt() == null ? "" : "; it expires at " + t.expiresAt()));
      } else if (change instanceof StatusChange.Revoked r) {
        metrics.revoked(r.object().kind());
        revokedKinds.merge(r.object().kind(), 1, Integer::sum);
      } else if (change instanceof StatusChange.CutoverFinished c) {
        metrics.cutoverLateness(c.latenessSeconds());
        events.record(sam, EventRecorder.Type.Normal, "Cutover", "CredentialsRevoked", c.revoked() + " object(s) revoked on the source "
            + (revokedKinds.isEmpty() ? "" : revokedKinds + " ") + "(" + c.trigger() + "); the revocation finished "
            + String.format("%.3f", Math.abs(c.latenessSeconds())) + " s " + (c.latenessSeconds() >= 0 ? "after" : "before")
            + " the deadline");
      } else if (change instanceof StatusChange.VerificationFailed v) {
        metrics.verificationFailed(v.check());
        failedChecks.add(v.check() + ": " + v.message());
      } else if (change instanceof StatusChange.StepError s) {
        metrics.stepError(s.phase(), s.reason());
        if (failedChecks.isEmpty()) {
          events.record(sam, EventRecorder.Type.Warning, action(s.phase()), camelCase(s.reason(), "StepError"),
              s.phase() + ": " + s.message());
        }
      }
    }
    if (!failedChecks.isEmpty()) {
      events.record(sam, EventRecorder.Type.Warning, "Verify", "VerificationFailed", String.join("; ", failedChecks));
    }
  }

  /**
   * The Event's action: what the operator does in (or to reach) a phase, one stable verb per kind of work, so
   * {@code kubectl get events --field-selector} and event exporters can group them: Plan (Pending, Planning, Planned,
   * and Failed, which only planning reaches), Provision (Provisioning, DualRun), Cutover (CuttingOver), Verify
   * (Verifying, Completed), Rollback (RollingBack, RolledBack).
   */
  static String action(Phase phase) {
    if (phase == null) {
      return "Plan";
    }
    return switch (phase) {
      case Pending, Planning, Planned, Failed -> "Plan";
      case Provisioning, DualRun -> "Provision";
      case CuttingOver -> "Cutover";
      case Verifying, Completed -> "Verify";
      case RollingBack, RolledBack -> "Rollback";
    };
  }

  /** Event reasons are CamelCase (UpperCamelCase, as kube's own); anything else is replaced. */
  static String camelCase(String reason, String fallback) {
    return reason != null && reason.matches("[A-Z][A-Za-z0-9]*") ? reason : fallback;
  }
}
