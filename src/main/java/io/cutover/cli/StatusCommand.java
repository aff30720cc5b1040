package io.cutover.cli;

import io.cutover.api.v1alpha1.CheckResult;
import io.cutover.api.v1alpha1.Condition;
import io.cutover.api.v1alpha1.HistoryEntry;
import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.ProvenanceLink;
import io.cutover.api.v1alpha1.RevocationHorizon;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;

/** One migration at a glance: phase, Ready, the deadline as a countdown, what waits on whom, verification, history. */
@Command(name = "status", description = "Show one migration: phases, the dual-run deadline as a countdown, verification.")
final class StatusCommand extends MigrationCommand {
  @Override
  int run(io.fabric8.kubernetes.client.KubernetesClient client, String ns, Resource<ServiceAccountMigration> resource, ServiceAccountMigration m) {
    print(spec.commandLine().getOut(), m, Instant.now());
    return 0;
  }

  /** Whether the deadline is the spec's notAfter (earlier than the window's end) rather than the window's end. */
  static boolean setByNotAfter(ServiceAccountMigration m, Instant deadline) {
    String notAfter = m.getSpec() == null || m.getSpec().getDualRun() == null ? null : m.getSpec().getDualRun().getNotAfter();
    try {
      return notAfter != null && io.cutover.validate.Times.parse(notAfter).equals(deadline);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static void print(PrintWriter out, ServiceAccountMigration m, Instant now) {
    ServiceAccountMigrationStatus s = m.getStatus();
    out.println("Migration:   " + m.getMetadata().getNamespace() + "/" + m.getMetadata().getName());
    if (s == null || s.getPhase() == null) {
      out.println("Phase:       (not yet seen by the operator)");
      out.flush();
      return;
    }
    out.println("Identity:    " + s.getSourceIdentity() + " -> " + s.getTargetIdentity());
    out.println("Phase:       " + s.getPhase());
    s.getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().ifPresent(c ->
        out.println("Ready:       " + c.getStatus() + " (" + c.getReason() + ")" + (c.getMessage() == null ? "" : ": " + c.getMessage())));
    var spec = m.getSpec();
    out.println("Approval:    " + spec.getCutover().getApproval() + (spec.getCutover().isApproved() ? ", approved" : ", not approved")
        + (spec.isRollback() ? "; rollback requested" : ""));
    var parsedDeadline = io.cutover.status.DualRunTimes.deadline(s);
    if (parsedDeadline.isPresent()) {
      Instant deadline = parsedDeadline.get();
      out.println("Dual run:    started " + s.getDualRun().getStartedAt() + ", deadline " + deadline + " ("
          + countdown(now, deadline) + ")" + (setByNotAfter(m, deadline) ? ", set by spec.dualRun.notAfter" : ""));
    }
    if (s.getToken() != null && s.getToken().getExpiresAt() != null) {
      out.println("Token:       Secret " + s.getToken().getSecretName() + ", expires " + s.getToken().getExpiresAt()
          + ", renews " + s.getToken().getRenewAt());
    }
    if (s.getCutover() != null && s.getCutover().getIntentAt() != null) {
      out.println("Cutover:     " + s.getCutover().getTrigger() + " at " + s.getCutover().getIntentAt()
          + (s.getCutover().getCompletedAt() == null ? ", revoking" : ", finished " + s.getCutover().getCompletedAt()
          + " (" + s.getCutover().getLatenessMillis() + " ms after the deadline)"));
      for (ObjectRef r : s.getCutover().getRevoked()) {
        out.println("             revoked " + r);
      }
    }
    if (s.getCutover() != null && !s.getCutover().getRevocationHorizon().isEmpty()) {
      out.println();
      out.println("Revocation horizon (when the old identity's last credential stops being accepted):");
      TextTable horizon = new TextTable("Credential", "Verifier", "Until", "Basis");
      for (RevocationHorizon h : s.getCutover().getRevocationHorizon()) {
        horizon.row(h.credential(), h.verifier(), h.until() == null ? "unbounded"
            : h.until() + " (" + countdown(now, Instant.parse(h.until())) + ")", h.basis());
      }
      horizon.print(out, "  ", "none");
    }
    out.println();
    out.println("Conditions:");
    TextTable conditions = new TextTable("Type", "Status", "Reason", "Since");
    for (Condition c : s.getConditions()) {
      conditions.row(c.getType(), c.getStatus(), c.getReason(), c.getLastTransitionTime());
    }
    conditions.print(out, "  ", "none");
    out.println();
    out.println("Verification:");
    TextTable checks = new TextTable("Check", "Result", "Message");
    if (s.getVerification() != null) {
      for (CheckResult c : s.getVerification().getChecks()) {
        checks.row(c.name(), c.passed() ? "ok" : "FAILED", c.message());
      }
    }
    checks.print(out, "  ", "no proofs yet");
    out.println();
    out.println("Provenance:");
    TextTable provenance = new TextTable("From", "UID", "To", "Migration", "Issued", "Approved", "Cutover", "Revoked");
    if (s.getProvenance() != null && s.getProvenance().getChain() != null) {
      for (ProvenanceLink l : s.getProvenance().getChain()) {
        provenance.row(l.cluster() + "/" + l.namespace() + "/" + l.name(), l.uid(), l.toCluster(), l.migrationUid(),
            l.issuedAt(), l.approvedAt(), l.cutoverAt(), l.revoked() == null ? 0 : l.revoked().size());
      }
    }
    provenance.print(out, "  ", s.getProvenance() == null || s.getProvenance().getSourceUid() == null ? "none yet"
        : "not yet cut over; source " + s.getProvenance().getSourceCluster() + " UID " + s.getProvenance().getSourceUid());
    out.println();
    out.println("History:");
    TextTable history = new TextTable("Time", "Phase", "Reason", "Message");
    for (HistoryEntry h : s.getHistory()) {
      history.row(h.time(), h.phase(), h.reason(), h.message());
    }
    history.print(out, "  ", "none");
    out.flush();
  }

  /** "in 4m12s" before the deadline, "passed 30s ago" after it. */
  static String countdown(Instant now, Instant deadline) {
    Duration d = Duration.between(now, deadline);
    return d.isNegative() ? "passed " + human(d.negated()) + " ago" : "in " + human(d);
  }

  static String human(Duration d) {
    long s = d.getSeconds();
    if (s >= 3600) {
      return s / 3600 + "h" + (s % 3600) / 60 + "m";
    }
    if (s >= 60) {
      return s / 60 + "m" + s % 60 + "s";
    }
    return s + "s";
  }
}
