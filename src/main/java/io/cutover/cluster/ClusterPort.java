package io.cutover.cluster;

import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.rbac.AccessCheck;
import io.cutover.rbac.RbacSnapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything a migration does to one cluster (source or target). The phase steps see only this, so they can be
 * tested without a server and every API call can be counted. Implementations throw {@link ClusterAccessException}.
 * Every write is idempotent: creating what exists returns it, deleting what is gone reports false.
 */
public interface ClusterPort {
  /** The cluster's name as the migration calls it (for messages and provenance). */
  String clusterName();

  Optional<ServiceAccount> serviceAccount(String namespace, String name);

  Optional<Namespace> namespace(String name);

  Optional<Secret> secret(String namespace, String name);

  /** All Roles, ClusterRoles, RoleBindings and ClusterRoleBindings. */
  RbacSnapshot rbac();

  /** Secrets of type kubernetes.io/service-account-token in the namespace that belong to the ServiceAccount. */
  List<Secret> legacyTokenSecrets(String namespace, String serviceAccount);

  /** Pods in the namespace that run as the ServiceAccount. */
  List<Pod> podsRunningAs(String namespace, String serviceAccount);

  /** The issuer from the cluster's OIDC discovery document ({@code /.well-known/openid-configuration}). */
  String issuer();

  /**
   * The cluster's JSON Web Key Set as its API server publishes it ({@code /openid/v1/jwks}): the public keys that
   * verify its service account tokens offline, as relying parties outside the cluster do.
   */
  String jwks();

  /** TokenRequest API. */
  IssuedToken requestToken(TokenRequestSpec request);

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

  /** Creates the object unless one of that kind, namespace and name exists; returns what the cluster holds. */
  <T extends HasMetadata> T createIfAbsent(T object);

  /**
   * Writes the token under key {@value Ownership#TOKEN_KEY} of an existing Secret, and its issue and expiry times as
   * annotations, in one update.
   */
  void writeToken(String namespace, String secretName, IssuedToken token, Instant issuedAt);

  /** Reads the token under key {@value Ownership#TOKEN_KEY} of a Secret and its times, if both exist. */
  Optional<StoredToken> readToken(String namespace, String secretName);

  /**
   * Deletes the object if it exists and, when {@code expectedUid} is given, still has that UID (so a re-created
   * object of the same name is never touched). Returns true if it deleted something.
   */
  boolean delete(ObjectRef ref, String expectedUid);

  /** Removes subjects naming the ServiceAccount from a (Cluster)RoleBinding; returns true if it changed the binding. */
  boolean removeServiceAccountSubject(ObjectRef binding, String saNamespace, String saName);

  /**
   * Sets annotations on a ServiceAccount if it exists and still has {@code expectedUid} (other annotations are kept).
   * Returns true if it changed the object.
   */
  boolean annotateServiceAccount(String namespace, String name, String expectedUid, java.util.Map<String, String> annotations);

  /** Every object labelled as created by the migration with this UID, of the kinds Cutover creates. */
  List<ObjectRef> ownedBy(String migrationUid);
}
