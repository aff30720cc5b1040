package io.cutover.rbac;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;

/**
 * The RBAC objects of one cluster. ClusterRoles with an {@code aggregationRule} are taken with the rules stored in them
 * (kube-controller-manager fills those in; the authorizer reads the stored rules, and so does this package).
 * Null lists are treated as empty.
 */
public record RbacSnapshot(List<Role> roles, List<ClusterRole> clusterRoles, List<RoleBinding> roleBindings,
                           List<ClusterRoleBinding> clusterRoleBindings) {

  public RbacSnapshot {
    roles = roles == null ? List.of() : List.copyOf(roles);
    clusterRoles = clusterRoles == null ? List.of() : List.copyOf(clusterRoles);
    roleBindings = roleBindings == null ? List.of() : List.copyOf(roleBindings);
    clusterRoleBindings = clusterRoleBindings == null ? List.of() : List.copyOf(clusterRoleBindings);
  }

  public static RbacSnapshot empty() {
    return new RbacSnapshot(List.of(), List.of(), List.of(), List.of());
  }

  /** This snapshot plus the RBAC objects among {@code objects} (others are ignored): a cluster once they exist. */
  public RbacSnapshot with(List<? extends HasMetadata> objects) {
    List<Role> roles = new ArrayList<>(this.roles);
    List<ClusterRole> clusterRoles = new ArrayList<>(this.clusterRoles);
    List<RoleBinding> roleBindings = new ArrayList<>(this.roleBindings);
    List<ClusterRoleBinding> clusterRoleBindings = new ArrayList<>(this.clusterRoleBindings);
    for (HasMetadata o : objects) {
      if (o instanceof Role r) {
        roles.add(r);
      } else if (o instanceof ClusterRole r) {
        clusterRoles.add(r);
      } else if (o instanceof RoleBinding b) {
        roleBindings.add(b);
      } else if (o instanceof ClusterRoleBinding b) {
        clusterRoleBindings.add(b);
      }
    }
    return new RbacSnapshot(roles, clusterRoles, roleBindings, clusterRoleBindings);
  }
}
