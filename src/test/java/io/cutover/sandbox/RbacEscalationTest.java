package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kube-apiserver's RBAC escalation check on the sandbox: a Role or binding write passes when the writer holds every
 * rule it grants, or may escalate (roles) or bind (bindings); otherwise 403 with kube-apiserver's message.
 */
class RbacEscalationTest {

  static final String NS = "team";
  static final String RBAC = "rbac.authorization.k8s.io";
  static SandboxCluster cluster;
  static KubernetesClient admin;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("escalation");
    admin = cluster.client();
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    // The writers' own rights: write roles and bindings here, and read configmaps.
    admin.rbac().roles().inNamespace(NS).resource(new RoleBuilder().withNewMetadata().withName("rbac-writer")
        .endMetadata()
        .addNewRule().withApiGroups(RBAC).withResources("roles", "rolebindings")
        .withVerbs("get", "create", "update", "patch").endRule()
        .addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get", "list").endRule()
        .build()).create();
    admin.rbac().roles().inNamespace(NS).resource(role("configmap-reader", "configmaps", "get", "list")).create();
    admin.rbac().roles().inNamespace(NS).resource(role("secret-deleter", "secrets", "delete")).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static Role role(String name, String resource, String... verbs) {
    return new RoleBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .addNewRule().withApiGroups("").withResources(resource).withVerbs(verbs).endRule().build();
  }

  static RoleBinding binding(String name, String kind, String role, String user) {
    return new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withNewRoleRef(RBAC, kind, role).addNewSubject().withApiGroup(RBAC).withKind("User").withName(user)
        .endSubject().build();
  }

  /** A user who may write roles and bindings in {@value #NS} and read its configmaps, and nothing more. */
  static KubernetesClient writer(String user) {
    admin.rbac().roleBindings().inNamespace(NS).resource(binding(user + "-writes-rbac", "Role", "rbac-writer", user))
        .create();
    return cluster.clientAs(user);
  }

  static String notHeld(String user, String missing) {
    return "user \"" + user + "\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not"
        + " currently held:\n" + missing;
  }

  @Test
  void aRoleWithRulesTheWriterHoldsIsCreatedOneWithMoreIsForbidden() {
    try (KubernetesClient dev = writer("dev")) {
      assertThat(dev.rbac().roles().inNamespace(NS).resource(role("dev-reads", "configmaps", "get")).create())
          .isNotNull();
      assertThatThrownBy(() -> dev.rbac().roles().inNamespace(NS)
          .resource(role("dev-deletes", "secrets", "delete", "get")).create())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(403);
            assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
            assertThat(e.getStatus().getMessage()).isEqualTo("roles.rbac.authorization.k8s.io \"dev-deletes\" is"
                + " forbidden: " + notHeld("dev", "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"delete\" \"get\"]}"));
          });
      assertThat(admin.rbac().roles().inNamespace(NS).withName("dev-deletes").get()).isNull();
    }
  }

  @Test
  void escalateOnRolesLetsTheWriterGrantWhatItDoesNotHold() {
    try (KubernetesClient esc = writer("esc")) {
      assertThatThrownBy(() -> esc.rbac().roles().inNamespace(NS).resource(role("esc-deletes", "secrets", "delete"))
          .create()).isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      admin.rbac().roles().inNamespace(NS).resource(new RoleBuilder().withNewMetadata().withName("escalate-roles")
          .endMetadata().addNewRule().withApiGroups(RBAC).withResources("roles").withVerbs("escalate").endRule()
          .build()).create();
      admin.rbac().roleBindings().inNamespace(NS).resource(binding("esc-escalates", "Role", "escalate-roles", "esc"))
          .create();
      assertThat(esc.rbac().roles().inNamespace(NS).resource(role("esc-deletes", "secrets", "delete")).create())
          .isNotNull();
    }
  }

  @Test
  void aJsonPatchIsCheckedOnTheRoleItMakes() {
    try (KubernetesClient patcher = writer("patcher")) {
      patcher.rbac().roles().inNamespace(NS).resource(role("patched", "configmaps", "get")).create();
      String patch = "[{\"op\":\"add\",\"path\":\"/rules/-\",\"value\":{\"apiGroups\":[\"\"],\"resources\":[\"secrets\"],"
          + "\"verbs\":[\"list\"]}}]";
      assertThatThrownBy(() -> patcher.rbac().roles().inNamespace(NS).withName("patched")
          .patch(PatchContext.of(PatchType.JSON), patch))
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
              .endsWith(notHeld("patcher", "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"list\"]}")));
      assertThat(admin.rbac().roles().inNamespace(NS).withName("patched").get().getRules()).hasSize(1);
    }
  }

  @Test
  void anUpdateOfOnlyFinalizersPassesWithoutHoldingTheRules() {
    try (KubernetesClient gc = writer("gc")) {
      Role stored = gc.rbac().roles().inNamespace(NS).withName("secret-deleter").get();
      stored.getMetadata().setFinalizers(java.util.List.of("example.io/keep"));
      assertThat(gc.rbac().roles().inNamespace(NS).resource(stored).update().getMetadata().getFinalizers())
          .containsExactly("example.io/keep");
      Role relabelled = gc.rbac().roles().inNamespace(NS).withName("secret-deleter").get();
      relabelled.getMetadata().setLabels(java.util.Map.of("team", "x"));
      assertThatThrownBy(() -> gc.rbac().roles().inNamespace(NS).resource(relabelled).update())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  @Test
  void aBindingToARoleTheWriterHoldsIsCreatedOthersNeedBind() {
    try (KubernetesClient binder = writer("binder")) {
      assertThat(binder.rbac().roleBindings().inNamespace(NS)
          .resource(binding("friend-reads", "Role", "configmap-reader", "friend")).create()).isNotNull();
      assertThatThrownBy(() -> binder.rbac().roleBindings().inNamespace(NS)
          .resource(binding("friend-deletes", "Role", "secret-deleter", "friend")).create())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
              .isEqualTo("rolebindings.rbac.authorization.k8s.io \"friend-deletes\" is forbidden: "
                  + notHeld("binder", "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"delete\"]}")));
      assertThatThrownBy(() -> binder.rbac().roleBindings().inNamespace(NS)
          .resource(binding("friend-admin", "ClusterRole", "admin", "friend")).create())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
              .startsWith("rolebindings.rbac.authorization.k8s.io \"friend-admin\" is forbidden: user \"binder\""));
      // bind on that ClusterRole, granted cluster-wide: the binding is allowed without holding admin's rules.
      admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("bind-admin")
          .endMetadata().addNewRule().withApiGroups(RBAC).withResources("clusterroles").withResourceNames("admin")
          .withVerbs("bind").endRule().build()).create();
      admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
          .withName("binder-binds-admin").endMetadata().withNewRoleRef(RBAC, "ClusterRole", "bind-admin")
          .addNewSubject().withApiGroup(RBAC).withKind("User").withName("binder").endSubject().build()).create();
      assertThat(binder.rbac().roleBindings().inNamespace(NS)
          .resource(binding("friend-admin", "ClusterRole", "admin", "friend")).create()).isNotNull();
      // bind names admin only: secret-deleter still needs its rules held.
      assertThatThrownBy(() -> binder.rbac().roleBindings().inNamespace(NS)
          .resource(binding("friend-deletes", "Role", "secret-deleter", "friend")).create())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  @Test
  void theAdministratorIsInSystemMastersAndNeverChecked() {
    assertThat(admin.rbac().roles().inNamespace(NS).resource(role("admin-made", "secrets", "*")).create()).isNotNull();
  }
}
