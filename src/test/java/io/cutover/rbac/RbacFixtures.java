package io.cutover.rbac;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.List;

/** Builders for the RBAC objects the tests need. */
final class RbacFixtures {

  static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  private RbacFixtures() {}

  static PolicyRule rule(String verbs, String groups, String resources) {
    return Rules.resourceRule(csv(verbs), csv(groups), csv(resources), List.of());
  }

  static PolicyRule named(String verbs, String groups, String resources, String names) {
    return Rules.resourceRule(csv(verbs), csv(groups), csv(resources), csv(names));
  }

  static PolicyRule urls(String verbs, String urls) {
    return Rules.nonResourceRule(csv(verbs), csv(urls));
  }

  /** Comma-separated values; a lone "-" is the core group "". */
  static List<String> csv(String values) {
    return List.of(values.split(",", -1)).stream().map(v -> v.equals("-") ? "" : v).toList();
  }

  static Role role(String namespace, String name, PolicyRule... rules) {
    return new RoleBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withRules(rules).build();
  }

  static ClusterRole clusterRole(String name, PolicyRule... rules) {
    return new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata().withRules(rules).build();
  }

  static RoleBinding roleBinding(String namespace, String name, String roleKind, String roleName,
                                 Subject... subjects) {
    return new RoleBindingBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withNewRoleRef(RBAC_GROUP, roleKind, roleName).withSubjects(subjects).build();
  }

  static ClusterRoleBinding clusterRoleBinding(String name, String roleName, Subject... subjects) {
    return new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewRoleRef(RBAC_GROUP, "ClusterRole", roleName).withSubjects(subjects).build();
  }

  static Subject sa(String namespace, String name) {
    return new SubjectBuilder().withKind("ServiceAccount").withNamespace(namespace).withName(name).build();
  }

  static Subject user(String name) {
    return new SubjectBuilder().withApiGroup(RBAC_GROUP).withKind("User").withName(name).build();
  }

  static Subject group(String name) {
    return new SubjectBuilder().withApiGroup(RBAC_GROUP).withKind("Group").withName(name).build();
  }

  static Grant grant(String namespace, PolicyRule rule) {
    return new Grant(namespace, rule, namespace == null ? Grant.CLUSTER_ROLE_BINDING : Grant.ROLE_BINDING,
        namespace, "b", Grant.CLUSTER_ROLE, "r", Grant.SERVICE_ACCOUNT);
  }
}
