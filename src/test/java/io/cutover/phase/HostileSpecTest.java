package io.cutover.phase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.cluster.TestingClusterPort;
import io.cutover.config.CrdManifest;
import io.cutover.plan.PlanFixtures;
import io.cutover.policy.MigrationPolicy;
import io.cutover.status.StatusEditor;
import io.cutover.testing.ReliabilityReport;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed specs, generated as a table of field × bad value. Each is refused twice: by the operator
 * (Failed, Ready=False reason InvalidSpec, the message naming the field, no call to any cluster, no crash) and by the
 * committed CRD — its structural schema (checked here by evaluating pattern, length, range, item count and required
 * against the value) or, where only CEL can say it, a CEL rule present on the field.
 */
class HostileSpecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static JSONSchemaProps specSchema;

  /** One row: set {@code path} (dot-separated, below spec) to {@code value}; null value = remove the field. */
  record Case(String path, JsonNode value, String label, Layer layer) {
    @Override
    public String toString() {
      return path + " = " + label;
    }
  }

  /** Which CRD layer refuses it: the structural schema, or a CEL rule at {@code celAt} (a path below spec). */
  record Layer(boolean schema, String celAt) {
    static final Layer SCHEMA = new Layer(true, null);

    static Layer cel(String at) {
      return new Layer(false, at);
    }
  }

  @BeforeAll
  static void loadCrd() {
    specSchema = CrdManifest.load().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
  }

  /** A valid spec with every optional field set, so each can be broken. */
  static ObjectNode validSpec() {
    try {
      return (ObjectNode) JSON.readTree("""
          {"source": {"cluster": {"name": "eu-old", "kubeconfigSecretRef": {"name": "eu-old-kubeconfig", "key": "kubeconfig"}},
                      "namespace": "payments", "serviceAccount": "payments-api"},
           "target": {"cluster": {"name": "eu-new", "kubeconfigSecretRef": {"name": "eu-new-kubeconfig", "key": "kubeconfig"}},
                      "namespace": "payments", "serviceAccount": "payments-api"},
           "tokens": {"audiences": ["vault.eu-new.example"], "expirationSeconds": 3600, "secretName": "payments-api-token"},
           "rbac": {"mode": "Mirror", "allowEscalation": false},
           "dualRun": {"window": "15m", "onDeadline": "Cutover"},
           "cutover": {"approval": "Automatic", "approved": false, "requireIdle": true,
                       "revoke": {"legacyTokenSecrets": true, "bindings": true, "serviceAccount": "Delete"}},
           "trust": {"relyingParties": [
                       {"name": "vault-eu", "kind": "Vault", "audience": "vault.eu-new.example",
                        "probeUrl": "https://vault.eu-new.example/v1/auth/jwt/login",
                        "confirmed": {"commit": "3f2a9c1"}, "removalConfirmed": {"commit": "9e8d7c6b5a4f"}},
                       {"name": "aws-payments", "kind": "AWS"}],
                     "annotations": {"eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/payments"}},
           "secrets": ["payments-db", "payments-tls"],
           "moveSecrets": true}
          """);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- the table

  static final List<String> BAD_LABELS = List.of("", "-payments", "payments-", "Payments", "pay_ments", "pay.ments",
      "pay ments", " payments", "payments ", "pay/ments", "pay:ments", "zahlungsverkehr-ä", "支払い", "😀", "ｐａｙ",
      "pay\u0000ments", "pay\nments", "pay\u202Ements", "a".repeat(64), "a".repeat(300), "x".repeat(100_000), "-", "*");

  static final List<String> BAD_SUBDOMAINS = List.of("", "-api", "api-", "Api", "api_x", "api..x", ".api", "api.",
      "api.-x", "api-.x", "api x", "api/x", "api:x", "ä-api", "конто", "😀", "api\u0000", "api\t", "a".repeat(254),
      "a".repeat(64) + "." + "b".repeat(200), "y".repeat(100_000), "..");

  static final List<String> BAD_KEYS = List.of("", ".", "..", "..kubeconfig", "kube/config", "kube config", "kübe",
      "k".repeat(254), "kube\u0000config");

  static final List<String> BAD_WINDOWS = List.of("-1s", "-15m", "0s", "0ms", "0h0m0s", "999ms", "0.5s", "169h", "10081m",
      "604801s", "99999999999999999999h", "1d", "1w", "15", "1.5", "", "abc", "1h-1m", "P1D", "PT15M", "１s", "1 s",
      " 15m", "15m ", "15M", "1e3s", "+15m", "15m\n", "9".repeat(40) + "s", "15µs", "15ns");

  static final List<Long> BAD_EXPIRATIONS = List.of(0L, -1L, 1L, 599L, -3600L, Long.MIN_VALUE, 4294967296L,
      4294967297L, 1L << 40, Long.MAX_VALUE);

  static Stream<Case> cases() {
    List<Case> out = new ArrayList<>();
    for (String path : List.of("source.namespace", "target.namespace")) {
      BAD_LABELS.forEach(v -> out.add(string(path, v, Layer.SCHEMA)));
    }
    for (String path : List.of("source.cluster.name", "target.cluster.name")) {
      BAD_LABELS.forEach(v -> out.add(string(path, v, Layer.SCHEMA)));
      out.add(string(path, "local", Layer.cel(path)));
    }
    for (String path : List.of("source.serviceAccount", "target.serviceAccount", "tokens.secretName",
        "source.cluster.kubeconfigSecretRef.name", "target.cluster.kubeconfigSecretRef.name")) {
      BAD_SUBDOMAINS.forEach(v -> out.add(string(path, v, Layer.SCHEMA)));
    }
    for (String path : List.of("source.cluster.kubeconfigSecretRef.key", "target.cluster.kubeconfigSecretRef.key")) {
      BAD_KEYS.forEach(v -> out.add(string(path, v, v.equals(".") || v.startsWith("..") ? Layer.cel(path) : Layer.SCHEMA)));
    }
    for (String w : BAD_WINDOWS) {
      boolean wellFormed = Pattern.matches("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$", w) && w.length() <= 32;
      out.add(string("dualRun.window", w, wellFormed ? Layer.cel("dualRun.window") : Layer.SCHEMA));
    }
    BAD_EXPIRATIONS.forEach(v -> out.add(new Case("tokens.expirationSeconds", F.numberNode(v), String.valueOf(v), Layer.SCHEMA)));
    // audiences: empty, blank, non-ASCII, too long, too many, duplicated, null items
    out.add(audiences("one empty audience", Layer.SCHEMA, ""));
    out.add(audiences("a blank audience", Layer.SCHEMA, " "));
    out.add(audiences("an audience with a space", Layer.SCHEMA, "vault example"));
    out.add(audiences("a unicode audience", Layer.SCHEMA, "völt.example"));
    out.add(audiences("an audience with a NUL", Layer.SCHEMA, "vault\u0000"));
    out.add(audiences("an audience of 257 characters", Layer.SCHEMA, "a".repeat(257)));
    out.add(audiences("an audience of 1 MB", Layer.SCHEMA, "a".repeat(1 << 20)));
    out.add(audiences("17 audiences", Layer.SCHEMA, IntStream.range(0, 17).mapToObj(i -> "aud-" + i).toArray(String[]::new)));
    out.add(audiences("10000 audiences", Layer.SCHEMA, IntStream.range(0, 10_000).mapToObj(i -> "aud-" + i).toArray(String[]::new)));
    out.add(audiences("a duplicated audience", Layer.cel("tokens.audiences"), "vault", "vault"));
    ArrayNode withNull = F.arrayNode().add("vault").addNull();
    out.add(new Case("tokens.audiences", withNull, "a null audience", Layer.SCHEMA));
    trustRows(out);
    secretRows(out);
    // required fields missing or null
    for (String path : List.of("source", "target", "source.namespace", "source.serviceAccount", "source.cluster.name",
        "source.cluster.kubeconfigSecretRef", "source.cluster.kubeconfigSecretRef.name", "target.cluster.name",
        "target.cluster.kubeconfigSecretRef", "target.cluster.kubeconfigSecretRef.name")) {
      out.add(new Case(path, null, "missing", Layer.SCHEMA));
      out.add(new Case(path, F.nullNode(), "null", Layer.SCHEMA));
    }
    return out.stream();
  }

  // ---------------------------------------------------------------- trust and secrets (issue 7's fields)

  static final List<String> BAD_COMMITS = List.of("", "abc12", "ABCDEF1", "g123456", "HEAD", "main", "3f2a9c1 ",
      "3f2a9c1\n", "a".repeat(65), "３f2a9c1");

  /** Probe URLs the pattern refuses (not an http(s) URL at all) and those only the CEL rule refuses (a token would go
   * over plain http to a host that is not a loopback literal). */
  static final List<String> BAD_PROBE_URLS_SCHEMA = List.of("", "vault.example", "ftp://vault.example/", "https://",
      "https://vault example/", "javascript:alert(1)", "https://vault.example/\n", "https://" + "v".repeat(2041),
      "HTTP://vault.example/");
  static final List<String> BAD_PROBE_URLS_CEL = List.of("http://vault.example:8200/v1/auth/jwt/login",
      "http://10.0.0.1/", "http://127.0.0.1.evil.example/", "http://localhost.evil.example/", "http://0.0.0.0/",
      "http://[::2]/", "http://0x7f.0.0.1/", "https:///v1/auth");

  static void trustRows(List<Case> out) {
    String party = "trust.relyingParties.0.";
    BAD_SUBDOMAINS.forEach(v -> out.add(string(party + "name", v, Layer.SCHEMA)));
    for (String field : List.of("name", "kind")) {
      out.add(new Case(party + field, null, "missing", Layer.SCHEMA));
      out.add(new Case(party + field, F.nullNode(), "null", Layer.SCHEMA));
    }
    for (String v : List.of("", " ", "vault example", "völt.example", "vault\u0000", "a".repeat(257))) {
      out.add(string(party + "audience", v, Layer.SCHEMA));
    }
    BAD_PROBE_URLS_SCHEMA.forEach(v -> out.add(string(party + "probeUrl", v, Layer.SCHEMA)));
    BAD_PROBE_URLS_CEL.forEach(v -> out.add(string(party + "probeUrl", v, Layer.cel(party + "probeUrl"))));
    for (String c : List.of("confirmed", "removalConfirmed")) {
      BAD_COMMITS.forEach(v -> out.add(string(party + c + ".commit", v, Layer.SCHEMA)));
      out.add(new Case(party + c + ".commit", null, "missing", Layer.SCHEMA));
    }
    ArrayNode twins = F.arrayNode();
    twins.addObject().put("name", "vault-eu").put("kind", "Vault");
    twins.addObject().put("name", "vault-eu").put("kind", "OIDC");
    out.add(new Case("trust.relyingParties", twins, "two parties named vault-eu", Layer.cel("trust.relyingParties")));
    ArrayNode many = F.arrayNode();
    IntStream.range(0, 33).forEach(i -> many.addObject().put("name", "party-" + i).put("kind", "OIDC"));
    out.add(new Case("trust.relyingParties", many, "33 relying parties", Layer.SCHEMA));
    out.add(new Case("trust.relyingParties.1", F.nullNode(), "a null relying party", Layer.SCHEMA));
    // annotations: keys outside the workload-identity prefixes (a forged provenance, a token Secret's own
    // annotations), prefixes without a name or with one over 63 characters; values too long or null; too many
    for (String key : List.of("example.com/role", "cutover.io/provenance", "kubernetes.io/service-account.name",
        "role-arn", "EKS.amazonaws.com/role-arn", "eks.amazonaws.com/", "iam.gke.io/", "azure.workload.identity/",
        "eks.amazonaws.com/" + "r".repeat(64), "azure.workload.identity/" + "c".repeat(64), "",
        "xeks.amazonaws.com/role-arn")) {
      out.add(annotations("key '" + (key.length() > 40 ? key.substring(0, 30) + "…" : key) + "'",
          Layer.cel("trust.annotations"), key, "x"));
    }
    out.add(annotations("a value of 1025 characters", Layer.SCHEMA, "eks.amazonaws.com/role-arn", "a".repeat(1025)));
    out.add(annotations("a null value", Layer.SCHEMA, "iam.gke.io/gcp-service-account", null));
    String[] entries = new String[66];
    for (int i = 0; i < 33; i++) {
      entries[2 * i] = "iam.gke.io/k" + i;
      entries[2 * i + 1] = "v";
    }
    out.add(annotations("33 annotations", Layer.SCHEMA, entries));
  }

  static void secretRows(List<Case> out) {
    BAD_SUBDOMAINS.forEach(v -> out.add(string("secrets.0", v, Layer.SCHEMA)));
    out.add(new Case("secrets.1", F.nullNode(), "a null Secret name", Layer.SCHEMA));
    out.add(new Case("secrets", F.arrayNode().add("payments-db").add("payments-db"), "a Secret listed twice",
        Layer.cel("secrets")));
    ArrayNode many = F.arrayNode();
    IntStream.range(0, 65).forEach(i -> many.add("secret-" + i));
    out.add(new Case("secrets", many, "65 Secrets", Layer.SCHEMA));
    out.add(new Case("secrets", F.arrayNode().add("payments-db").add("payments-api-token"),
        "the delivered token Secret (tokens.secretName)", Layer.cel("")));
  }

  /** A whole spec.trust.annotations map of key, value pairs (the keys hold dots and slashes, so not a path). */
  static Case annotations(String label, Layer layer, String... keyValues) {
    ObjectNode map = F.objectNode();
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] == null) {
        map.putNull(keyValues[i]);
      } else {
        map.put(keyValues[i], keyValues[i + 1]);
      }
    }
    return new Case("trust.annotations", map, label, layer);
  }

  static Case string(String path, String value, Layer layer) {
    String label = value.length() > 40 ? "'" + value.substring(0, 12) + "…' (" + value.length() + " chars)" : "'" + value + "'";
    return new Case(path, F.textNode(value), label, layer);
  }

  static Case audiences(String label, Layer layer, String... values) {
    ArrayNode list = F.arrayNode();
    for (String v : values) {
      list.add(v);
    }
    return new Case("tokens.audiences", list, label, layer);
  }

  // ---------------------------------------------------------------- the operator refuses each

  @Test
  void theValidSpecIsAcceptedSoEachRowBreaksOnlyItsOwnField() throws Exception {
    assertThat(io.cutover.validate.SpecValidator.validate(JSON.treeToValue(validSpec(), ServiceAccountMigrationSpec.class)))
        .isEmpty();
    assertThat(schemaRejectsAnything(validSpec(), specSchema)).isFalse();
  }

  @Test
  void theTableHoldsAtLeastFortyHostileRowsForTheTrustAndSecretFields() {
    assertThat(cases().filter(c -> c.path().startsWith("trust.") || c.path().startsWith("secrets")).count())
        .isGreaterThanOrEqualTo(40);
  }

  /** The structural checks of {@link #rejects} over a whole object, field by field (required included). */
  static boolean schemaRejectsAnything(JsonNode v, JSONSchemaProps p) {
    if (v.isObject()) {
      if (p.getRequired() != null && p.getRequired().stream().anyMatch(r -> !v.hasNonNull(r))) {
        return true;
      }
      if (p.getProperties() != null && !p.getProperties().isEmpty()) {
        var it = v.fields();
        while (it.hasNext()) {
          var e = it.next();
          JSONSchemaProps child = p.getProperties().get(e.getKey());
          if (child == null || schemaRejectsAnything(e.getValue(), child)) {
            return true;
          }
        }
        return false;
      }
    }
    if (v.isArray() && p.getItems() != null && !rejects(p, v)) {
      for (JsonNode item : v) {
        if (schemaRejectsAnything(item, p.getItems().getSchema())) {
          return true;
        }
      }
      return false;
    }
    return rejects(p, v);
  }

  @Test
  void theTableHoldsAtLeastTwoHundredHostileSpecs() {
    assertThat(cases().count()).isGreaterThanOrEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theOperatorRefusesItBeforeAnyClusterCallNamingTheField(Case c) throws Exception {
    var sam = PlanFixtures.migration();
    sam.setSpec(specWith(c));
    var journal = new TestingClusterPort.Journal();
    var clock = new TestingClusterPort.MutableClock(MigrationHarness.START);
    var source = new TestingClusterPort(PlanFixtures.SOURCE, clock, journal);
    var target = new TestingClusterPort(PlanFixtures.TARGET, clock, journal);
    ServiceAccountMigrationStatus status = new ServiceAccountMigrationStatus();
    for (int turn = 0; turn < 2; turn++) {
      ServiceAccountMigrationStatus working = StatusEditor.copyOf(status);
      var ctx = new StepContext(sam, new StatusEditor(working, clock.instant(), 1), clock, () -> source, () -> target,
          MigrationPolicy.permitAll());
      StepResult result = PhaseMachine.turn(ctx, clock).result();
      status = working;
      if (turn == 0) {
        assertThat(result).as("no crash: the gate fails it, it is not retried as an unexpected error")
            .isInstanceOf(StepResult.Fail.class);
      }
      // the second turn: it rests in Failed, neither crashing nor calling a cluster
      assertThat(status.getPhase()).isEqualTo(Phase.Failed);
      var ready = StatusEditor.find(status, Conditions.READY).orElseThrow();
      assertThat(ready.getStatus()).isEqualTo(Conditions.FALSE);
      assertThat(ready.getReason()).isEqualTo(Conditions.Reason.INVALID_SPEC);
      assertThat(ready.getMessage()).startsWith("spec." + topField(c.path())).hasSizeLessThan(400);
      assertThat(journal.calls()).as("no request to either cluster").isEmpty();
    }
    ReliabilityReport.increment(ReliabilityReport.Counter.MALFORMED_INPUTS);
  }

  /** The message names the field or (for a missing parent) the parent: spec.source.cluster for a missing name. */
  private static String topField(String path) {
    return path.split("\\.")[0];
  }

  // ---------------------------------------------------------------- the CRD refuses each too

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theCommittedCrdRefusesItToo(Case c) {
    if (c.layer().schema()) {
      assertThat(schemaRejects(c)).as("the structural schema refuses " + c).isTrue();
    } else {
      JSONSchemaProps at = schemaAt(c.layer().celAt()).orElseThrow();
      assertThat(at.getXKubernetesValidations()).as("a CEL rule on spec." + c.layer().celAt()).isNotEmpty();
    }
  }

  /** Evaluates what the structural schema checks for this one value: required, type, pattern, length, range, items. */
  static boolean schemaRejects(Case c) {
    String[] parts = c.path().split("\\.");
    JSONSchemaProps parent = specSchema;
    for (int i = 0; i < parts.length - 1; i++) {
      parent = child(parent, parts[i]);
    }
    String field = parts[parts.length - 1];
    JSONSchemaProps props = child(parent, field);
    if (isIndex(field)) {
      return rejects(props, c.value() == null ? F.nullNode() : c.value()); // a list item: its schema, null included
    }
    if (c.value() == null || c.value().isNull()) {
      // a missing or null required field; a null is pruned (not nullable) and then missing
      return parent.getRequired() != null && parent.getRequired().contains(field) && !Boolean.TRUE.equals(props.getNullable());
    }
    return rejects(props, c.value());
  }

  static boolean rejects(JSONSchemaProps p, JsonNode v) {
    if (v.isNull()) {
      return !Boolean.TRUE.equals(p.getNullable());
    }
    if (v.isTextual()) {
      String s = v.asText();
      int runes = s.codePointCount(0, s.length());
      return (p.getPattern() != null && !re2(p.getPattern()).matcher(s).find())
          || (p.getMaxLength() != null && runes > p.getMaxLength())
          || (p.getMinLength() != null && runes < p.getMinLength());
    }
    if (v.isNumber()) {
      double d = v.asDouble();
      return (p.getMinimum() != null && d < p.getMinimum())
          || (p.getMaximum() != null && (Boolean.TRUE.equals(p.getExclusiveMaximum()) ? d >= p.getMaximum() : d > p.getMaximum()));
    }
    if (v.isObject()) {
      if (p.getMaxProperties() != null && v.size() > p.getMaxProperties()) {
        return true;
      }
      if (p.getAdditionalProperties() != null && p.getAdditionalProperties().getSchema() != null) {
        for (JsonNode value : v) {
          if (rejects(p.getAdditionalProperties().getSchema(), value)) {
            return true;
          }
        }
      }
    }
    if (v.isArray()) {
      if (p.getMaxItems() != null && v.size() > p.getMaxItems()) {
        return true;
      }
      for (JsonNode item : v) {
        if (rejects(p.getItems().getSchema(), item)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The schema's pattern as kube-apiserver (Go RE2) reads it: '$' is the end of the text, never before a final newline. */
  static Pattern re2(String pattern) {
    return Pattern.compile(pattern.endsWith("$") ? pattern.substring(0, pattern.length() - 1) + "\\z" : pattern);
  }

  static boolean isIndex(String part) {
    return part.chars().allMatch(Character::isDigit) && !part.isEmpty();
  }

  /** A property, or for a list index the list's item schema. */
  static JSONSchemaProps child(JSONSchemaProps p, String part) {
    return isIndex(part) ? p.getItems().getSchema() : p.getProperties() == null ? null : p.getProperties().get(part);
  }

  static Optional<JSONSchemaProps> schemaAt(String path) {
    JSONSchemaProps p = specSchema;
    if (path.isEmpty()) {
      return Optional.of(p);
    }
    for (String part : path.split("\\.")) {
      p = child(p, part);
      if (p == null) {
        return Optional.empty();
      }
    }
    return Optional.of(p);
  }

  // ---------------------------------------------------------------- building the spec

  static ServiceAccountMigrationSpec specWith(Case c) throws Exception {
    ObjectNode root = validSpec();
    String[] parts = c.path().split("\\.");
    JsonNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      node = isIndex(parts[i]) ? node.get(Integer.parseInt(parts[i])) : node.get(parts[i]);
    }
    String field = parts[parts.length - 1];
    if (node instanceof ArrayNode list) {
      int index = Integer.parseInt(field);
      if (c.value() == null) {
        list.remove(index);
      } else {
        list.set(index, c.value());
      }
    } else if (c.value() == null) {
      ((ObjectNode) node).remove(field);
    } else {
      ((ObjectNode) node).set(field, c.value());
    }
    return JSON.treeToValue(root, ServiceAccountMigrationSpec.class);
  }
}
