package io.cutover.metrics;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.RevocationHorizon;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.status.StatusEditor;
import io.cutover.trust.RevocationHorizons;
import java.time.Instant;

/**
 * The per-migration values exported as gauges, read from its stored status. A null value means the series is not
 * exported (no dual-run window yet, no delivered token to renew).
 *
 * @param phase the phase (counted in {@code cutover_migrations}, never a per-migration label)
 * @param ready 1 when the Ready condition is True, else 0
 * @param failed 1 when the migration stopped in Failed
 * @param dualRunOpen 1 from the start of the dual-run window until the revocation finished; {@link #open} adds the
 *     time until the source API server stops accepting the old identity's tokens
 * @param sourceApiServerHorizon when the source API server stops accepting the old identity's last token (Unix
 *     time; +Inf when nothing bounds it; null before the revocation finished)
 * @param offlineHorizon until when a relying party that verifies offline may accept one (the same conventions)
 */
public record MigrationSnapshot(Phase phase, double ready, double failed, double dualRunOpen, Double dualRunStart,
    Double dualRunDeadline, Double tokenExpiry, Double tokenRenewal, Double sourceApiServerHorizon,
    Double offlineHorizon) {

  /**
   * Whether old and new credentials may both be valid at {@code nowSeconds}: the dual-run window, and after the
   * revocation until the source API server's horizon (its token cache) has passed.
   */
  public double open(double nowSeconds) {
    boolean horizonAhead = sourceApiServerHorizon != null && nowSeconds < sourceApiServerHorizon
        && phase != Phase.RollingBack && phase != Phase.RolledBack && phase != Phase.Failed;
    return dualRunOpen == 1 || horizonAhead ? 1 : 0;
  }

  public static MigrationSnapshot of(ServiceAccountMigrationStatus status) {
    Phase phase = status == null || status.getPhase() == null ? Phase.Pending : status.getPhase();
    boolean ready = StatusEditor.find(status, Conditions.READY).map(c -> Conditions.TRUE.equals(c.getStatus())).orElse(false);
    boolean open = phase == Phase.Provisioning || phase == Phase.DualRun || phase == Phase.CuttingOver;
    Double start = null;
    Double deadline = null;
    if (status != null && status.getDualRun() != null) {
      start = seconds(status.getDualRun().getStartedAt());
      deadline = seconds(status.getDualRun().getDeadline());
    }
    Double expiry = null;
    Double renewal = null;
    // A token is kept renewed from Provisioning on, in Completed too; after a rollback or failure nothing is renewed.
    boolean renewing = phase == Phase.Provisioning || phase == Phase.DualRun || phase == Phase.CuttingOver
        || phase == Phase.Verifying || phase == Phase.Completed;
    if (renewing && status.getToken() != null) {
      expiry = seconds(status.getToken().getExpiresAt());
      renewal = seconds(status.getToken().getRenewAt());
    }
    Double apiServer = null;
    Double offline = null;
    if (status != null && status.getCutover() != null && !status.getCutover().getRevocationHorizon().isEmpty()) {
      var horizons = status.getCutover().getRevocationHorizon();
      apiServer = horizon(horizons, RevocationHorizon.SOURCE_API_SERVER);
      offline = horizon(horizons, RevocationHorizon.OFFLINE_VERIFIER);
    }
    return new MigrationSnapshot(phase, ready ? 1 : 0, phase == Phase.Failed ? 1 : 0, open ? 1 : 0, start, deadline,
        expiry, renewal, apiServer, offline);
  }

  /** The latest until of a verifier's rows, +Inf when one is unbounded, null when it has none. */
  private static Double horizon(java.util.List<RevocationHorizon> horizons, String verifier) {
    if (horizons.stream().noneMatch(h -> verifier.equals(h.verifier()))) {
      return null;
    }
    return RevocationHorizons.latest(horizons, verifier).map(i -> i.toEpochMilli() / 1000.0)
        .orElse(Double.POSITIVE_INFINITY);
  }

  private static Double seconds(String time) {
    Instant i = StatusChanges.instant(time);
    return i == null ? null : i.toEpochMilli() / 1000.0;
  }
}
