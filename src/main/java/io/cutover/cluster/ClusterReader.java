package io.cutover.cluster;

import io.cutover.api.v1alpha1.Ownership;
import io.cutover.rbac.RbacSnapshot;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.List;
import java.util.Optional;

/**
 * What Cutover reads of one cluster: the identity, its RBAC, its credentials and the cluster's issuer. Nothing here
 * writes; it is all {@code io.cutover.observe} is given (ArchitectureTest, "observation never writes").
 */
public interface ClusterReader {
  /** The cluster's name as the migration calls it (for messages and provenance). */
  String clusterName();

  Optional<ServiceAccount> serviceAccount(String namespace, String name);

  Optional<Namespace> namespace(String name);

  /** The ServiceAccounts of {@code namespace} carrying every label of {@code labels} (a wave's selection). */
  List<ServiceAccount> serviceAccounts(String namespace, java.util.Map<String, String> labels);

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

  /** Reads the token under key {@value Ownership#TOKEN_KEY} of a Secret and its times, if both exist. */
  Optional<StoredToken> readToken(String namespace, String secretName);
}
