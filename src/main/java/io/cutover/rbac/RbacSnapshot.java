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

  /**
   * This snapshot plus the RBAC objects among {@code objects} (others are ignored): the cluster once they exist. A
   * planned object takes the place of one of the same kind, namespace and name (ours from an earlier turn, or someone
   * else's, which provisioning then refuses to adopt): the plan describes what it will create, not a mix.
   */
  public RbacSnapshot with(List<? extends HasMetadata> objects) {
    List<Role> roles = replaced(this.roles, objects, Role.class);
    List<ClusterRole> clusterRoles = replaced(this.clusterRoles, objects, ClusterRole.class);
    List<RoleBinding> roleBindings = replaced(this.roleBindings, objects, RoleBinding.class);
    List<ClusterRoleBinding> clusterRoleBindings = replaced(this.clusterRoleBindings, objects, ClusterRoleBinding.class);
    return new RbacSnapshot(roles, clusterRoles, roleBindings, clusterRoleBindings);
  }

  private static <T extends HasMetadata> List<T> replaced(List<T> existing, List<? extends HasMetadata> planned,
      Class<T> kind) {
    List<T> added = planned.stream().filter(kind::isInstance).map(kind::cast).toList();
    java.util.Set<String> names = new java.util.HashSet<>();
    added.forEach(o -> names.add(o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()));
    List<T> out = new ArrayList<>(existing.stream()
        .filter(o -> o.getMetadata() == null || !names.contains(o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()))
        .toList());
    out.addAll(added);
    return out;
  }
}
