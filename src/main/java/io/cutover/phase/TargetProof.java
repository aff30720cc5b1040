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
import io.cutover.rbac.EffectiveRules;
import io.cutover.rbac.Grant;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
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
    String digest = rulesDigest(ctx);
    var credential = Credentials.forProof(ctx);
    try {
      results.add(review(target, credential.token(), ctx, uid));
    } finally {
      credential.release().run();
    }
    List<String> denied = denied(target, ctx, checks);
    results.add(new CheckResult("TargetAccessReview", denied.isEmpty(), denied.isEmpty()
        ? checks.size() + " of " + checks.size() + " source permission(s) allowed on the target"
        : denied.size() + " source permission(s) denied on the target: " + firstFew(denied)));
    boolean passed = record(ctx, results);
    if (passed) {
      ctx.status().getVerification().setTargetRulesDigest(digest);
    }
    return passed;
  }

  /**
   * Before the cutover (the source re-planned): the standing proof is kept when it still answers for {@code checks}
   * — the target identity's RBAC rules are the ones it proved (the informers show every change to a Role, binding or
   * aggregated ClusterRole) and no check is new (a permission the source gained during the dual run); otherwise the
   * full proof runs again. The token is re-checked at the deadline either way ({@link #recheck}).
   */
  static boolean proveWhatChanged(StepContext ctx, List<AccessCheck> checks) {
    if (stands(ctx) && rulesUnchanged(ctx)
        && new HashSet<>(plannedChecks(ctx)).containsAll(checks)) {
      return true;
    }
    return prove(ctx, checks);
  }

  /**
   * The re-check at the deadline (and after the revocation) of what the informers cannot show: with a delivered
   * token, that it still authenticates as the proven UID — one read of its Secret and one TokenReview, which also
   * fails if the ServiceAccount or the Secret the token is bound to was deleted or replaced; without one, that the
   * ServiceAccount still has the proven UID. The planned permissions are asked again by SubjectAccessReview only
   * when the target identity's rules in the informers differ from the ones proven (design entry 142). No re-plan,
   * no proof token, no canary. Records a failure like {@link #prove} does.
   */
  static boolean recheck(StepContext ctx) {
    ClusterPort target = ctx.target();
    String expectedUid = ctx.status().getProvenance() == null ? null : ctx.status().getProvenance().getTargetUid();
    if (Credentials.delivers(ctx) && expectedUid != null) {
      var stored = target.readToken(ctx.ids().target().namespace(), ctx.spec().getTokens().getSecretName());
      CheckResult review = stored.isEmpty()
          ? new CheckResult("TargetTokenReview", false, "the delivery Secret holds no token")
          : review(target, stored.get().token(), ctx, expectedUid);
      if (!review.passed()) {
        return record(ctx, List.of(review));
      }
    } else {
      var sa = target.serviceAccount(ctx.ids().target().namespace(), ctx.ids().target().name());
      if (sa.isEmpty() || expectedUid == null || !expectedUid.equals(sa.get().getMetadata().getUid())) {
        return record(ctx, List.of(new CheckResult("TargetServiceAccount", false, sa.isEmpty()
            ? "ServiceAccount " + ctx.ids().targetDisplay() + " is missing"
            : "ServiceAccount " + ctx.ids().targetDisplay() + " has uid " + sa.get().getMetadata().getUid() + ", proven was " + expectedUid)));
      }
    }
    if (rulesUnchanged(ctx)) {
      return true; // the pre-cutover proof's checks and time stand; the condition stays True
    }
    // The rules changed since the proof: every planned permission is asked again, all at once (the adapter sends
    // them concurrently), so the re-check stays one round trip.
    String digest = rulesDigest(ctx);
    List<String> denied = denied(target, ctx, plannedChecks(ctx));
    if (!denied.isEmpty()) {
      return record(ctx, List.of(new CheckResult("TargetAccessReview", false, denied.size()
          + " source permission(s) denied on the target (re-checked at the cutover): " + firstFew(denied))));
    }
    ctx.status().getVerification().setTargetRulesDigest(digest);
    return true;
  }

  /** The checks the target's authorizer denies the target identity, asked concurrently, as {@link #describe}d. */
  private static List<String> denied(ClusterPort target, StepContext ctx, List<AccessCheck> checks) {
    var outcomes = target.reviewAccessAll(ctx.ids().target().username(), ctx.ids().target().groups(), checks);
    List<String> denied = new ArrayList<>();
    for (int i = 0; i < checks.size(); i++) {
      if (!outcomes.get(i).allowed()) {
        denied.add(describe(checks.get(i)));
      }
    }
    return denied;
  }

  /** Whether the target identity's rules in the informers are the ones its last SubjectAccessReviews proved. */
  private static boolean rulesUnchanged(StepContext ctx) {
    var v = ctx.status().getVerification();
    return v != null && v.getTargetRulesDigest() != null && v.getTargetRulesDigest().equals(rulesDigest(ctx));
  }

  /**
   * SHA-256 over the target identity's effective rules (each rule with where it applies, sorted; which binding grants
   * it does not change what the authorizer answers), read from the target's RBAC informers.
   */
  static String rulesDigest(StepContext ctx) {
    List<String> rules = new ArrayList<>();
    for (Grant g : EffectiveRules.grantsFor(ctx.target().rbac(), ctx.ids().target())) {
      PolicyRule r = g.rule();
      rules.add(g.namespace() + "|" + sorted(r.getApiGroups()) + "|" + sorted(r.getResources()) + "|"
          + sorted(r.getVerbs()) + "|" + sorted(r.getResourceNames()) + "|" + sorted(r.getNonResourceURLs()));
    }
    Collections.sort(rules);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(String.join("\n", rules).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String sorted(List<String> values) {
    return values == null ? "" : values.stream().sorted().toList().toString();
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

  /** Whether the target was proven and the proof still stands (TargetProven=True). */
  static boolean stands(StepContext ctx) {
    var v = ctx.status().getVerification();
    boolean standing = io.cutover.status.StatusEditor.find(ctx.status(), Conditions.TARGET_PROVEN)
        .map(c -> Conditions.TRUE.equals(c.getStatus())).orElse(false);
    return standing && v != null && v.getTargetProvenAt() != null;
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
