package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cutover.config.CrdManifest;
import io.cutover.phase.CrdAdmissionContract;
import io.cutover.phase.HostileAdmission;
import io.cutover.phase.HostileSpecs;
import io.cutover.testing.Kubectl;
import io.cutover.testing.RawHttp;
import io.cutover.testing.RawHttp.Answer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed CRDs as the sandbox admits them: the {@link CrdAdmissionContract} {@code real.RealCrdAdmissionTest}
 * holds kube-apiserver to (every row of {@link HostileSpecs}, the examples, immutability, the status schema, pruning),
 * what kubectl prints for an invalid migration, and the Status of a refusal as kube-apiserver builds it, defaults,
 * JSON patches, status writes, MigrationPolicy and admission switched off.
 */
class SandboxCrdAdmissionTest extends CrdAdmissionContract {
  private static final String NS = "adm";
  private static final String COLLECTION = "/apis/cutover.io/v1alpha1/namespaces/" + NS + "/serviceaccountmigrations";

  static SandboxCluster cluster;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws IOException {
    cluster = SandboxCluster.start("admission");
    Files.writeString(dir.resolve("kubeconfig"), cluster.kubeconfig("sandbox"));
    for (var crd : CrdManifest.all()) {
      cluster.client().apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
    cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  // ---------------------------------------------------------------- the hostile table, judged as on the real server

  @Test
  void kubectlApplyOfAnInvalidMigrationPrintsWhatItPrintsOnARealCluster() throws Exception {
    Path file = dir.resolve("invalid.yaml");
    Files.writeString(file, HostileAdmission.invalidMigrationYaml(NS));
    Kubectl.Result applied = new Kubectl(dir).run(dir.resolve("kubeconfig"), "apply", "-f", file.toString());
    assertThat(applied.exitCode()).isNotZero();
    assertThat(applied.err().strip()).isEqualTo(HostileAdmission.invalidApplyError());
    assertThat(cluster.client().genericKubernetesResources("cutover.io/v1alpha1", "ServiceAccountMigration")
        .inNamespace(NS).withName("invalid-apply").get()).isNull();
  }

  // ---------------------------------------------------------------- the documented examples, defaults, pruning

  @Test
  void theSchemaDefaultsAreStored() throws IOException {
    JsonNode spec = JSON.readTree("""
        {"requester": {"username": "cutover-admin"},
         "source": {"namespace": "payments", "serviceAccount": "payments-api"},
         "target": {"cluster": {"name": "eu-new", "kubeconfigSecretRef": {"name": "eu-new-kubeconfig"}}},
         "dualRun": {}, "tokens": {}}
        """);
    Answer created = send("POST", COLLECTION, migration("defaults", spec));
    assertThat(created.code()).as(created.message()).isEqualTo(201);
    JsonNode stored = send("GET", COLLECTION + "/defaults", null).json().get("spec");
    assertThat(stored.at("/dualRun/window").asText()).isEqualTo("15m");
    assertThat(stored.at("/dualRun/onDeadline").asText()).isEqualTo("Cutover");
    assertThat(stored.at("/tokens/expirationSeconds").asLong()).isEqualTo(3600);
    assertThat(stored.at("/target/cluster/kubeconfigSecretRef/key").asText()).isEqualTo("kubeconfig");
    assertThat(stored.at("/moveSecrets").asBoolean(true)).isFalse();
    assertThat(stored.has("cutover")).as("an absent object is not created to hold its fields' defaults").isFalse();
  }

  // ---------------------------------------------------------------- updates: oldSelf, patches, status

  @Test
  void aJsonPatchIsAdmittedAsTheObjectItMakes() {
    String url = stored("json-patch");
    Answer refused = send("PATCH", url, JSON.createArrayNode().add(JSON.createObjectNode().put("op", "replace")
        .put("path", "/spec/dualRun/onDeadline").put("value", "Explode")), "application/json-patch+json");
    assertThat(refused.code()).as(refused.message()).isEqualTo(422);
    assertThat(refused.message()).contains("spec.dualRun.onDeadline: Unsupported value: \"Explode\"");

    Answer accepted = send("PATCH", url, JSON.createArrayNode().add(JSON.createObjectNode().put("op", "replace")
        .put("path", "/spec/dualRun/onDeadline").put("value", "Rollback")), "application/json-patch+json");
    assertThat(accepted.code()).as(accepted.message()).isEqualTo(200);
    assertThat(accepted.json().at("/spec/dualRun/onDeadline").asText()).isEqualTo("Rollback");
  }

  @Test
  void aStatusWriteChangesOnlyStatus() {
    String url = stored("status-only");
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("status").put("phase", "Planning");
    patch.putObject("spec").putObject("dualRun").put("window", "1h");
    Answer answer = send("PATCH", url + "/status", patch);
    assertThat(answer.code()).as(answer.message()).isEqualTo(200);
    JsonNode read = send("GET", url, null).json();
    assertThat(read.at("/status/phase").asText()).isEqualTo("Planning");
    assertThat(read.at("/spec/dualRun/window").asText()).isEqualTo("15m");
  }

  // ---------------------------------------------------------------- MigrationPolicy, and admission off

  @Test
  void aMigrationPolicyIsAdmittedTheSameWay() throws IOException {
    String policies = "/apis/cutover.io/v1alpha1/migrationpolicies";
    JsonNode policy = new YAMLMapper().readTree(Files.readString(Path.of("examples/migration-policy.yaml"))
        .split("(?m)^---\\s*$")[0]);
    assertThat(policy.path("kind").asText()).isEqualTo("MigrationPolicy");
    ObjectNode good = policy.deepCopy();
    ((ObjectNode) good.get("metadata")).put("name", "good");
    assertThat(send("POST", policies, good).code()).isEqualTo(201);

    ObjectNode bad = good.deepCopy();
    ((ObjectNode) bad.get("metadata")).put("name", "bad");
    ((ObjectNode) bad.at("/spec/allow")).put("maxWindow", "200h");
    Answer answer = send("POST", policies, bad);
    assertThat(answer.code()).as(answer.message()).isEqualTo(422);
    assertThat(answer.message()).startsWith("MigrationPolicy.cutover.io \"bad\" is invalid:")
        .contains("spec.allow.maxWindow: Invalid value: \"string\": maxWindow must be at most 168h");
  }

  @Test
  void withAdmissionOffTheClusterStoresWhatAnOlderCrdWouldLetThrough() {
    ObjectNode spec = HostileSpecs.validSpec();
    ((ObjectNode) spec.get("dualRun")).put("onDeadline", "Explode");
    spec.put("bogus", "kept");
    cluster.admission(false);
    try {
      Answer stored = send("POST", COLLECTION, migration("unadmitted", spec));
      assertThat(stored.code()).as(stored.message()).isEqualTo(201);
      assertThat(stored.json().at("/spec/dualRun/onDeadline").asText()).isEqualTo("Explode");
      assertThat(stored.json().at("/spec/bogus").asText()).isEqualTo("kept");
    } finally {
      cluster.admission(true);
    }
    assertThat(send("POST", COLLECTION, migration("admitted", spec)).code()).isEqualTo(422);
  }

  // ---------------------------------------------------------------- requests

  @Override
  protected Answer send(String method, String path, JsonNode body) {
    return send(method, path, body, MERGE_PATCH);
  }

  @Override
  protected String namespace(String name) {
    if (cluster.client().namespaces().withName(name).get() == null) {
      cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
          .build()).create();
    }
    return name;
  }

  @Override
  protected String kustomize(String folder) {
    try {
      return new Kubectl(dir).ok(dir.resolve("kubeconfig"), "kustomize", folder).out();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected String adminUser() {
    return Sandbox.ADMIN_USER;
  }

  private static Answer send(String method, String path, JsonNode body, String patchType) {
    return RawHttp.send(cluster.client(), method, path, body,
        method.equals("PATCH") ? patchType : "application/json");
  }


  private String stored(String name) {
    return stored(NS, name);
  }

  private static ObjectNode migration(String name, JsonNode spec) {
    return migration(NS, name, spec);
  }
}
