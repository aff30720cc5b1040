package io.cutover.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Identities no migration may move, from or to, on any cluster, whatever a policy says: the namespaces of the
 * cluster's own machinery and of Cutover itself, and any identity bound to the migrator's role (moving it would hand
 * the migrator's power to whoever reads the target).
 */
public record ProtectedIdentities(Set<String> namespaces, String migratorRole) {
  /** Kubernetes' own namespaces. */
  public static final List<String> KUBERNETES_NAMESPACES = List.of("kube-system", "kube-public", "kube-node-lease");
  /** The migrator's ClusterRole (and its per-namespace Role) as helm/cutover and deploy/remote ship them. */
  public static final String MIGRATOR_ROLE = "cutover-migrator";
  /** The migrator's namespace as deploy/remote ships it. */
  public static final String MIGRATOR_NAMESPACE = "cutover-system";
  /**
   * The ServiceAccount kube-controller-manager's service-account controller keeps in every namespace (and re-creates
   * when it is deleted); Pods that name none run as it.
   */
  public static final String DEFAULT_SERVICE_ACCOUNT = "default";

  public ProtectedIdentities {
    namespaces = Set.copyOf(namespaces);
  }

  /** Kubernetes' namespaces, the operator's and the migrator's. */
  public static ProtectedIdentities standard(String operatorNamespace, String migratorNamespace) {
    Set<String> ns = new LinkedHashSet<>(KUBERNETES_NAMESPACES);
    if (operatorNamespace != null) {
      ns.add(operatorNamespace);
    }
    ns.add(migratorNamespace == null ? MIGRATOR_NAMESPACE : migratorNamespace);
    return new ProtectedIdentities(ns, MIGRATOR_ROLE);
  }

  public boolean isProtected(String namespace) {
    return namespace != null && namespaces.contains(namespace);
  }

  /**
   * Why the ServiceAccount {@code namespace/name} is managed by Kubernetes or Cutover and is never moved, or empty:
   * it lives in a protected namespace, or it is the namespace's {@value #DEFAULT_SERVICE_ACCOUNT} ServiceAccount (the
   * target's controller already made its own, and the source's would be re-created the moment it were revoked).
   * Whether it is bound to the migrator's role is known only from RBAC: the migration's plan checks that
   * ({@link PolicyRules#planRefusals}).
   */
  public Optional<String> neverMoved(String namespace, String name) {
    if (isProtected(namespace)) {
      return Optional.of("namespace " + namespace + " is protected");
    }
    if (DEFAULT_SERVICE_ACCOUNT.equals(name)) {
      return Optional.of("the namespace's default ServiceAccount, kept by the service-account controller");
    }
    return Optional.empty();
  }
}
