package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SandboxClusterTest {

  static SandboxCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("test");
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void newClusterHasTheDefaultNamespaces() {
    assertThat(client.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
        .contains("default", "kube-system", "kube-public");
  }

  @Test
  void newClusterHasEveryBootstrapClusterRole() throws Exception {
    List<String> expected;
    try (InputStream in = SandboxCluster.class.getResourceAsStream(SandboxCluster.BOOTSTRAP_CLUSTER_ROLES)) {
      expected = client.load(in).items().stream().map(HasMetadata::getMetadata).map(m -> m.getName()).toList();
    }
    assertThat(expected).contains("cluster-admin", "admin", "edit", "view");
    assertThat(client.rbac().clusterRoles().list().getItems()).extracting(r -> r.getMetadata().getName())
        .containsAll(expected);
  }

  @Test
  void aggregatedBootstrapRolesCarryTheRulesOfTheirParts() {
    ClusterRole view = client.rbac().clusterRoles().withName("view").get();
    ClusterRole aggregateToView = client.rbac().clusterRoles().withName("system:aggregate-to-view").get();
    assertThat(aggregateToView.getRules()).isNotEmpty();
    assertThat(view.getRules()).containsAll(aggregateToView.getRules());
  }

  @Test
  void writingALabelledClusterRoleReaggregatesAsTheControllerDoes() {
    PolicyRule rule = new PolicyRuleBuilder().withApiGroups("example.io").withResources("widgets")
        .withVerbs("get").build();
    client.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("widgets-view")
        .withLabels(Map.of("rbac.authorization.k8s.io/aggregate-to-view", "true")).endMetadata()
        .withRules(rule).build()).create();
    assertThat(client.rbac().clusterRoles().withName("view").get().getRules()).contains(rule);

    client.rbac().clusterRoles().withName("widgets-view").delete();
    assertThat(client.rbac().clusterRoles().withName("view").get().getRules()).doesNotContain(rule);
  }

  @Test
  void serviceAccountsAndSecretsGetWhatTheApiServerFillsOnCreate() {
    var sa = client.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("filled").endMetadata().build()).create();
    var secret = client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata()
        .withName("filled").endMetadata().withStringData(Map.of("k", "v")).build()).create();
    for (HasMetadata object : List.of(sa, secret)) {
      assertThat(object.getMetadata().getUid()).isNotBlank();
      assertThat(object.getMetadata().getResourceVersion()).isNotBlank();
      assertThat(object.getMetadata().getCreationTimestamp()).isNotBlank();
    }
    assertThat(sa.getMetadata().getUid()).isNotEqualTo(secret.getMetadata().getUid());
  }

  @Test
  void secretStringDataIsStoredAsBase64DataAsTheApiServerDoes() {
    var created = client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata()
        .withName("string-data").endMetadata().withData(Map.of("a", "b2xk", "b", "a2VlcA=="))
        .withStringData(Map.of("a", "new")).build()).create();
    var stored = client.secrets().inNamespace("default").withName("string-data").get();
    for (var secret : List.of(created, stored)) {
      assertThat(secret.getStringData()).isNullOrEmpty();
      assertThat(secret.getData()).containsEntry("a", "bmV3").containsEntry("b", "a2VlcA==");
    }
  }

  @Test
  void eachClusterIsItsOwnIssuer() {
    try (SandboxCluster other = SandboxCluster.start("other")) {
      assertThat(other.issuer()).isNotEqualTo(cluster.issuer());
      assertThat(cluster.issuer()).isEqualTo(cluster.url()).startsWith("https://127.0.0.1:");
    }
  }

  @Test
  void kubeconfigIsTheAdministratorOverVerifiedTls() {
    String kubeconfig = cluster.kubeconfig("ctx");
    var config = io.fabric8.kubernetes.client.Config.fromKubeconfig(kubeconfig);
    assertThat(config.getMasterUrl()).startsWith(cluster.url());
    assertThat(config.getCurrentContext().getName()).isEqualTo("ctx");
    assertThat(kubeconfig).contains("token: " + cluster.adminToken());
    assertThat(config.isTrustCerts()).isFalse();
    assertThat(config.getCaCertData()).isNotBlank();
    try (var fromKubeconfig = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build()) {
      // Anonymous could not read it: the kubeconfig's token is the administrator's, and its CA verifies the server.
      assertThat(fromKubeconfig.secrets().inNamespace("kube-system").list().getItems()).isNotNull();
    }
  }

  @Test
  void servesThroughItsOwnFrontKeepingNoRequestLog() throws Exception {
    for (int i = 0; i < 50; i++) {
      assertThat(client.namespaces().withName("default").get()).isNotNull();
    }
    var serverField = SandboxCluster.class.getDeclaredField("server");
    serverField.setAccessible(true);
    // The front is the sandbox's own server: it queues no requests (the mock's MockWebServer kept every one).
    assertThat(serverField.get(cluster)).isInstanceOf(SandboxHttpServer.class);
    assertThat(SandboxHttpServer.class.getDeclaredFields()).extracting(java.lang.reflect.Field::getType)
        .doesNotContain((Class) java.util.concurrent.BlockingQueue.class, (Class) java.util.Queue.class);
  }

  @Test
  void newClusterHasTheDefaultClusterRoleBindings() {
    var binding = client.rbac().clusterRoleBindings().withName("cluster-admin").get();
    assertThat(binding.getRoleRef().getName()).isEqualTo("cluster-admin");
    assertThat(binding.getSubjects()).extracting("kind", "name").containsExactly(
        org.assertj.core.groups.Tuple.tuple("Group", "system:masters"));
    assertThat(client.rbac().clusterRoleBindings().withName("system:basic-user").get().getSubjects())
        .extracting("name").containsExactly("system:authenticated");
  }

  @Test
  void namespacesAreServed() {
    Namespace ns = client.namespaces().withName("kube-system").get();
    assertThat(ns.getMetadata().getUid()).isNotBlank();
  }
}
