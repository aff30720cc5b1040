package io.cutover.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The RBAC objects of everyone else in a large cluster ({@code bench --rbac-objects N}): N Roles, RoleBindings,
 * ClusterRoles and ClusterRoleBindings that name none of the benchmark's identities, so every migration's plan is
 * the same as without them and only the cost of evaluating RBAC in a larger cluster changes.
 *
 * <p>Per {@value #BLOCK} objects: {@value #CLUSTER_ROLES_PER_BLOCK} ClusterRoles, as many ClusterRoleBindings, and
 * the rest Roles with a RoleBinding each, {@value #PER_NAMESPACE} objects to a namespace {@code rbac-000},
 * {@code rbac-001}, ... (which exist on source and target). The RoleBindings name other ServiceAccounts (of their
 * own namespace and of the next one), users, teams' groups and the ServiceAccounts group of their own namespace; the
 * ClusterRoleBindings name users, groups and ServiceAccounts of those namespaces. None names
 * {@code system:authenticated} or {@code system:serviceaccounts}, which would grant the benchmark's identities too.
 */
final class RbacFiller {
  static final int BLOCK = 100;
  static final int CLUSTER_ROLES_PER_BLOCK = 2;
  static final int PER_NAMESPACE = 200;
  private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  private RbacFiller() {}

  /** The namespaces the first {@code n} objects live in. */
  static List<HasMetadata> namespaces(int n) {
    List<HasMetadata> out = new ArrayList<>();
    for (int k = 0; k < (n + PER_NAMESPACE - 1) / PER_NAMESPACE; k++) {
      out.add(new NamespaceBuilder().withNewMetadata().withName(namespace(k)).endMetadata().build());
    }
    return out;
  }

  /** Object {@code i} (0-based) of the filler: the same for the same {@code i} on every cluster and run. */
  static HasMetadata object(int i) {
    String ns = namespace(i / PER_NAMESPACE);
    String next = namespace(i / PER_NAMESPACE + 1);
    int inBlock = i % BLOCK;
    String name = String.format("filler-%06d", i);
    if (inBlock < CLUSTER_ROLES_PER_BLOCK) {
      return new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata()
          .withRules(rule("get,list,watch", "apps", "deployments"), rule("get", "", "nodes")).build();
    }
    if (inBlock < 2 * CLUSTER_ROLES_PER_BLOCK) {
      // bound to the ClusterRole just before it
      return new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
          .withNewRoleRef(RBAC_GROUP, "ClusterRole", String.format("filler-%06d", i - CLUSTER_ROLES_PER_BLOCK))
          .withSubjects(user("ops-" + i % 7 + "@example.com"), group("team-" + i % 13),
              serviceAccount(ns, "controller-" + i % 5))
          .build();
    }
    boolean role = (inBlock - 2 * CLUSTER_ROLES_PER_BLOCK) % 2 == 0;
    if (role) {
      return new RoleBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
          .withRules(rule("get,list,watch", "", "configmaps,secrets"),
              new PolicyRuleBuilder().withApiGroups("").withResources("services").withResourceNames(name)
                  .withVerbs("get", "update").build())
          .build();
    }
    String roleName = String.format("filler-%06d", i - 1);
    List<Subject> subjects = switch (i / 2 % 4) {
      case 0 -> List.of(serviceAccount(ns, "app-" + i % 50), serviceAccount(next, "app-" + i % 50));
      case 1 -> List.of(user("dev-" + i % 97 + "@example.com"));
      case 2 -> List.of(group("team-" + i % 13), group("system:serviceaccounts:" + ns));
      default -> List.of(serviceAccount(null, "worker-" + i % 20), user("system:serviceaccount:" + ns + ":batch"));
    };
    return new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewRoleRef(RBAC_GROUP, "Role", roleName).withSubjects(subjects).build();
  }

  /** Creates the namespaces and the first {@code n} objects on each cluster, a few at a time. */
  static void seed(List<KubernetesClient> clusters, int n) throws Exception {
    for (KubernetesClient cluster : clusters) {
      for (HasMetadata namespace : namespaces(n)) {
        cluster.resource(namespace).create();
      }
      Bench.parallel(n, i -> cluster.resource(object(i)).create());
    }
  }

  static String namespace(int k) {
    return String.format("rbac-%03d", k);
  }

  private static io.fabric8.kubernetes.api.model.rbac.PolicyRule rule(String verbs, String group, String resources) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resources.split(",")).withVerbs(verbs.split(","))
        .build();
  }

  private static Subject serviceAccount(String namespace, String name) {
    return new SubjectBuilder().withKind("ServiceAccount").withNamespace(namespace).withName(name).build();
  }

  private static Subject user(String name) {
    return new SubjectBuilder().withApiGroup(RBAC_GROUP).withKind("User").withName(name).build();
  }

  private static Subject group(String name) {
    return new SubjectBuilder().withApiGroup(RBAC_GROUP).withKind("Group").withName(name).build();
  }
}
