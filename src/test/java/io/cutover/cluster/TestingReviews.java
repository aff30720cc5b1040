package io.cutover.cluster;

import io.cutover.rbac.AccessCheck;
import io.cutover.rbac.RbacAnswer;
import io.cutover.rbac.ServiceAccountIdentity;
import java.util.List;

/**
 * The fake's reviews: TokenReview of the tokens it issued (live while their ServiceAccount and bound Secret keep their
 * UIDs and they are unexpired), SubjectAccessReview by {@link EffectiveRules} and {@link RuleCoverage} on the stored
 * RBAC, and the migrator's own access as {@link TestingClusterPort#denyMigrator} sets it.
 */
final class TestingReviews implements Reviews {
  private final TestingClusterPort fake;

  TestingReviews(TestingClusterPort fake) {
    this.fake = fake;
  }

  @Override
  public TokenReviewOutcome reviewToken(Token token, List<String> audiences) {
    List<String> requested = audiences == null || audiences.isEmpty() ? List.of(fake.API_AUDIENCE) : audiences;
    return fake.call("reviewToken", List.of(String.valueOf(requested)), () -> {
      IssuedRecord r = fake.tokens.get(token.reveal());
      if (r == null) {
        return new TokenReviewOutcome(false, null, null, List.of(), "invalid bearer token");
      }
      String failure = fake.failureOf(r);
      if (failure != null) {
        return new TokenReviewOutcome(false, null, null, List.of(), failure);
      }
      List<String> both = r.audiences().stream().filter(requested::contains).toList();
      if (both.isEmpty()) {
        return new TokenReviewOutcome(false, null, null, List.of(), "token audiences " + r.audiences()
            + " is invalid for the target audiences " + requested);
      }
      return new TokenReviewOutcome(true, ServiceAccountIdentity.USERNAME_PREFIX + r.namespace() + ":" + r.serviceAccount(),
          r.serviceAccountUid(), both, null);
    }, o -> o.authenticated() ? "authenticated " + o.username() : "rejected: " + o.error());
  }

  @Override
  public boolean mayI(AccessCheck check) {
    return fake.call("mayI", List.of(String.valueOf(check)), () -> !fake.deniedToMigrator.test(check), String::valueOf);
  }

  @Override
  public AccessReviewOutcome reviewAccess(String user, List<String> groups, AccessCheck check) {
    List<String> args = List.of(user, String.valueOf(check));
    return fake.call("reviewAccess", args, () -> {
      if (user == null || !user.startsWith(ServiceAccountIdentity.USERNAME_PREFIX)) {
        return new AccessReviewOutcome(false, "the fake evaluates ServiceAccount users only");
      }
      String[] parts = user.substring(ServiceAccountIdentity.USERNAME_PREFIX.length()).split(":", 2);
      ServiceAccountIdentity sa = new ServiceAccountIdentity(parts[0], parts[1]);
      boolean allowed = RbacAnswer.allows(fake.snapshot(), sa, check);
      return new AccessReviewOutcome(allowed, allowed ? "allowed by RBAC" : "");
    }, o -> o.allowed() ? "allowed" : "denied");
  }
}
