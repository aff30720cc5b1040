package io.cutover.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;

/**
 * What one namespace of a cluster holds that tells which of its ServiceAccounts are used: the ServiceAccounts (those
 * matching the selector, if one was given), every Pod, every workload by kind, and the legacy token Secrets
 * ({@code kubernetes.io/service-account-token}) with their metadata and type only — their data is dropped by the port
 * that read them, so no token travels further. Each list is one list request of the namespace.
 */
public record NamespaceInventory(String cluster, String namespace, List<ServiceAccount> serviceAccounts,
    List<Pod> pods, List<Deployment> deployments, List<StatefulSet> statefulSets, List<DaemonSet> daemonSets,
    List<Job> jobs, List<CronJob> cronJobs, List<ReplicaSet> replicaSets, List<Secret> legacyTokenSecrets) {

  public NamespaceInventory {
    serviceAccounts = copy(serviceAccounts);
    pods = copy(pods);
    deployments = copy(deployments);
    statefulSets = copy(statefulSets);
    daemonSets = copy(daemonSets);
    jobs = copy(jobs);
    cronJobs = copy(cronJobs);
    replicaSets = copy(replicaSets);
    legacyTokenSecrets = copy(legacyTokenSecrets);
  }

  /** A namespace that holds nothing (a starting point for tests and fakes). */
  public static NamespaceInventory empty(String cluster, String namespace) {
    return new NamespaceInventory(cluster, namespace, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
        List.of(), List.of(), List.of());
  }

  /** Lists from the API server may hold null items when the stored JSON is odd; they are dropped, never passed on. */
  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : list.stream().filter(java.util.Objects::nonNull).toList();
  }
}
