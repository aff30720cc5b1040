package io.cutover.phase;

import io.cutover.api.v1alpha1.CheckResult;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.RevokeSpec;
import io.cutover.cluster.ClusterPort;
import io.cutover.plan.Planner;
import io.cutover.rbac.AccessCheck;
import io.cutover.rbac.EffectiveRules;
import io.cutover.rbac.Grant;
import io.cutover.status.Finding;
import io.cutover.status.StatusAggregator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Proves the revocation on the source — the canary no longer authenticates (or, with the ServiceAccount kept, the old
 * identity with its groups is denied every permission the plan granted it by name: reason PermissionsRemain while
 * one is allowed), no legacy token Secret of the identity remains, no binding names it — and re-checks the target as
 * at the deadline ({@link TargetProof#recheck}). Only then Ready=True.
 */
final class VerifyingStep implements Step {
  @Override
  public StepResult run(StepContext ctx) {
    ClusterPort source = ctx.source();
    RevokeSpec revoke = ctx.spec().getCutover().getRevoke();
    String ns = ctx.ids().source().namespace();
    String name = ctx.ids().source().name();
    List<CheckResult> sourceChecks = new ArrayList<>();

    var canary = Canary.usable(ctx, ctx.instant());
    if (revoke.getServiceAccount() == RevokeSpec.ServiceAccountAction.Delete) {
      if (canary.isPresent()) {
        var r = source.reviewToken(canary.get(), List.of());
        sourceChecks.add(new CheckResult("SourceCanaryRejected", !r.authenticated(), r.authenticated()
            ? "a token minted for the source identity before cutover still authenticates"
            : "a token minted before cutover is rejected: " + r.error()));
      } else {
        String uid = ctx.status().getPlan().getSourceUid();
        boolean gone = source.serviceAccount(ns, name).map(sa -> !uid.equals(sa.getMetadata().getUid())).orElse(true);
        sourceChecks.add(new CheckResult("SourceServiceAccountGone", gone, gone
            ? "no live canary to test (gone or expired); the ServiceAccount with uid " + uid + " no longer exists"
            : "the source ServiceAccount with uid " + uid + " still exists"));
      }
    } else {
      sourceChecks.add(keptIdentityDenied(ctx));
    }
    if (revoke.isLegacyTokenSecrets()) {
      int left = source.legacyTokenSecrets(ns, name).size();
      sourceChecks.add(new CheckResult("NoLegacyTokenSecrets", left == 0, left == 0
          ? "no legacy token Secret of the identity remains" : left + " legacy token Secret(s) of the identity remain"));
    }
    if (revoke.isBindings()) {
      long left = EffectiveRules.grantsFor(source.rbac(), ctx.ids().source()).stream().filter(Grant::direct).count();
      sourceChecks.add(new CheckResult("NoSourceBindings", left == 0, left == 0
          ? "no source binding names the identity" : left + " rule(s) still granted to the identity by name"));
    }
    boolean sourceOk = sourceChecks.stream().allMatch(CheckResult::passed);
    boolean targetOk = TargetProof.recheck(ctx);
    var v = ctx.status().getVerification();
    // The target's checks as last proven, then this turn's source checks (a retry replaces the last turn's).
    var names = sourceChecks.stream().map(CheckResult::name).collect(Collectors.toSet());
    List<CheckResult> all = new ArrayList<>(v.getChecks().stream().filter(r -> !names.contains(r.name())).toList());
    all.addAll(sourceChecks);
    v.setChecks(all);
    if (!sourceOk || !targetOk) {
      String failures = StatusAggregator.failures(sourceChecks);
      String why = failures.isEmpty() ? "the target no longer proves" : failures;
      boolean permissionsRemain = sourceChecks.stream()
          .anyMatch(c -> !c.passed() && PERMISSIONS_DENIED.equals(c.name()));
      ctx.report(permissionsRemain ? new Finding.PermissionsRemain(why) : new Finding.NotVerified(why));
      return new StepResult.Retry(permissionsRemain ? Conditions.Reason.PERMISSIONS_REMAIN
          : Conditions.Reason.VERIFICATION_FAILED, why);
    }
    Canary.discard(ctx);
    TrustHooks.afterCutover(ctx);
    v.setVerifiedAt(ctx.instant().toString());
    ctx.report(new Finding.Verified(sourceChecks));
    String oldIdentity = revoke.getServiceAccount() == RevokeSpec.ServiceAccountAction.Delete
        ? "the source identity is revoked"
        : "the source ServiceAccount is kept (its tokens still authenticate until they expire) and is denied every"
            + " permission the plan granted it by name";
    return new StepResult.Advance(Phase.Completed, Conditions.Reason.COMPLETED,
        "the identity lives on " + ctx.ids().targetDisplay() + "; " + oldIdentity);
  }

  /** The check of a kept source identity: what SubjectAccessReview says of it on the source. */
  static final String PERMISSIONS_DENIED = "SourcePermissionsDenied";

  /**
   * With the source ServiceAccount kept its tokens still authenticate, so what is proven is that the old identity —
   * its user and the groups its tokens carry ({@code system:serviceaccounts}, {@code system:serviceaccounts:NS},
   * {@code system:authenticated}) — is denied, by the source's own authorizer, every permission the plan found
   * granted to it by name: a RoleBinding to one of those groups that grants one of them keeps it alive.
   */
  private static CheckResult keptIdentityDenied(StepContext ctx) {
    var identity = ctx.ids().source();
    List<AccessCheck> checks = Planner.sourceAccessChecks(ctx.status().getPlan());
    var outcomes = ctx.source().reviewAccessAll(identity.username(), identity.groups(), checks);
    List<String> allowed = new ArrayList<>();
    for (int i = 0; i < checks.size(); i++) {
      if (outcomes.get(i).allowed()) {
        allowed.add(TargetProof.describe(checks.get(i)));
      }
    }
    String kept = "the source ServiceAccount is kept, so its tokens still authenticate until they expire; ";
    if (checks.isEmpty()) {
      return new CheckResult(PERMISSIONS_DENIED, true, kept + "the plan found no permission granted to it by name");
    }
    return allowed.isEmpty()
        ? new CheckResult(PERMISSIONS_DENIED, true, kept + "SubjectAccessReview as " + identity.username()
            + " with its groups denies all " + checks.size() + " permission(s) the plan granted it by name")
        : new CheckResult(PERMISSIONS_DENIED, false, "the kept source identity " + identity.username()
            + " (with its groups) is still allowed " + allowed.size() + " of the " + checks.size()
            + " permission(s) the plan granted it by name: " + TargetProof.firstFew(allowed));
  }
}
