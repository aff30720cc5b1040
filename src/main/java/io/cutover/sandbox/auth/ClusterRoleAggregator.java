package io.cutover.sandbox.auth;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.util.List;

/** kube-controller-manager's clusterrole-aggregation controller, as a pure function. */
public final class ClusterRoleAggregator {

  private ClusterRoleAggregator() {
  }

  /** As kube-controller-manager's clusterrole-aggregation controller: for every ClusterRole with an aggregationRule,
   *  its rules become the union of the rules of the ClusterRoles whose labels match any of its selectors
   *  (matchLabels and matchExpressions), in a stable order, without duplicates. Returns only the ClusterRoles whose
   *  rules changed, as updated copies (never mutates the input). */
  public static List<ClusterRole> aggregate(List<ClusterRole> all) {
    return List.of();
  }
}
