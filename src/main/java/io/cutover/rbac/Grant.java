package io.cutover.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

/**
 * One rule granted to an identity, where ({@code namespace}, or null for cluster-wide) and through which binding
 * ({@code bindingKind} RoleBinding or ClusterRoleBinding; {@code bindingNamespace} null for a ClusterRoleBinding) and
 * which role ({@code roleKind} Role or ClusterRole). {@code subjectKind} says how the binding names the identity:
 * ServiceAccount, User ({@code system:serviceaccount:NS:NAME}) or Group.
 */
public record Grant(String namespace, PolicyRule rule, String bindingKind, String bindingNamespace, String bindingName,
                    String roleKind, String roleName, String subjectKind) {

  public static final String ROLE_BINDING = "RoleBinding";
  public static final String CLUSTER_ROLE_BINDING = "ClusterRoleBinding";
  public static final String ROLE = "Role";
  public static final String CLUSTER_ROLE = "ClusterRole";
  public static final String SERVICE_ACCOUNT = "ServiceAccount";
  public static final String USER = "User";
  public static final String GROUP = "Group";

  /** True when the grant applies cluster-wide (through a ClusterRoleBinding). */
  public boolean clusterWide() {
    return namespace == null;
  }

  /** Whether the binding names the identity itself (ServiceAccount or User subject) rather than one of its groups. */
  public boolean direct() {
    return !GROUP.equals(subjectKind);
  }
}
