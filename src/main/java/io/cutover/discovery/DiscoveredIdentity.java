package io.cutover.discovery;

import io.cutover.api.v1alpha1.ObjectRef;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One ServiceAccount of a namespace as discovery sees it: in use when a Pod that has not finished runs as it or a
 * workload's Pod template names it, idle otherwise; its legacy token Secrets with their last-used dates; and, when
 * Kubernetes or Cutover manages it, why it is never moved.
 *
 * @param pods the Pods (not Succeeded or Failed) that run as it
 * @param workloads the Deployments, StatefulSets, DaemonSets, Jobs, CronJobs and ReplicaSets (those no Deployment
 *     owns) whose Pod template names it
 * @param neverMoved why it must not be moved ({@link io.cutover.policy.ProtectedIdentities#neverMoved}); null when it may be
 */
public record DiscoveredIdentity(String cluster, String namespace, String name, List<ObjectRef> pods,
    List<ObjectRef> workloads, List<LegacyToken> legacyTokens, String neverMoved) {

  public DiscoveredIdentity {
    pods = List.copyOf(pods);
    workloads = List.copyOf(workloads);
    legacyTokens = List.copyOf(legacyTokens);
  }

  public boolean inUse() {
    return !pods.isEmpty() || !workloads.isEmpty();
  }

  public boolean idle() {
    return !inUse();
  }

  public boolean movable() {
    return neverMoved == null;
  }

  /**
   * The latest day one of its legacy tokens was used, as far as the labels tell; empty when none was (or it has
   * none). An unreadable label counts as {@link LocalDate#MAX}: its use is unknown, so it is never "long ago".
   */
  public Optional<LocalDate> lastUsed() {
    return legacyTokens.stream()
        .map(t -> t.lastUsedUnreadable() ? Optional.of(LocalDate.MAX) : t.lastUsedDate())
        .flatMap(Optional::stream)
        .max(LocalDate::compareTo);
  }
}
