package io.cutover.status;

import io.cutover.api.v1alpha1.CheckResult;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Conditions.Reason;
import io.cutover.api.v1alpha1.Phase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one writer of conditions (ArchitectureTest checks it). During a turn the steps {@link #report} what they found;
 * at the end of the turn {@link #conclude} derives a condition from each finding (type, status, reason, message) and
 * Ready from the phase the turn ends in, and writes them through {@link StatusEditor}, which keeps lastTransitionTime
 * unless a status flips. A condition reported twice in one turn is written once, with the last finding: it flips
 * only when the last finding differs from what is stored.
 */
public final class StatusAggregator {
  private final StatusEditor edit;
  private final List<Finding> findings = new ArrayList<>();

  public StatusAggregator(StatusEditor edit) {
    this.edit = edit;
  }

  public void report(Finding finding) {
    findings.add(finding);
  }

  /**
   * Writes the conditions of the findings (in the order first reported), Ready, the summary GitOps tools read, and
   * kstatus' Reconciling and Stalled beside it. Ready is True only for a completed migration (or a planned dry run);
   * otherwise False with the reason and message of what the turn is doing or waiting for. Reconciling and Stalled
   * follow {@link #progress}; the one that is True carries the turn's reason and message, the False ones the reason
   * only. Marks the status as computed from the current generation.
   */
  public void conclude(Phase phase, boolean dryRun, String reason, String message) {
    Map<String, Derived> byType = new LinkedHashMap<>();
    for (Finding f : findings) {
      Derived d = derive(f);
      byType.put(d.type(), d);
    }
    byType.values().forEach(d -> edit.condition(d.type(), d.value(), d.reason(), d.message()));
    findings.clear();
    Progress progress = progress(phase, dryRun, reason);
    edit.condition(Conditions.READY, progress == Progress.Current, reason, message);
    edit.condition(Conditions.RECONCILING, progress == Progress.InProgress, reason,
        progress == Progress.InProgress ? message : NOT_RECONCILING);
    edit.condition(Conditions.STALLED, progress == Progress.Stalled, reason,
        progress == Progress.Stalled ? message : NOT_STALLED);
    edit.observed();
  }

  private static final String NOT_RECONCILING = "the operator has nothing more to do until the spec changes";
  private static final String NOT_STALLED = "nothing waits for a person";

  /**
   * What a turn's end means to the tools that read kstatus conditions (Flux, cli-utils' kstatus, kubectl wait on
   * Ready), in their words: Current (Ready=True), InProgress (Reconciling=True) or Stalled (Stalled=True).
   */
  public enum Progress { Current, InProgress, Stalled }

  /**
   * The kstatus reading of the phase a turn ends in (docs/concepts.md has the table). Completed and a dry run resting
   * in Planned are Current. Failed, RolledBack and a plan waiting in Planning for spec.acceptLosses are Stalled: only a
   * person moves them. Everything else is InProgress, and stays so while it waits: for the dual-run deadline, for a
   * Manual approval (the deadline decides if nobody approves, so it is not stuck), and for a retry after errors
   * however many (a retry is progress the operator will attempt again without anyone; Ready's reason says what
   * fails and status.consecutiveErrors how often).
   */
  public static Progress progress(Phase phase, boolean dryRun, String reason) {
    return switch (phase) {
      case Completed -> Progress.Current;
      case Planned -> dryRun ? Progress.Current : Progress.InProgress;
      case Failed, RolledBack -> Progress.Stalled;
      case Planning -> Conditions.Reason.LOSSES_NOT_ACCEPTED.equals(reason) ? Progress.Stalled : Progress.InProgress;
      case Pending, Provisioning, DualRun, CuttingOver, Verifying, RollingBack -> Progress.InProgress;
    };
  }

  /** The failed checks as a message ("name: message; ..."); step results quote it as the conditions do. */
  public static String failures(List<CheckResult> checks) {
    return checks.stream().filter(c -> !c.passed()).map(c -> c.name() + ": " + c.message())
        .collect(Collectors.joining("; "));
  }

  private record Derived(String type, boolean value, String reason, String message) {}

  private static Derived derive(Finding finding) {
    if (finding instanceof Finding.Planned p) {
      return new Derived(Conditions.PLANNED, true, Reason.PLANNED, p.summary());
    }
    if (finding instanceof Finding.PlanRefused r) {
      return new Derived(Conditions.PLANNED, false, r.reason(), r.message());
    }
    if (finding instanceof Finding.TargetChecks t) {
      boolean proven = t.proven();
      return new Derived(Conditions.TARGET_PROVEN, proven, proven ? Reason.PROVEN : Reason.TARGET_NOT_PROVEN,
          proven ? all(t.checks()) : failures(t.checks()));
    }
    if (finding instanceof Finding.Revoked r) {
      return new Derived(Conditions.REVOKED, true, Reason.REVOKED, r.objects() + " object(s) revoked on "
          + r.sourceCluster() + "; revocation finished " + Math.abs(r.latenessMillis()) + " ms "
          + (r.latenessMillis() >= 0 ? "after" : "before") + " the deadline");
    }
    if (finding instanceof Finding.Verified v) {
      return new Derived(Conditions.VERIFIED, true, Reason.VERIFIED, v.sourceChecks().isEmpty()
          ? "nothing to verify on the source"
          : v.sourceChecks().stream().map(CheckResult::message).collect(Collectors.joining("; ")));
    }
    if (finding instanceof Finding.NotVerified n) {
      return new Derived(Conditions.VERIFIED, false, Reason.VERIFICATION_FAILED, n.message());
    }
    if (finding instanceof Finding.PermissionsRemain p) {
      return new Derived(Conditions.VERIFIED, false, Reason.PERMISSIONS_REMAIN, p.message());
    }
    if (finding instanceof Finding.TrustChecks t) {
      return t.rebound()
          ? new Derived(Conditions.TRUST_REBOUND, true, Reason.REBOUND, t.checks().size() + " trust check(s) passed: "
              + t.checks().stream().map(CheckResult::name).collect(Collectors.joining(", ")))
          : new Derived(Conditions.TRUST_REBOUND, false, Reason.TRUST_NOT_REBOUND, failures(t.checks()));
    }
    Finding.OldTrust o = (Finding.OldTrust) finding; // the last of the sealed findings
    List<String> orphaned = o.orphaned();
    String apiServer = "the source API server stops accepting the old identity's tokens "
        + (o.sourceApiServerUntil() == null ? "only when they expire (see status.cutover.revocationHorizon)"
            : "by " + o.sourceApiServerUntil());
    String offline = o.offlineUntil() == null
        ? "with no bound (a legacy token has no exp, or the source ServiceAccount is kept)"
        : "until " + o.offlineUntil();
    if (!o.relyingParties()) {
      return new Derived(Conditions.OLD_TRUST_REMOVED, true, Reason.NO_RELYING_PARTY, "spec.trust names no relying"
          + " party to confirm; " + apiServer + "; a relying party that verifies offline, if any, may accept them "
          + offline);
    }
    return orphaned.isEmpty()
        ? new Derived(Conditions.OLD_TRUST_REMOVED, true, Reason.OLD_TRUST_REMOVED,
            "every relying party confirmed it no longer trusts " + o.sourceIssuer() + "; " + apiServer)
        : new Derived(Conditions.OLD_TRUST_REMOVED, false, Reason.ORPHANED_TRUST, orphaned.size()
            + (orphaned.size() == 1 ? " relying party" : " relying parties")
            + " may still trust the source issuer, which Cutover cannot revoke, and accept the old identity's tokens "
            + offline + ": " + String.join("; ", orphaned));
  }

  private static String all(List<CheckResult> checks) {
    return checks.stream().map(c -> c.name() + ": " + c.message()).collect(Collectors.joining("; "));
  }
}
