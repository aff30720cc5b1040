package io.cutover.phase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cutover.config.CrdManifest;
import io.cutover.phase.HostileSpecs.Case;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an API server must answer each row of {@link HostileSpecs}: 422 naming the field (a rule on an object about
 * its fields at that object), by the CEL rule the row names when it is a CEL row. One judge for the real API server
 * ({@code real.RealCrdAdmissionTest}) and the sandbox ({@code sandbox.SandboxCrdAdmissionTest}).
 */
public final class HostileAdmission {
  private static final JSONSchemaProps SPEC_SCHEMA = CrdManifest.load().getSpec().getVersions().get(0).getSchema()
      .getOpenAPIV3Schema().getProperties().get("spec");

  private HostileAdmission() {}

  /** What is wrong with the answer to a row (HTTP code, Status message, body), or empty when it is as it must be. */
  public static Optional<String> failure(Case c, int code, String message, JsonNode body) {
    String field = fieldPath(c.path());
    // A rule on an object about its fields (exactly one of kubeconfigSecretRef and issuerTrust) is reported at
    // that object: the table places it there.
    String named = !c.layer().schema() && !c.layer().celAt().isEmpty() && c.path().startsWith(c.layer().celAt() + ".")
        ? fieldPath(c.layer().celAt()) : field;
    if (code / 100 == 2) {
      return Optional.of(c + ": accepted (HTTP " + code + "); it would be stored as " + field + " = "
          + clip(body.at(pointer(c.path())).toString()));
    } else if (code != 422) {
      return Optional.of(c + ": HTTP " + code + " " + clip(message));
    } else if (!message.contains(named)) {
      return Optional.of(c + ": refused, but the message does not name " + named + ": " + clip(message));
    } else if (!c.layer().schema() && celMessages(c.layer().celAt()).stream().noneMatch(message::contains)) {
      return Optional.of(c + ": refused, but not by the CEL rule at spec." + c.layer().celAt() + " the table names: "
          + clip(message));
    }
    return Optional.empty();
  }

  /** {@code trust.relyingParties.0.name} as kube-apiserver writes it: {@code spec.trust.relyingParties[0].name}. */
  public static String fieldPath(String path) {
    StringBuilder out = new StringBuilder("spec");
    for (String part : path.split("\\.")) {
      out.append(part.chars().allMatch(Character::isDigit) ? "[" + part + "]" : "." + part);
    }
    return out.toString();
  }

  /** The messages of the CEL rules at {@code path} (below spec) of the CRD (the generated one, which CrdManifestTest
   * holds equal to the committed one the chart installed). */
  public static List<String> celMessages(String path) {
    JSONSchemaProps p = SPEC_SCHEMA;
    for (String part : path.isEmpty() ? new String[0] : path.split("\\.")) {
      p = part.chars().allMatch(Character::isDigit) ? p.getItems().getSchema() : p.getProperties().get(part);
    }
    return p.getXKubernetesValidations() == null ? List.of()
        : p.getXKubernetesValidations().stream().map(ValidationRule::getMessage).toList();
  }

  /** The row's field in the object the server answers with, as a JSON pointer (a missing node when pruned). */
  public static String pointer(String path) {
    return "/spec/" + path.replace('.', '/');
  }

  public static String clip(String message) {
    String oneLine = message.replace('\n', ' ');
    return oneLine.length() > 600 ? oneLine.substring(0, 600) + "… (" + oneLine.length() + " chars)" : oneLine;
  }

  /** The first ```yaml block of README.md that declares a ServiceAccountMigration. */
  public static String readmeSpecBlock() throws IOException {
    Matcher blocks = Pattern.compile("(?ms)^```yaml\\n(.*?)^```").matcher(Files.readString(Path.of("README.md")));
    while (blocks.find()) {
      if (blocks.group(1).contains("kind: ServiceAccountMigration")) {
        return blocks.group(1);
      }
    }
    throw new AssertionError("README.md has no yaml block with a ServiceAccountMigration");
  }

  public static List<JsonNode> migrations(String yaml) throws IOException {
    YAMLMapper mapper = new YAMLMapper();
    List<JsonNode> out = new ArrayList<>();
    try (var docs = mapper.readerFor(JsonNode.class).readValues(mapper.getFactory().createParser(yaml))) {
      while (docs.hasNext()) {
        JsonNode doc = (JsonNode) docs.next();
        if (doc != null && "ServiceAccountMigration".equals(doc.path("kind").asText())) {
          out.add(doc);
        }
      }
    }
    return out;
  }

  /** A migration {@code kubectl apply} must refuse: an unknown enum value, which also blocks the CEL rules. */
  public static String invalidMigrationYaml(String namespace) {
    return """
        apiVersion: cutover.io/v1alpha1
        kind: ServiceAccountMigration
        metadata: {name: invalid-apply, namespace: %s}
        spec:
          requester: {username: cutover-admin}
          source: {namespace: payments, serviceAccount: payments-api}
          target: {cluster: {name: eu-new, kubeconfigSecretRef: {name: eu-new-kubeconfig}}}
          dualRun: {window: 15m, onDeadline: Explode}
        """.formatted(namespace);
  }

  /**
   * What kubectl prints on stderr for {@link #invalidMigrationYaml}, as on kube-apiserver: kubectl words an Invalid
   * Status from its details, a line per cause (the enum error blocks the CEL rules, which kube-apiserver also says).
   */
  public static String invalidApplyError() {
    return "The ServiceAccountMigration \"invalid-apply\" is invalid: \n"
        + "* spec.dualRun.onDeadline: Unsupported value: \"Explode\": supported values: \"Cutover\", \"Rollback\"\n"
        + "* <nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct"
        + " the existing errors to complete validation";
  }
}
