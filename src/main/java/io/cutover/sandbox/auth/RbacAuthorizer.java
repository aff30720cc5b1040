package io.cutover.sandbox.auth;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;

/** Kubernetes' RBAC authorizer over a snapshot of stored roles and bindings. */
public final class RbacAuthorizer {

  public RbacAuthorizer(List<Role> roles, List<ClusterRole> clusterRoles, List<RoleBinding> roleBindings,
      List<ClusterRoleBinding> clusterRoleBindings) {
  }

  public Decision authorize(RequestAttributes request) {
    return new Decision(false, "");
  }

  /** For SelfSubjectRulesReview: the rules that apply to user/groups in namespace (cluster-wide ones included). */
  public RulesForSubject rulesFor(String user, List<String> groups, String namespace) {
    return new RulesForSubject(List.of(), List.of());
  }
}
