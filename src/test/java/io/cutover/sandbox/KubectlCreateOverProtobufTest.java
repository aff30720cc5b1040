package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.testing.Kubectl;
import io.cutover.testing.KubectlCreates;
import io.cutover.testing.KubectlCreates.Create;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl's {@code create secret generic|tls|docker-registry}, {@code create configmap}, {@code create
 * role|rolebinding|clusterrole|clusterrolebinding}, {@code create serviceaccount} and {@code create namespace}, each
 * a protobuf body, against a sandbox: each succeeds and the stored object holds, field by field, what was asked.
 */
class KubectlCreateOverProtobufTest {

  static SandboxCluster cluster;
  static KubernetesClient client;
  static Kubectl kubectl;
  static KubectlCreates creates;
  static final Map<String, JsonNode> STORED = new HashMap<>();
  static final Map<String, String> PRINTED = new HashMap<>();

  @TempDir
  static Path dir;

  @BeforeAll
  static void createEverything() throws Exception {
    kubectl = new Kubectl(dir);
    creates = new KubectlCreates(dir);
    cluster = SandboxCluster.start("kubectl-create");
    client = cluster.client();
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), cluster.kubeconfig("sandbox"));
    for (Create create : creates.all()) {
      PRINTED.put(create.path(), kubectl.ok(kubeconfig, create.args().toArray(String[]::new)).out());
      STORED.put(create.path(), Store.JSON.readTree(client.raw(create.path())));
    }
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static JsonNode stored(String suffix) {
    return STORED.entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).findFirst().orElseThrow().getValue();
  }

  static byte[] decoded(JsonNode base64) {
    return Base64.getDecoder().decode(base64.asText());
  }

  @Test
  void everyCommandSucceedsAndPrintsWhatItCreated() {
    assertThat(PRINTED).hasSize(creates.all().size());
    assertThat(PRINTED.get("/api/v1/namespaces/proto")).isEqualTo("namespace/proto created\n");
    assertThat(PRINTED.get("/api/v1/namespaces/proto/secrets/regcred")).isEqualTo("secret/regcred created\n");
    assertThat(PRINTED.get("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/proto-watcher"))
        .isEqualTo("clusterrolebinding.rbac.authorization.k8s.io/proto-watcher created\n");
    STORED.forEach((path, object) ->
        assertThat(path).endsWith("/" + object.path("metadata").path("name").asText()));
  }

  @Test
  void theGenericSecretHoldsTheFilesBytesAsTheReadmeTellsUsersToCreateIt() {
    JsonNode secret = stored("/secrets/source-kubeconfig");
    assertThat(secret.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(secret.path("kind").asText()).isEqualTo("Secret");
    // kubectl sends no type; kube-apiserver defaults it to Opaque, the sandbox does not default (design.md, 101).
    assertThat(secret.path("metadata").path("namespace").asText()).isEqualTo(KubectlCreates.NS);
    assertThat(new String(decoded(secret.path("data").path("kubeconfig")), StandardCharsets.UTF_8))
        .isEqualTo(KubectlCreates.KUBECONFIG);
    assertThat(secret.path("data").path("empty").isTextual()).as("an empty value is kept, as \"\"").isTrue();
    assertThat(secret.path("data").path("empty").asText()).isEmpty();
    assertThat(secret.path("data").size()).isEqualTo(2);
    // What the operator reads: the fabric8 model of the same Secret.
    assertThat(client.secrets().inNamespace(KubectlCreates.NS).withName("source-kubeconfig").get().getData())
        .containsEntry("kubeconfig", Base64.getEncoder().encodeToString(
            KubectlCreates.KUBECONFIG.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theTlsAndDockerRegistrySecretsCarryTheirTypesAndKeys() throws Exception {
    JsonNode tls = stored("/secrets/web-tls");
    assertThat(tls.path("type").asText()).isEqualTo("kubernetes.io/tls");
    assertThat(decoded(tls.path("data").path("tls.crt"))).isEqualTo(Files.readAllBytes(creates.certFile));
    assertThat(decoded(tls.path("data").path("tls.key"))).isEqualTo(Files.readAllBytes(creates.keyFile));

    JsonNode regcred = stored("/secrets/regcred");
    assertThat(regcred.path("type").asText()).isEqualTo("kubernetes.io/dockerconfigjson");
    JsonNode auth = Store.JSON.readTree(decoded(regcred.path("data").path(".dockerconfigjson")))
        .path("auths").path("registry.example");
    assertThat(auth.path("username").asText()).isEqualTo("ci");
    assertThat(auth.path("password").asText()).isEqualTo("s3cret");
    assertThat(auth.path("email").asText()).isEqualTo("ci@example.org");
    assertThat(new String(decoded(auth.path("auth")), StandardCharsets.UTF_8)).isEqualTo("ci:s3cret");
  }

  @Test
  void theConfigMapKeepsTextInDataAndOtherBytesInBinaryData() {
    JsonNode configMap = stored("/configmaps/settings");
    assertThat(configMap.path("data").path("mode").asText()).isEqualTo("fast");
    assertThat(configMap.path("data").has("blob")).isFalse();
    assertThat(decoded(configMap.path("binaryData").path("blob"))).isEqualTo(KubectlCreates.BINARY);
  }

  @Test
  void theNamespaceAndServiceAccountAreStoredByName() {
    assertThat(stored("/namespaces/proto").path("kind").asText()).isEqualTo("Namespace");
    JsonNode sa = stored("/serviceaccounts/builder");
    assertThat(sa.path("kind").asText()).isEqualTo("ServiceAccount");
    assertThat(sa.path("metadata").path("namespace").asText()).isEqualTo(KubectlCreates.NS);
    assertThat(sa.has("automountServiceAccountToken")).as("not set by kubectl, so not stored").isFalse();
  }

  @Test
  void theRoleAndBindingHoldTheirRulesSubjectsAndRoleRef() {
    JsonNode rule = stored("/roles/reader").path("rules");
    assertThat(rule.size()).isEqualTo(2);
    assertThat(texts(rule.get(0).path("apiGroups"))).containsExactly("");
    assertThat(texts(rule.get(0).path("resources"))).containsExactly("pods");
    assertThat(texts(rule.get(1).path("apiGroups"))).containsExactly("apps");
    assertThat(texts(rule.get(1).path("resources"))).containsExactly("deployments");
    for (JsonNode r : rule) {
      assertThat(texts(r.path("verbs"))).containsExactly("get", "list");
      assertThat(texts(r.path("resourceNames"))).containsExactly("web");
    }

    JsonNode binding = stored("/rolebindings/reader");
    assertThat(binding.path("roleRef").toString())
        .isEqualTo("{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"Role\",\"name\":\"reader\"}");
    assertThat(binding.path("subjects").toString()).isEqualTo("["
        + "{\"kind\":\"User\",\"apiGroup\":\"rbac.authorization.k8s.io\",\"name\":\"jane\"},"
        + "{\"kind\":\"Group\",\"apiGroup\":\"rbac.authorization.k8s.io\",\"name\":\"devs\"},"
        + "{\"kind\":\"ServiceAccount\",\"name\":\"builder\",\"namespace\":\"proto\"}]");
  }

  @Test
  void theClusterRolesAndClusterRoleBindingHoldRulesAggregationAndSubjects() {
    JsonNode rules = stored("/clusterroles/proto-watcher").path("rules");
    assertThat(rules.toString()).isEqualTo("["
        + "{\"verbs\":[\"get\"],\"apiGroups\":[\"\"],\"resources\":[\"nodes\"]},"
        + "{\"verbs\":[\"get\"],\"nonResourceURLs\":[\"/healthz\"]}]");
    JsonNode aggregate = stored("/clusterroles/proto-aggregate");
    assertThat(aggregate.path("aggregationRule").toString())
        .isEqualTo("{\"clusterRoleSelectors\":[{\"matchLabels\":{\"rbac.example/aggregate-to-proto\":\"true\"}}]}");
    assertThat(aggregate.path("rules").size()).as("no rules of its own").isZero();

    JsonNode binding = stored("/clusterrolebindings/proto-watcher");
    assertThat(binding.path("metadata").has("namespace")).isFalse();
    assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo("ClusterRole");
    assertThat(binding.path("roleRef").path("name").asText()).isEqualTo("proto-watcher");
    assertThat(binding.path("subjects").toString()).isEqualTo("["
        + "{\"kind\":\"User\",\"apiGroup\":\"rbac.authorization.k8s.io\",\"name\":\"jane\"},"
        + "{\"kind\":\"ServiceAccount\",\"name\":\"builder\",\"namespace\":\"proto\"}]");
  }

  static List<String> texts(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
