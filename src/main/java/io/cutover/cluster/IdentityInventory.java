package io.cutover.cluster;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads, per namespace of a cluster, what tells which ServiceAccounts are in use ({@link NamespaceInventory}): for a
 * wave's dry run over whole namespaces, where asking per identity would cost a request per identity and kind. One list
 * request per kind per namespace, whatever the number of identities: ServiceAccounts (by the selector, when given),
 * Pods, Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, ReplicaSets and the legacy token Secrets. Nothing here
 * writes. The migrator's Role in each namespace (deploy/remote/namespace) grants these lists.
 */
public interface IdentityInventory {
  /**
   * The namespaces' inventories, in the order given (duplicates read once).
   *
   * @param serviceAccountSelector restricts the ServiceAccounts listed (empty: all); Pods, workloads and Secrets are
   *     always listed whole, since any of them may name a selected ServiceAccount
   * @throws ClusterAccessException when a list is refused or fails (its message quotes no response)
   */
  List<NamespaceInventory> inventory(Collection<String> namespaces, Optional<LabelSelector> serviceAccountSelector);
}
