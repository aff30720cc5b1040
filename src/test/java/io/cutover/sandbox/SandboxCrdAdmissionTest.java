package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.config.CrdManifest;
import io.cutover.phase.HostileAdmission;
import io.cutover.phase.HostileSpecs;
import io.cutover.phase.HostileSpecs.Case;
import io.cutover.testing.Kubectl;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed CRDs as the sandbox admits them, with the same cases and the same judge as
 * {@code real.RealCrdAdmissionTest} on kube-apiserver: every row of {@link HostileSpecs} refused with 422 naming the
 * field, the documented examples accepted, source and target immutable, every phase accepted in status and an unknown
 * one refused, unknown fields pruned; and the Status a refusal is, as kube-apiserver builds it.
 */
class SandboxCrdAdmissionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "adm";
  private static final String COLLECTION = "/apis/cutover.io/v1alpha1/namespaces/" + NS + "/serviceaccountmigrations";
  static final String MERGE_PATCH = "application/merge-patch+json";

  static SandboxCluster cluster;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("admission");
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
  void theValidBaseSpecIsAcceptedWithEveryFieldKnown() {
    Answer answer = send("POST", COLLECTION + "?fieldValidation=Strict", migration("base", HostileSpecs.validSpec()));
    assertThat(answer.code()).as(answer.message()).isEqualTo(201);
    assertThat(answer.warnings()).isEmpty();
  }

  @Test
  void everyHostileSpecIsRefusedWith422NamingTheField() {
    List<Case> cases = HostileSpecs.cases().toList();
    List<String> failures = new ArrayList<>();
    int i = 0;
    for (Case c : cases) {
      Answer answer = send("POST", COLLECTION, migration("hostile-" + i++, HostileSpecs.specTree(c)));
      HostileAdmission.failure(c, answer.code(), answer.message(),
          answer.code() / 100 == 2 ? answer.json() : JSON.createObjectNode()).ifPresent(failures::add);
      if (answer.code() == 422) {
        JsonNode causes = answer.json().at("/details/causes");
        assertThat(causes.isArray() && causes.size() > 0).as("%s: causes in %s", c, answer.body()).isTrue();
        assertThat(causes.get(0).path("reason").asText()).as(c.toString()).startsWith("FieldValue");
      }
    }
    assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
    assertThat(failures).as("hostile specs the sandbox did not refuse as kube-apiserver does").isEmpty();
  }

  // ---------------------------------------------------------------- the Status of a refusal

  @Test
  void anEnumErrorIsACauseWithItsReasonAndFieldAndBlocksTheRules() {
    ObjectNode spec = HostileSpecs.validSpec();
    ((ObjectNode) spec.get("dualRun")).put("onDeadline", "Explode");
    Answer answer = send("POST", COLLECTION, migration("one-error", spec));

    assertThat(answer.code()).isEqualTo(422);
    JsonNode status = answer.json();
    assertThat(status.path("reason").asText()).isEqualTo("Invalid");
    // An enum error blocks the CEL rules, and kube-apiserver says so (hasBlockingErr): two errors, in brackets.
    assertThat(status.path("message").asText()).isEqualTo("ServiceAccountMigration.cutover.io \"one-error\" is"
        + " invalid: [spec.dualRun.onDeadline: Unsupported value: \"Explode\": supported values: \"Cutover\","
        + " \"Rollback\", <nil>: Invalid value: null: some validation rules were not checked because the object was"
        + " invalid; correct the existing errors to complete validation]");
    assertThat(status.at("/details/kind").asText()).isEqualTo("ServiceAccountMigration");
    assertThat(status.at("/details/group").asText()).isEqualTo("cutover.io");
    assertThat(status.at("/details/name").asText()).isEqualTo("one-error");
    JsonNode cause = status.at("/details/causes/0");
    assertThat(cause.path("reason").asText()).isEqualTo("FieldValueNotSupported");
    assertThat(cause.path("field").asText()).isEqualTo("spec.dualRun.onDeadline");
    assertThat(cause.path("message").asText())
        .isEqualTo("Unsupported value: \"Explode\": supported values: \"Cutover\", \"Rollback\"");
  }

  @Test
  void severalErrorsAreBracketedAndABlockingOneSaysTheRulesWereNotChecked() {
    ObjectNode spec = HostileSpecs.validSpec();
    ((ObjectNode) spec.get("source")).put("namespace", "Payments");
    ((ObjectNode) spec.get("tokens")).put("expirationSeconds", "an hour");
    Answer answer = send("POST", COLLECTION, migration("two-errors", spec));

    assertThat(answer.code()).isEqualTo(422);
    assertThat(answer.message()).startsWith("ServiceAccountMigration.cutover.io \"two-errors\" is invalid: [")
        .endsWith("]")
        .contains("spec.source.namespace: Invalid value: \"Payments\": spec.source.namespace in body should match"
            + " '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'")
        .contains("spec.tokens.expirationSeconds: Invalid value: \"string\": spec.tokens.expirationSeconds in body"
            + " must be of type integer: \"string\"")
        .contains("<nil>: Invalid value: null: some validation rules were not checked because the object was"
            + " invalid; correct the existing errors to complete validation");
    List<String> reasons = new ArrayList<>();
    answer.json().at("/details/causes").forEach(c -> reasons.add(c.path("reason").asText()));
    assertThat(reasons).contains("FieldValueInvalid", "FieldValueTypeInvalid");
  }

  @Test
  void oneErrorIsTheMessageWithoutBracketsAndACelRuleIsReportedAtItsValueWithItsMessage() {
    ObjectNode spec = HostileSpecs.validSpec();
    ((ObjectNode) spec.get("dualRun")).put("window", "200h");
    Answer answer = send("POST", COLLECTION, migration("cel", spec));

    assertThat(answer.code()).isEqualTo(422);
    assertThat(answer.message()).isEqualTo("ServiceAccountMigration.cutover.io \"cel\" is invalid:"
        + " spec.dualRun.window: Invalid value: \"string\": window must be at most 168h");
  }

  @Test
  void kubectlApplyOfAnInvalidMigrationPrintsWhatItPrintsOnARealCluster(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("kubeconfig"), cluster.kubeconfig("sandbox"));
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
  void theExamplesAndTheReadmeSpecAreAcceptedWithEveryFieldKnown() throws IOException {
    List<JsonNode> docs = new ArrayList<>(
        HostileAdmission.migrations(Files.readString(Path.of("examples/payments-api-migration.yaml"))));
    docs.addAll(HostileAdmission.migrations(HostileAdmission.readmeSpecBlock()));
    assertThat(docs).hasSize(2);
    int i = 0;
    for (JsonNode doc : docs) {
      ObjectNode body = doc.deepCopy();
      ((ObjectNode) body.get("metadata")).put("namespace", NS).put("name", "example-" + i++);
      Answer answer = send("POST", COLLECTION + "?fieldValidation=Strict", body);
      assertThat(answer.code()).as("%s: %s", doc.get("metadata"), answer.message()).isEqualTo(201);
      assertThat(answer.warnings()).isEmpty();
    }
  }

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

  @Test
  void unknownFieldsArePrunedAndStatusIsNotWrittenThroughTheMainResource() {
    ObjectNode spec = HostileSpecs.validSpec();
    spec.put("bogus", "x");
    ((ObjectNode) spec.get("source")).put("context", "prod");
    ((ObjectNode) spec.at("/trust/relyingParties/0")).put("token", "not-a-secret");
    ObjectNode body = migration("pruned", spec);
    body.putObject("status").put("phase", "Completed");

    Answer strict = send("POST", COLLECTION + "?fieldValidation=Strict", body);
    assertThat(strict.code()).as(strict.message()).isEqualTo(400);
    assertThat(strict.message()).contains("strict decoding error").contains("spec.bogus")
        .contains("spec.source.context").contains("spec.trust.relyingParties[0].token");

    Answer created = send("POST", COLLECTION, body);
    assertThat(created.code()).as(created.message()).isEqualTo(201);
    assertThat(String.join("\n", created.warnings())).contains("spec.bogus");
    JsonNode read = send("GET", COLLECTION + "/pruned", null).json();
    JsonNode stored = read.get("spec");
    assertThat(stored.has("bogus")).isFalse();
    assertThat(stored.get("source").has("context")).isFalse();
    assertThat(stored.at("/trust/relyingParties/0").has("token")).isFalse();
    assertThat(stored.at("/trust/relyingParties/0/name").asText()).isEqualTo("vault-eu");
    assertThat(read.at("/status/phase").asText()).isNotEqualTo("Completed");
  }

  @Test
  void aTrustAnnotationWithoutAValueIsRefusedNotPruned() throws IOException {
    ObjectNode body = (ObjectNode) new YAMLMapper().readTree("""
        apiVersion: cutover.io/v1alpha1
        kind: ServiceAccountMigration
        metadata: {name: no-value, namespace: %s}
        spec:
          requester: {username: cutover-admin}
          source: {namespace: payments, serviceAccount: payments-api}
          target: {cluster: {name: eu-new, kubeconfigSecretRef: {name: eu-new-kubeconfig}}}
          trust:
            annotations:
              iam.gke.io/gcp-service-account:
        """.formatted(NS));
    Answer answer = send("POST", COLLECTION, body);
    assertThat(answer.code()).as(answer.message()).isEqualTo(422);
    assertThat(answer.message()).contains("spec.trust.annotations")
        .contains("annotation values must be strings, not null");
  }

  // ---------------------------------------------------------------- updates: oldSelf, patches, status

  @Test
  void sourceAndTargetCannotChangeOnceSetWhileOtherFieldsCan() {
    String url = stored("immutable");
    Answer source = send("PATCH", url, JSON.createObjectNode().set("spec",
        JSON.createObjectNode().set("source", JSON.createObjectNode().put("namespace", "elsewhere"))));
    Answer target = send("PATCH", url, JSON.createObjectNode().set("spec",
        JSON.createObjectNode().set("target", JSON.createObjectNode().put("serviceAccount", "someone-else"))));
    Answer targetCluster = send("PATCH", url, JSON.createObjectNode().set("spec",
        JSON.createObjectNode().set("target", JSON.createObjectNode().putNull("cluster"))));
    Answer approval = send("PATCH", url, JSON.createObjectNode().set("spec",
        JSON.createObjectNode().set("cutover", JSON.createObjectNode().put("approved", true)
            .set("approvedBy", JSON.createObjectNode().put("username", "cutover-admin")))));

    assertThat(source.code()).as(source.message()).isEqualTo(422);
    assertThat(source.message()).isEqualTo("ServiceAccountMigration.cutover.io \"immutable\" is invalid:"
        + " spec.source: Invalid value: \"object\": spec.source is immutable once set");
    assertThat(target.code()).as(target.message()).isEqualTo(422);
    assertThat(target.message()).contains("spec.target is immutable once set");
    assertThat(targetCluster.code()).as(targetCluster.message()).isEqualTo(422);
    assertThat(targetCluster.message()).contains("spec.target is immutable once set");
    assertThat(approval.code()).as("a mutable field still changes: %s", approval.message()).isEqualTo(200);
    assertThat(approval.json().at("/spec/cutover/approved").asBoolean()).isTrue();
  }

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
  void everyPhaseIsAcceptedThroughTheStatusSubresourceAndAnUnknownOneIsRefused() {
    String status = stored("phases") + "/status";
    for (Phase phase : Phase.values()) {
      ObjectNode patch = JSON.createObjectNode();
      ObjectNode body = patch.putObject("status").put("phase", phase.name());
      body.putArray("history").addObject().put("phase", phase.name()).put("time", "2026-01-01T00:00:00Z")
          .put("reason", "Test");
      Answer answer = send("PATCH", status, patch);
      assertThat(answer.code()).as("%s: %s", phase, answer.message()).isEqualTo(200);
      assertThat(answer.json().at("/status/phase").asText()).isEqualTo(phase.name());
    }
    ObjectNode unknown = JSON.createObjectNode();
    unknown.putObject("status").put("phase", "Paused");
    Answer answer = send("PATCH", status, unknown);
    assertThat(answer.code()).as(answer.message()).isEqualTo(422);
    assertThat(answer.message()).contains("status.phase: Unsupported value: \"Paused\"");

    ObjectNode unknownInHistory = JSON.createObjectNode();
    unknownInHistory.putObject("status").putArray("history").addObject().put("phase", "paused");
    Answer history = send("PATCH", status, unknownInHistory);
    assertThat(history.code()).as(history.message()).isEqualTo(422);
    assertThat(history.message()).contains("status.history[0].phase");
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

  record Answer(int code, String body, List<String> warnings) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String message() {
      try {
        JsonNode status = JSON.readTree(body);
        return status.hasNonNull("message") ? status.get("message").asText() : body;
      } catch (IOException e) {
        return body;
      }
    }
  }

  static Answer send(String method, String path, JsonNode body) {
    return send(method, path, body, MERGE_PATCH);
  }

  static Answer send(String method, String path, JsonNode body, String patchType) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.url() + path))
        .header("Accept", "application/json");
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.toString());
    switch (method) {
      case "GET" -> request.GET();
      case "POST" -> request.header("Content-Type", "application/json").POST(publisher);
      case "PATCH" -> request.header("Content-Type", patchType).method("PATCH", publisher);
      default -> throw new IllegalArgumentException(method);
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body(), response.headers().allValues("Warning"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String stored(String name) {
    Answer created = send("POST", COLLECTION, migration(name, HostileSpecs.validSpec()));
    assertThat(created.code()).as(created.message()).isEqualTo(201);
    return COLLECTION + "/" + name;
  }

  private static ObjectNode migration(String name, JsonNode spec) {
    ObjectNode m = JSON.createObjectNode().put("apiVersion", "cutover.io/v1alpha1")
        .put("kind", "ServiceAccountMigration");
    m.putObject("metadata").put("name", name).put("namespace", NS);
    m.set("spec", spec);
    return m;
  }
}
