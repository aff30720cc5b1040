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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ClusterPort} made of one implementation per concern: the adapter ({@link Fabric8ClusterPort}) and the
 * tests' fake are each four small classes joined here, and the joining is written once.
 */
public interface ComposedClusterPort extends ClusterPort {
  ClusterReader reader();

  TokenIssuer tokens();

  Reviews reviews();

  OwnedObjects owned();

  @Override
  default String clusterName() { return reader().clusterName(); }

  @Override
  default Optional<ServiceAccount> serviceAccount(String namespace, String name) {
    return reader().serviceAccount(namespace, name);
  }

  @Override
  default Optional<Namespace> namespace(String name) { return reader().namespace(name); }

  @Override
  default List<ServiceAccount> serviceAccounts(String namespace, Map<String, String> labels) {
    return reader().serviceAccounts(namespace, labels);
  }

  @Override
  default Optional<Secret> secret(String namespace, String name) { return reader().secret(namespace, name); }

  @Override
  default RbacSnapshot rbac() { return reader().rbac(); }

  @Override
  default List<Secret> legacyTokenSecrets(String namespace, String serviceAccount) {
    return reader().legacyTokenSecrets(namespace, serviceAccount);
  }

  @Override
  default List<Pod> podsRunningAs(String namespace, String serviceAccount) {
    return reader().podsRunningAs(namespace, serviceAccount);
  }

  @Override
  default String issuer() { return reader().issuer(); }

  @Override
  default String jwks() { return reader().jwks(); }

  @Override
  default Optional<StoredToken> readToken(String namespace, String secretName) {
    return reader().readToken(namespace, secretName);
  }

  @Override
  default IssuedToken requestToken(TokenRequestSpec request) { return tokens().requestToken(request); }

  @Override
  default void writeToken(String namespace, String secretName, IssuedToken token, Instant issuedAt) {
    tokens().writeToken(namespace, secretName, token, issuedAt);
  }

  @Override
  default TokenReviewOutcome reviewToken(Token token, List<String> audiences) {
    return reviews().reviewToken(token, audiences);
  }

  @Override
  default AccessReviewOutcome reviewAccess(String user, List<String> groups, AccessCheck check) {
    return reviews().reviewAccess(user, groups, check);
  }

  @Override
  default boolean mayI(AccessCheck check) { return reviews().mayI(check); }

  @Override
  default List<AccessReviewOutcome> reviewAccessAll(String user, List<String> groups, List<AccessCheck> checks) {
    return reviews().reviewAccessAll(user, groups, checks);
  }

  @Override
  default <T extends HasMetadata> Held<T> create(T object) { return owned().create(object); }

  @Override
  default Optional<HasMetadata> find(ObjectRef ref) { return owned().find(ref); }

  @Override
  default boolean delete(ObjectRef ref, String expectedUid) { return owned().delete(ref, expectedUid); }

  @Override
  default boolean removeServiceAccountSubject(ObjectRef binding, String saNamespace, String saName) {
    return owned().removeServiceAccountSubject(binding, saNamespace, saName);
  }

  @Override
  default boolean annotateServiceAccount(String namespace, String name, String expectedUid,
      Map<String, String> annotations) {
    return owned().annotateServiceAccount(namespace, name, expectedUid, annotations);
  }
}
