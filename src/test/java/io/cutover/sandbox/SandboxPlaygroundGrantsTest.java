package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.policy.ProtectedIdentities;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the playground binds the migrator to on the target: exactly the rules the source binds to ServiceAccounts of
 * unprotected namespaces, in the binding's namespace (or cluster-wide for a ClusterRoleBinding), never escalate or
 * bind, nothing for protected namespaces or for the migrator's own role.
 */
class SandboxPlaygroundGrantsTest {
  static final ProtectedIdentities PROTECTED = ProtectedIdentities.standard("cutover-system", null);
  static final Role READER = new RoleBuilder().withNewMetadata().withName("reader").withNamespace("shop").endMetadata()
      .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("configmaps").withVerbs("get", "list").build())
      .build();
  static final ClusterRole NODES = new ClusterRoleBuilder().withNewMetadata().withName("nodes").endMetadata()
      .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("nodes").withVerbs("get").build(),
          new PolicyRuleBuilder().withNonResourceURLs("/healthz").withVerbs("get").build())
      .build();

  static RoleBinding roleBinding(String ns, String name, String kind, String role, String saNamespace) {
    return new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", kind, role)
        .addNewSubject().withKind("ServiceAccount").withName("cart").withNamespace(saNamespace).endSubject().build();
  }

  static ClusterRoleBinding clusterRoleBinding(String name, String role, String saNamespace) {
    return new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
        .addNewSubject().withKind("ServiceAccount").withName("cart").withNamespace(saNamespace).endSubject().build();
  }

  static List<HasMetadata> grants(List<RoleBinding> rbs, List<ClusterRoleBinding> crbs, Set<String> targetNs) {
    return SandboxPlayground.mirrorGrants(List.of(READER), List.of(NODES), rbs, crbs, PROTECTED, targetNs);
  }

  @Test
  void aRoleBindingOfAServiceAccountGrantsTheMigratorTheRolesRulesInThatNamespaceOfTheTarget() {
    List<HasMetadata> grants = grants(List.of(roleBinding("shop", "cart-reader", "Role", "reader", "shop")), List.of(),
        Set.of("shop"));

    assertThat(grants).extracting(HasMetadata::getKind).containsExactly("Role", "RoleBinding");
    Role role = (Role) grants.get(0);
    assertThat(role.getMetadata().getName()).isEqualTo("cutover-migrator-mirrors-cart-reader");
    assertThat(role.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(role.getRules()).isEqualTo(READER.getRules());
    RoleBinding binding = (RoleBinding) grants.get(1);
    assertThat(binding.getRoleRef().getName()).isEqualTo("cutover-migrator-mirrors-cart-reader");
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("ServiceAccount");
      assertThat(s.getNamespace() + "/" + s.getName()).isEqualTo("cutover-system/cutover-migrator");
    });
  }

  @Test
  void aRoleBindingToAClusterRoleGrantsItsResourceRulesAsARoleAndAClusterRoleBindingAClusterRole() {
    List<HasMetadata> grants = grants(List.of(roleBinding("shop", "cart-nodes", "ClusterRole", "nodes", "shop")),
        List.of(clusterRoleBinding("cart-nodes", "nodes", "shop")), Set.of("shop"));

    assertThat(grants).extracting(HasMetadata::getKind)
        .containsExactly("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");
    assertThat(((Role) grants.get(0)).getRules()).as("a Role holds no non-resource rule")
        .isEqualTo(List.of(NODES.getRules().get(0)));
    assertThat(((ClusterRole) grants.get(2)).getRules()).isEqualTo(NODES.getRules());
  }

  @Test
  void nothingIsGrantedForProtectedNamespacesMissingTargetNamespacesMissingRolesOrTheMigratorsOwnRole() {
    assertThat(grants(List.of(roleBinding("kube-system", "x", "Role", "reader", "kube-system")),
        List.of(clusterRoleBinding("x", "nodes", "cutover-system")), Set.of("kube-system"))).isEmpty();
    assertThat(grants(List.of(roleBinding("shop", "cart-reader", "Role", "reader", "shop")), List.of(), Set.of()))
        .as("the target namespace does not exist yet").isEmpty();
    assertThat(grants(List.of(roleBinding("shop", "gone", "Role", "missing", "shop")),
        List.of(clusterRoleBinding("gone", "missing", "shop")), Set.of("shop"))).isEmpty();
    assertThat(grants(List.of(roleBinding("shop", "m", "Role", "cutover-migrator", "shop")), List.of(),
        Set.of("shop"))).isEmpty();
  }

  @Test
  void noGrantHoldsEscalateBindOrImpersonate() {
    Role wide = new RoleBuilder(READER).editMetadata().withName("wide").endMetadata()
        .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("pods").withVerbs("get").build()).build();
    List<HasMetadata> grants = SandboxPlayground.mirrorGrants(List.of(wide), List.of(), List.of(
        roleBinding("shop", "w", "Role", "wide", "shop")), List.of(), PROTECTED, Set.of("shop"));
    assertThat(grants).filteredOn(g -> g instanceof Role).flatExtracting(g -> ((Role) g).getRules())
        .flatExtracting(r -> r.getVerbs()).doesNotContain("escalate", "bind", "impersonate", "*");
  }
}
