package io.cutover.observe;

import io.cutover.cluster.ClusterReader;
import io.cutover.rbac.RbacSnapshot;
import io.cutover.rbac.ServiceAccountIdentity;
import java.util.Collection;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Builds immutable observations of source and target. Never writes. */
public final class Observer {
  private Observer() {}

  public static SourceObservation source(ClusterReader cluster, ServiceAccountIdentity id) {
    var sa = cluster.serviceAccount(id.namespace(), id.name());
    if (sa.isEmpty()) {
      return new SourceObservation(sa, RbacSnapshot.empty(), List.of(), List.of(), null);
    }
    return new SourceObservation(sa, cluster.rbac(), cluster.legacyTokenSecrets(id.namespace(), id.name()),
        cluster.podsRunningAs(id.namespace(), id.name()), cluster.issuer());
  }

  /**
   * @param otherNamespaces namespaces besides the identity's whose existence matters (where source RoleBindings in
   *     other namespaces would be carried)
   * @param deliverySecret the name of the token delivery Secret in the identity's namespace, or null
   * @param secretNames Secrets whose existence in the identity's namespace matters (those the source ServiceAccount
   *     references); only their names are kept
   */
  public static TargetObservation target(ClusterReader cluster, ServiceAccountIdentity id, Collection<String> otherNamespaces,
      String deliverySecret, Collection<String> secretNames) {
    Set<String> existing = new TreeSet<>();
    var ns = cluster.namespace(id.namespace());
    ns.ifPresent(n -> existing.add(id.namespace()));
    for (String other : otherNamespaces) {
      if (!other.equals(id.namespace()) && cluster.namespace(other).isPresent()) {
        existing.add(other);
      }
    }
    Optional<Secret> secret = deliverySecret == null || ns.isEmpty() ? Optional.empty()
        : cluster.secret(id.namespace(), deliverySecret);
    Set<String> secrets = new TreeSet<>();
    if (ns.isPresent()) {
      for (String name : secretNames) {
        if (cluster.secret(id.namespace(), name).isPresent()) {
          secrets.add(name);
        }
      }
    }
    return new TargetObservation(ns, cluster.serviceAccount(id.namespace(), id.name()), cluster.rbac(), existing,
        cluster.issuer(), secret, Set.copyOf(secrets));
  }
}
