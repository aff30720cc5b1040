package io.cutover.phase;

import io.cutover.api.v1alpha1.CheckResult;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.VerificationStatus;
import io.cutover.cluster.ClusterPort;
import io.cutover.cluster.Token;
import io.cutover.cluster.TokenReviewOutcome;
import io.cutover.api.v1alpha1.RbacSpec;
import io.cutover.plan.Planner;
import io.cutover.rbac.AccessCheck;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Proves the target identity: TokenReview authenticates a token with the expected username, UID and audiences,
 * and SubjectAccessReview allows every permission the source had (the plan's checks). The plan itself has already
 * shown that nothing wider is granted.
 */
final class TargetProof {
  private static final int MAX_LISTED_DENIALS = 5;

  private TargetProof() {}

  /** Runs the proof, records it in status and the TargetProven condition; returns whether it passed. */
  static boolean prove(StepContext ctx, List<AccessCheck> checks) {
    List<CheckResult> results = new ArrayList<>();
    ClusterPort target = ctx.target();
    var sa = target.serviceAccount(ctx.ids().target().namespace(), ctx.ids().target().name());
    if (sa.isEmpty()) {
      results.add(new CheckResult("TargetServiceAccount", false, "ServiceAccount " + ctx.ids().targetDisplay() + " is missing"));
      return record(ctx, results);
    }
    String uid = sa.get().getMetadata().getUid();
    var credential = Credentials.forProof(ctx);
    try {
      results.add(review(target, credential.token(), ctx, uid));
    } finally {
      credential.release().run();
    }
    List<String> denied = new ArrayList<>();
    int allowed = 0;
    for (AccessCheck check : checks) {
      var outcome = target.reviewAccess(ctx.ids().target().username(), ctx.ids().target().groups(), check);
      if (outcome.allowed()) {
        allowed++;
      } else {
        denied.add(describe(check));
      }
    }
    results.add(new CheckResult("TargetAccessReview", denied.isEmpty(), denied.isEmpty()
        ? allowed + " of " + checks.size() + " source permission(s) allowed on the target"
        : denied.size() + " source permission(s) denied on the target: "
            + String.join("; ", denied.subList(0, Math.min(MAX_LISTED_DENIALS, denied.size())))));
    return record(ctx, results);
  }

  /** The checks of the plan in status (usable after the source identity is gone). */
  static List<AccessCheck> plannedChecks(StepContext ctx) {
    return ctx.spec().getRbac().getMode() == RbacSpec.Mode.Skip ? List.of()
        : Planner.accessChecks(ctx.status().getPlan(), ctx.ids());
  }

  private static CheckResult review(ClusterPort target, Token token, StepContext ctx, String expectedUid) {
    List<String> audiences = ctx.spec().getTokens().getAudiences();
    TokenReviewOutcome r = target.reviewToken(token, audiences);
    String expectedUser = ctx.ids().target().username();
    if (!r.authenticated()) {
      return new CheckResult("TargetTokenReview", false, "not authenticated: " + (r.error() == null ? "no reason given" : r.error()));
    }
    if (!expectedUser.equals(r.username()) || !expectedUid.equals(r.uid())) {
      return new CheckResult("TargetTokenReview", false, "authenticated as " + r.username() + " (uid " + r.uid()
          + "), expected " + expectedUser + " (uid " + expectedUid + ")");
    }
    if (!audiences.isEmpty() && !new HashSet<>(r.audiences()).containsAll(audiences)) {
      return new CheckResult("TargetTokenReview", false, "audiences " + r.audiences() + " do not include " + audiences);
    }
    return new CheckResult("TargetTokenReview", true, "authenticated as " + r.username()
        + (audiences.isEmpty() ? "" : " for audiences " + r.audiences()));
  }

  private static boolean record(StepContext ctx, List<CheckResult> results) {
    boolean passed = results.stream().allMatch(CheckResult::passed);
    VerificationStatus v = ctx.status().getVerification() == null ? new VerificationStatus() : ctx.status().getVerification();
    v.setChecks(results);
    if (passed) {
      v.setTargetProvenAt(ctx.instant().toString());
    }
    ctx.status().setVerification(v);
    String message = results.stream().filter(r -> passed || !r.passed()).map(r -> r.name() + ": " + r.message())
        .reduce((a, b) -> a + "; " + b).orElse("");
    ctx.edit().condition(Conditions.TARGET_PROVEN, passed,
        passed ? Conditions.Reason.PROVEN : Conditions.Reason.TARGET_NOT_PROVEN, message);
    return passed;
  }

  static String describe(AccessCheck c) {
    if (c.isNonResource()) {
      return c.verb() + " " + c.nonResourcePath();
    }
    String group = c.apiGroup() == null || c.apiGroup().isEmpty() ? "" : "." + c.apiGroup();
    return c.verb() + " " + c.resource() + (c.subresource() == null ? "" : "/" + c.subresource()) + group
        + (c.name() == null ? "" : " " + c.name()) + (c.namespace() == null ? " cluster-wide" : " in " + c.namespace());
  }
}
