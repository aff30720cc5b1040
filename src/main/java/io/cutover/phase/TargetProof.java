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
import io.cutover.status.Finding;
import io.cutover.status.StatusAggregator;
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

  /** Runs the proof, records it in status and reports it (TargetProven); returns whether it passed. */
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
        : denied.size() + " source permission(s) denied on the target: " + firstFew(denied)));
    return record(ctx, results);
  }

  /**
   * The cheap re-check at the deadline after a fresh pre-cutover proof: the target ServiceAccount still has the UID
   * that was proven, when a token is delivered that token still authenticates as it (deleting its Secret kills it),
   * and every planned permission is still allowed (SubjectAccessReview). No re-plan, no proof token, no canary.
   * Records a failure like {@link #prove} does.
   */
  static boolean recheck(StepContext ctx) {
    ClusterPort target = ctx.target();
    String expectedUid = ctx.status().getProvenance() == null ? null : ctx.status().getProvenance().getTargetUid();
    var sa = target.serviceAccount(ctx.ids().target().namespace(), ctx.ids().target().name());
    if (sa.isEmpty() || expectedUid == null || !expectedUid.equals(sa.get().getMetadata().getUid())) {
      return record(ctx, List.of(new CheckResult("TargetServiceAccount", false, sa.isEmpty()
          ? "ServiceAccount " + ctx.ids().targetDisplay() + " is missing"
          : "ServiceAccount " + ctx.ids().targetDisplay() + " has uid " + sa.get().getMetadata().getUid() + ", proven was " + expectedUid)));
    }
    if (Credentials.delivers(ctx)) {
      var stored = target.readToken(ctx.ids().target().namespace(), ctx.spec().getTokens().getSecretName());
      CheckResult review = stored.isEmpty()
          ? new CheckResult("TargetTokenReview", false, "the delivery Secret holds no token")
          : review(target, stored.get().token(), ctx, expectedUid);
      if (!review.passed()) {
        return record(ctx, List.of(review));
      }
    }
    // Every planned permission is asked again by SubjectAccessReview: the authorizer's answer now, never a cached
    // copy of the RBAC objects (the adapter serves rbac() from an informer, which may not have seen a binding deleted
    // a moment ago). What the re-check saves is the re-plan, the proof token and the canary.
    // Asked all at once (the adapter sends them concurrently): the fewer round trips between the deadline and the
    // revocation, the smaller the lateness.
    List<AccessCheck> checks = plannedChecks(ctx);
    var outcomes = target.reviewAccessAll(ctx.ids().target().username(), ctx.ids().target().groups(), checks);
    List<String> denied = new ArrayList<>();
    for (int i = 0; i < checks.size(); i++) {
      if (!outcomes.get(i).allowed()) {
        denied.add(describe(checks.get(i)));
      }
    }
    if (!denied.isEmpty()) {
      return record(ctx, List.of(new CheckResult("TargetAccessReview", false, denied.size()
          + " source permission(s) denied on the target (re-checked at the cutover): " + firstFew(denied))));
    }
    // Passed: keep the pre-cutover proof's checks and time; the condition stays True.
    return true;
  }

  /** The plan no longer holds (the source changed, the target conflicts): nothing can be proven against it. */
  static void planFailed(StepContext ctx, String message) {
    record(ctx, List.of(new CheckResult("Plan", false, message)));
  }

  /** The target could not be reached or refused a call the proof needs: a failed proof, recorded as such. */
  static void unreachable(StepContext ctx, String message) {
    record(ctx, List.of(new CheckResult("TargetAccess", false, message)));
  }

  /** The failed checks of the last proof, for a condition message. */
  static String failures(StepContext ctx) {
    var v = ctx.status().getVerification();
    if (v == null) {
      return "the target identity does not prove";
    }
    String failures = StatusAggregator.failures(v.getChecks());
    return failures.isEmpty() ? "the target identity does not prove" : failures;
  }

  /** Whether the last proof passed at or after {@code notBefore} and still stands (TargetProven=True). */
  static boolean provenSince(StepContext ctx, java.time.Instant notBefore) {
    var v = ctx.status().getVerification();
    boolean standing = io.cutover.status.StatusEditor.find(ctx.status(), Conditions.TARGET_PROVEN)
        .map(c -> Conditions.TRUE.equals(c.getStatus())).orElse(false);
    return standing && v != null && v.getTargetProvenAt() != null
        && !java.time.Instant.parse(v.getTargetProvenAt()).isBefore(notBefore);
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
    var found = new Finding.TargetChecks(results);
    boolean passed = found.proven();
    VerificationStatus v = ctx.status().getVerification() == null ? new VerificationStatus() : ctx.status().getVerification();
    v.setChecks(results);
    if (passed) {
      v.setTargetProvenAt(ctx.instant().toString());
    }
    ctx.status().setVerification(v);
    ctx.report(found);
    return passed;
  }

  /** The first few of {@code permissions} (as {@link #describe} writes them), for a condition message. */
  static String firstFew(List<String> permissions) {
    return String.join("; ", permissions.subList(0, Math.min(MAX_LISTED_DENIALS, permissions.size())));
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
