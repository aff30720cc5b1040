package io.cutover.cluster;

import io.cutover.rbac.AccessCheck;
import java.util.ArrayList;
import java.util.List;

/** The cluster's own answers about credentials and permissions: TokenReview and the access reviews. */
public interface Reviews {
  /** TokenReview API; empty audiences mean the API server's own. */
  TokenReviewOutcome reviewToken(Token token, List<String> audiences);

  /** SubjectAccessReview API. */
  AccessReviewOutcome reviewAccess(String user, List<String> groups, AccessCheck check);

  /**
   * SelfSubjectAccessReview API: may this port's own identity (the migrator) do {@code check}? Asked before
   * mirroring RBAC, since kube-apiserver lets an identity create a Role or binding only for permissions it holds.
   */
  boolean mayI(AccessCheck check);

  /**
   * SubjectAccessReviews of several checks for one subject, the answers in the order of the checks; the first error
   * is thrown. Kubernetes has no batch access review: this default asks them one after another, an adapter may ask
   * them concurrently.
   */
  default List<AccessReviewOutcome> reviewAccessAll(String user, List<String> groups, List<AccessCheck> checks) {
    List<AccessReviewOutcome> outcomes = new ArrayList<>(checks.size());
    for (AccessCheck check : checks) {
      outcomes.add(reviewAccess(user, groups, check));
    }
    return outcomes;
  }
}
