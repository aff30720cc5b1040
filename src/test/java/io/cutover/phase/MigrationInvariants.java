package io.cutover.phase;

import static io.cutover.plan.PlanFixtures.NS;
import static io.cutover.plan.PlanFixtures.SA;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.cluster.Journal;
import io.cutover.cluster.Journal.Call;
import io.cutover.plan.PlanFixtures;
import io.cutover.plan.TargetObjects;
import io.cutover.rbac.EffectiveRules;
import io.cutover.rbac.Grant;
import io.cutover.rbac.ServiceAccountIdentity;
import io.cutover.status.StatusEditor;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * DESIGN.md's invariants as checks on a {@link MigrationHarness}, watched while it runs (every cluster write and
 * every status write) and checked again whenever asked:
 * <ol>
 *   <li>no gap — a source revocation happens only while the last written status is CuttingOver with the intent
 *       recorded and TargetProven=True;</li>
 *   <li>the deadline never changes once written;</li>
 *   <li>no lost revocation — once CuttingOver was written, the migration ends Completed (or deleted) with the source
 *       identity revoked;</li>
 *   <li>no object created twice — each object the migration creates (except the proof Secret, which is by design
 *       created and deleted for each proof) has at most one UID over the whole run;</li>
 *   <li>no duplicate live credentials — at most one live token that was ever written into the delivery Secret is
 *       not yet due for renewal; once settled no proof or canary token is live, and none at all after a rollback.</li>
 * </ol>
 * Violations are collected (with what was happening), not thrown, so the caller can print the seed and the step.
 */
final class MigrationInvariants {
  static final String DELIVERY_SECRET = "payments-api-token";

  private final MigrationHarness h;
  private final String canary;
  private final String proof;
  final List<String> violations = new ArrayList<>();
  long checks;
  private String firstDeadline;
  boolean cutoverWritten;
  private final Map<String, Set<String>> createdUids = new HashMap<>();
  private String where = "";
  /** Objects someone else deleted (tampering): re-creating them is the migration repairing, not a duplicate. */
  final Set<String> tampered = new HashSet<>();

  MigrationInvariants(MigrationHarness h) {
    this.h = h;
    String tag = TargetObjects.shortUid(h.sam.getMetadata().getUid());
    this.canary = "cutover-canary-" + tag;
    this.proof = new TargetObjects(h.sam.getMetadata().getUid(), "x", "x", "x", Instant.EPOCH).proofSecretName();
    h.onClusterWrite = this::clusterWrite;
    h.onStatusWrite = this::statusWrite;
  }

  /** What is happening now, for violation messages. */
  void at(String where) {
    this.where = where;
  }

  private void violation(String what) {
    violations.add(where + ": " + what);
  }

  private void check(boolean ok, String what) {
    checks++;
    if (!ok) {
      violation(what);
    }
  }

  private void clusterWrite(Call c) {
    if (c.operation().equals("createIfAbsent") && !proof.equals(c.arg(2))) {
      var m = java.util.regex.Pattern.compile("uid=([^)\\s]+)").matcher(c.outcome());
      String uid = m.find() ? m.group(1) : c.outcome();
      createdUids.computeIfAbsent(c.cluster() + "/" + c.arg(0) + "/" + c.arg(1) + "/" + c.arg(2), k -> new HashSet<>()).add(uid);
    }
    if (isSourceRevocation(c)) {
      ServiceAccountMigrationStatus s = h.status;
      boolean intent = s.getPhase() == Phase.CuttingOver && s.getCutover() != null && s.getCutover().getIntentAt() != null;
      boolean proven = StatusEditor.find(s, Conditions.TARGET_PROVEN).map(x -> Conditions.TRUE.equals(x.getStatus())).orElse(false);
      java.time.Instant deadline = h.deadline();
      check(h.sam.getSpec().getCutover().isApproved() || (deadline != null && !h.clock.instant().isBefore(deadline)),
          "source revocation " + c + " before the deadline " + deadline + " without approval");
      check(intent && proven, "source revocation " + c + " while the written status is " + s.getPhase()
          + " (intent " + (intent ? "recorded" : "missing") + ", TargetProven " + proven + ")");
    }
  }

  private void statusWrite(ServiceAccountMigrationStatus s) {
    if (s.getDualRun() != null && s.getDualRun().getDeadline() != null) {
      if (firstDeadline == null) {
        firstDeadline = s.getDualRun().getDeadline();
      }
      check(firstDeadline.equals(s.getDualRun().getDeadline()),
          "deadline moved from " + firstDeadline + " to " + s.getDualRun().getDeadline());
    } else {
      check(firstDeadline == null, "deadline " + firstDeadline + " disappeared from status");
    }
    if (s.getPhase() == Phase.CuttingOver) {
      cutoverWritten = true;
    }
    if (cutoverWritten) {
      check(s.getPhase() == Phase.CuttingOver || s.getPhase() == Phase.Verifying || s.getPhase() == Phase.Completed,
          "a started revocation turned back to " + s.getPhase());
    }
  }

  /** Source calls that revoke something of the identity (the canary Secret is ours, not the identity's). */
  boolean isSourceRevocation(Call c) {
    if (!c.cluster().equals(PlanFixtures.SOURCE)) {
      return false;
    }
    return c.operation().equals("removeServiceAccountSubject")
        || (c.operation().equals("delete") && c.arg(0).equals("ServiceAccount"))
        || (c.operation().equals("delete") && c.arg(0).equals("Secret") && !c.arg(2).equals(canary));
  }

  /** The checks that hold at any moment. */
  void checkNow() {
    for (var e : createdUids.entrySet()) {
      check(tampered.contains(e.getKey()) || e.getValue().size() <= 1, e.getKey() + " was created " + e.getValue().size() + " times");
    }
    Instant now = h.clock.instant();
    long fresh = h.target.writtenInto(NS, DELIVERY_SECRET).stream().filter(h.target::isLive)
        .filter(r -> now.isBefore(r.issuedAt().plusMillis(Duration.between(r.issuedAt(), r.expiresAt()).toMillis() * 8 / 10)))
        .count();
    check(fresh <= 1, fresh + " fresh live tokens were delivered into " + DELIVERY_SECRET);
    long canaries = h.source.writtenInto(NS, canary).stream().filter(h.source::isLive).count();
    check(canaries <= 1, canaries + " live canary tokens");
  }

  /** The checks for a migration that has settled (terminal phase, or deleted). */
  void checkSettled() {
    checkSettled(false);
  }

  /**
   * @param verifyingOnBrokenTarget the target was broken after the revocation (tampering), so Verifying cannot pass:
   *     the migration may rest in Verifying, but the revocation itself must be complete
   */
  void checkSettled(boolean verifyingOnBrokenTarget) {
    checkNow();
    Phase phase = h.phase();
    check(h.gone || phase.isTerminal() || (verifyingOnBrokenTarget && phase == Phase.Verifying), "not settled: " + phase);
    long liveProofs = h.target.issuedTokens().stream().filter(r -> proof.equals(r.boundSecretName())).filter(h.target::isLive).count();
    check(liveProofs == 0, liveProofs + " proof token(s) still live");
    long liveCanaries = h.source.issuedTokens().stream().filter(r -> canary.equals(r.boundSecretName())).filter(h.source::isLive).count();
    check(liveCanaries == 0, liveCanaries + " canary token(s) still live");
    if (cutoverWritten) {
      check(h.gone || phase == Phase.Completed || (verifyingOnBrokenTarget && phase == Phase.Verifying),
          "revocation started but the migration ended " + phase);
      check(sourceRevoked(), "revocation started but the source identity is not fully revoked (lost revocation)");
    } else {
      check(h.source.exists("ServiceAccount", NS, SA), "source ServiceAccount gone without a cutover");
      check(EffectiveRules.grantsFor(h.source.storedRbac(), new ServiceAccountIdentity(NS, SA)).stream().anyMatch(Grant::direct),
          "source bindings lost their subject without a cutover");
      check(h.source.exists("Secret", NS, PlanFixtures.LEGACY_SECRET), "legacy Secret gone without a cutover");
    }
    if (phase == Phase.RolledBack || (h.gone && !cutoverWritten)) {
      long live = h.target.issuedTokens().stream().filter(h.target::isLive).count();
      check(live == 0, live + " target token(s) still live after rollback/deletion before cutover");
      check(h.target.storedOwnedBy(h.sam.getMetadata().getUid()).isEmpty(), "objects of the migration left on the target after rollback");
      check(h.source.storedOwnedBy(h.sam.getMetadata().getUid()).isEmpty(), "the canary left on the source after rollback");
    }
  }

  boolean sourceRevoked() {
    String plannedUid = h.status.getPlan() == null ? null : h.status.getPlan().getSourceUid();
    var revoke = h.sam.getSpec().getCutover().getRevoke();
    boolean saGone = revoke.getServiceAccount() != io.cutover.api.v1alpha1.RevokeSpec.ServiceAccountAction.Delete
        || h.source.get(ServiceAccount.class, "ServiceAccount", NS, SA)
        .map(s -> !Objects.equals(s.getMetadata().getUid(), plannedUid)).orElse(true);
    boolean noLegacy = !revoke.isLegacyTokenSecrets() || h.source.storedLegacyTokenSecrets(NS, SA).isEmpty();
    boolean noBindings = !revoke.isBindings() || EffectiveRules.grantsFor(h.source.storedRbac(), new ServiceAccountIdentity(NS, SA)).stream()
        .noneMatch(Grant::direct);
    return saGone && noLegacy && noBindings;
  }
}
