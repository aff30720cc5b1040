package io.cutover.phase;

import io.cutover.api.v1alpha1.CheckResult;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.RevokeSpec;
import io.cutover.cluster.ClusterPort;
import io.cutover.rbac.EffectiveRules;
import io.cutover.rbac.Grant;
import io.cutover.status.Finding;
import io.cutover.status.StatusAggregator;
import java.util.ArrayList;
import java.util.List;

/**
 * Proves the revocation on the source — the canary no longer authenticates (or, with the ServiceAccount kept, holds
 * no permission any more), no legacy token Secret of the identity remains, no binding names it — and proves the
 * target once more. Only then Ready=True.
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
    boolean targetOk = TargetProof.prove(ctx, TargetProof.plannedChecks(ctx));
    var v = ctx.status().getVerification();
    List<CheckResult> all = new ArrayList<>(v.getChecks());
    all.addAll(sourceChecks);
    v.setChecks(all);
    if (!sourceOk || !targetOk) {
      String failures = StatusAggregator.failures(sourceChecks);
      String why = failures.isEmpty() ? "the target no longer proves" : failures;
      ctx.report(new Finding.NotVerified(why));
      return new StepResult.Retry(Conditions.Reason.VERIFICATION_FAILED, why);
    }
    Canary.discard(ctx);
    TrustHooks.afterCutover(ctx);
    v.setVerifiedAt(ctx.instant().toString());
    ctx.report(new Finding.Verified(sourceChecks));
    return new StepResult.Advance(Phase.Completed, Conditions.Reason.COMPLETED,
        "the identity lives on " + ctx.ids().targetDisplay() + "; the source identity is revoked");
  }
}
