package io.cutover.phase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.phase.HostileSpecs.Case;
import io.cutover.testing.RawHttp.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What an API server with the committed CRD installed must answer, one contract for kube-apiserver
 * ({@code real.RealCrdAdmissionTest}) and the sandbox ({@code sandbox.SandboxCrdAdmissionTest}): every row of
 * {@link HostileSpecs} refused with 422 naming the field (judged by {@link HostileAdmission}), the documented
 * examples accepted, source and target immutable, every phase accepted in status and an unknown one refused, unknown
 * fields pruned.
 *
 * <p>Each server is sent the exact JSON of each row (so a null, a duplicate or a 1 MB value reaches it as written,
 * not as a typed model would re-serialize it), as server-side dry runs ({@code dryRun=All}) wherever nothing needs
 * to be stored.
 */
public abstract class CrdAdmissionContract {
  protected static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/apis/cutover.io/v1alpha1/namespaces/";
  private static final String PLURAL = "/serviceaccountmigrations";
  protected static final String MERGE_PATCH = "application/merge-patch+json";

  /** Sends a request (a PATCH as a merge patch, a DELETE with default options) as the server's administrator. */
  protected abstract Answer send(String method, String path, JsonNode body);

  /** Makes sure a namespace exists; returns its name. */
  protected abstract String namespace(String name);

  /** {@code kubectl kustomize} of a folder. */
  protected abstract String kustomize(String folder);

  /** The user the requests are sent as (the chart's admission policy admits only the requester sending). */
  protected abstract String adminUser();

  // ---------------------------------------------------------------- 1. the hostile table

  @Test
  public void theValidBaseSpecOfTheTableIsAcceptedWithEveryFieldKnown() {
    String ns = namespace("adm-hostile");
    Answer answer = send("POST", collection(ns) + "?dryRun=All&fieldValidation=Strict",
        migration(ns, "base", HostileSpecs.validSpec()));
    assertThat(answer.code()).as("the base every row breaks one field of: %s", answer.message()).isEqualTo(201);
  }

  @Test
  public void everyHostileSpecIsRefusedWith422NamingTheField() {
    String ns = namespace("adm-hostile");
    List<Case> cases = HostileSpecs.cases().toList();
    List<String> failures = new ArrayList<>();
    int refused = 0;
    int i = 0;
    for (Case c : cases) {
      ObjectNode body = migration(ns, "hostile-" + i++, HostileSpecs.specTree(c));
      Answer answer = send("POST", collection(ns) + "?dryRun=All", body);
      Optional<String> failure = HostileAdmission.failure(c, answer.code(), answer.message(),
          answer.code() / 100 == 2 ? answer.json() : JSON.createObjectNode());
      JsonNode causes = answer.code() == 422 ? answer.json().at("/details/causes") : JSON.createArrayNode();
      if (failure.isEmpty() && (causes.size() == 0 || !causes.get(0).path("reason").asText().startsWith("FieldValue"))) {
        failure = Optional.of(c + ": no field cause in " + HostileAdmission.clip(answer.body()));
      }
      if (failure.isPresent()) {
        failures.add(failure.get());
      } else {
        refused++;
      }
    }
    System.out.printf("%s: %d hostile specs sent, %d refused with 422 naming the field, %d not%n",
        getClass().getSimpleName(), cases.size(), refused, failures.size());
    assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
    assertThat(failures).as("hostile specs %s did not refuse as expected", getClass().getSimpleName()).isEmpty();
    assertThat(refused).isEqualTo(cases.size());
  }

  // ---------------------------------------------------------------- 1b. the Status of a refusal, word for word

  @Test
  public void anEnumErrorIsACauseWithItsReasonAndFieldAndBlocksTheRules() {
    ObjectNode spec = HostileSpecs.validSpec();
    ((ObjectNode) spec.get("dualRun")).put("onDeadline", "Explode");
    String ns = namespace("adm-hostile");
    Answer answer = send("POST", collection(ns) + "?dryRun=All", migration(ns, "one-error", spec));

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
  public void severalErrorsAreBracketedAndABlockingOneSaysTheRulesWereNotChecked() {
    ObjectNode spec = HostileSpecs.validSpec();
    ((ObjectNode) spec.get("source")).put("namespace", "Payments");
    ((ObjectNode) spec.get("tokens")).put("expirationSeconds", "an hour");
    String ns = namespace("adm-hostile");
    Answer answer = send("POST", collection(ns) + "?dryRun=All", migration(ns, "two-errors", spec));

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
  public void oneErrorIsTheMessageWithoutBracketsAndACelRuleIsReportedAtItsValueWithItsMessage() {
    ObjectNode spec = HostileSpecs.validSpec();
    ((ObjectNode) spec.get("dualRun")).put("window", "200h");
    String ns = namespace("adm-hostile");
    Answer answer = send("POST", collection(ns) + "?dryRun=All", migration(ns, "cel", spec));

    assertThat(answer.code()).isEqualTo(422);
    assertThat(answer.message()).isEqualTo("ServiceAccountMigration.cutover.io \"cel\" is invalid:"
        + " spec.dualRun.window: Invalid value: \"string\": window must be at most 168h");
  }

  // ---------------------------------------------------------------- 2. the documented examples

  @Test
  public void theExamplesAndTheReadmeSpecAreAcceptedWithEveryFieldKnown() throws IOException {
    String ns = namespace("adm-examples");
    List<JsonNode> docs = new ArrayList<>();
    docs.addAll(HostileAdmission.migrations(Files.readString(Path.of("examples/payments-api-migration.yaml"))));
    // the GitOps folder as Argo CD or Flux renders it: kustomize sets the namespace and labels
    docs.addAll(HostileAdmission.migrations(kustomize("examples/gitops")));
    List<JsonNode> readme = HostileAdmission.migrations(HostileAdmission.readmeSpecBlock());
    assertThat(readme).as("README.md's ServiceAccountMigration example").hasSize(1);
    docs.addAll(readme);
    assertThat(docs).hasSize(3);
    for (JsonNode doc : docs) {
      ObjectNode body = (ObjectNode) doc.deepCopy();
      ((ObjectNode) body.get("metadata")).put("namespace", ns);
      // Sent by the administrator: the chart's admission policy admits only the requester as the user sending.
      ((ObjectNode) body.get("spec")).putObject("requester").put("username", adminUser());
      Answer answer = send("POST", collection(ns) + "?dryRun=All&fieldValidation=Strict", body);
      assertThat(answer.code()).as("%s: %s", doc.get("metadata"), answer.message()).isEqualTo(201);
      assertThat(answer.warnings()).as("warnings for %s", doc.get("metadata")).isEmpty();
    }
  }

  // ---------------------------------------------------------------- 3. source and target are immutable

  @Test
  public void sourceAndTargetCannotChangeOnceSetWhileOtherFieldsCan() {
    String ns = namespace("adm-update");
    String url = stored(ns, "immutable");
    try {
      immutable(url);
    } finally {
      delete(url);
    }
  }

  private void immutable(String url) {
    Answer source = send("PATCH", url + "?dryRun=All", JSON.createObjectNode().set("spec",
        JSON.createObjectNode().set("source", JSON.createObjectNode().put("namespace", "elsewhere"))));
    Answer target = send("PATCH", url + "?dryRun=All", JSON.createObjectNode().set("spec",
        JSON.createObjectNode().set("target", JSON.createObjectNode().put("serviceAccount", "someone-else"))));
    Answer targetCluster = send("PATCH", url + "?dryRun=All", JSON.createObjectNode().set("spec",
        JSON.createObjectNode().set("target", JSON.createObjectNode().putNull("cluster"))));
    Answer approval = send("PATCH", url + "?dryRun=All", JSON.createObjectNode().set("spec",
        JSON.createObjectNode().set("cutover", JSON.createObjectNode().put("approved", true)
            .set("approvedBy", JSON.createObjectNode().put("username", adminUser())))));

    assertThat(source.code()).as(source.message()).isEqualTo(422);
    assertThat(source.message()).contains("spec.source").contains("spec.source is immutable once set");
    assertThat(target.code()).as(target.message()).isEqualTo(422);
    assertThat(target.message()).contains("spec.target is immutable once set");
    assertThat(targetCluster.code()).as(targetCluster.message()).isEqualTo(422);
    assertThat(targetCluster.message()).contains("spec.target is immutable once set");
    assertThat(approval.code()).as("a mutable field still changes: %s", approval.message()).isEqualTo(200);
    assertThat(approval.json().at("/spec/cutover/approved").asBoolean()).isTrue();
  }

  // ---------------------------------------------------------------- 4. the status schema

  @Test
  public void everyPhaseIsAcceptedThroughTheStatusSubresourceAndAnUnknownOneIsRefused() {
    String ns = namespace("adm-update");
    String url = stored(ns, "phases");
    try {
      phases(url + "/status?dryRun=All");
    } finally {
      delete(url);
    }
  }

  private void phases(String status) {
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
    assertThat(answer.message()).contains("status.phase").contains("Paused");

    ObjectNode unknownInHistory = JSON.createObjectNode();
    unknownInHistory.putObject("status").putArray("history").addObject().put("phase", "paused");
    Answer history = send("PATCH", status, unknownInHistory);
    assertThat(history.code()).as(history.message()).isEqualTo(422);
    assertThat(history.message()).contains("status.history[0].phase");
  }

  @Test
  public void unknownFieldsArePrunedAndRefusedUnderStrictValidation() {
    String ns = namespace("adm-prune");
    ObjectNode spec = HostileSpecs.validSpec();
    spec.put("bogus", "x");
    ((ObjectNode) spec.get("source")).put("context", "prod");
    ((ObjectNode) spec.at("/trust/relyingParties/0")).put("token", "not-a-secret");
    ObjectNode body = migration(ns, "pruned", spec);
    body.putObject("status").put("phase", "Completed");

    Answer strict = send("POST", collection(ns) + "?dryRun=All&fieldValidation=Strict", body);
    assertThat(strict.code()).as(strict.message()).isEqualTo(400);
    assertThat(strict.message()).contains("strict decoding error").contains("spec.bogus")
        .contains("spec.source.context").contains("spec.trust.relyingParties[0].token");

    Answer created = send("POST", collection(ns), body);
    assertThat(created.code()).as(created.message()).isEqualTo(201);
    try {
      assertThat(String.join("\n", created.warnings())).contains("spec.bogus");
      readBackPruned(collection(ns) + "/pruned");
    } finally {
      delete(collection(ns) + "/pruned");
    }
  }

  private void readBackPruned(String url) {
    Answer read = send("GET", url, null);
    assertThat(read.code()).isEqualTo(200);
    JsonNode stored = read.json().get("spec");
    assertThat(stored.has("bogus")).isFalse();
    assertThat(stored.get("source").has("context")).isFalse();
    assertThat(stored.at("/trust/relyingParties/0").has("token")).isFalse();
    assertThat(stored.at("/source/namespace").asText()).isEqualTo("payments");
    assertThat(stored.at("/trust/relyingParties/0/name").asText()).isEqualTo("vault-eu");
    assertThat(read.json().at("/status/phase").asText()).as("status is not written through the main resource")
        .isNotEqualTo("Completed");
  }

  /**
   * A trust annotation without a value (YAML's null) is refused, not pruned: pruned, the key would vanish and the
   * source's value be carried to the target ServiceAccount unchanged (ApiRules.TRUST_ANNOTATION_VALUES_CEL).
   */
  @Test
  public void aTrustAnnotationWithoutAValueIsRefusedNotPruned() throws IOException {
    String ns = namespace("adm-hostile");
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
        """.formatted(ns));
    assertThat(body.at("/spec/trust/annotations").has("iam.gke.io/gcp-service-account")).isTrue();
    Answer answer = send("POST", collection(ns) + "?dryRun=All", body);
    assertThat(answer.code()).as(answer.message()).isEqualTo(422);
    assertThat(answer.message()).contains("spec.trust.annotations")
        .contains("annotation values must be strings, not null");
  }

  // ---------------------------------------------------------------- requests


  protected static String collection(String ns) {
    return API + ns + PLURAL;
  }

  /** A stored migration (the valid base) to send updates to; the caller deletes it. */
  protected String stored(String ns, String name) {
    Answer created = send("POST", collection(ns), migration(ns, name, HostileSpecs.validSpec()));
    assertThat(created.code()).as(created.message()).isEqualTo(201);
    return collection(ns) + "/" + name;
  }

  protected void delete(String url) {
    Answer deleted = send("DELETE", url, null);
    assertThat(deleted.code()).as(deleted.message()).isIn(200, 202);
  }

  protected static ObjectNode migration(String ns, String name, JsonNode spec) {
    ObjectNode m = JSON.createObjectNode().put("apiVersion", "cutover.io/v1alpha1")
        .put("kind", "ServiceAccountMigration");
    m.putObject("metadata").put("name", name).put("namespace", ns);
    m.set("spec", spec);
    return m;
  }
}
