package io.cutover.phase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.cluster.MutableClock;
import io.cutover.cluster.Journal;
import io.cutover.cluster.TestingClusterPort;
import io.cutover.config.CrdManifest;
import io.cutover.phase.HostileSpecs.Case;
import io.cutover.plan.PlanFixtures;
import io.cutover.policy.Authority;
import io.cutover.status.StatusEditor;
import io.cutover.trust.RelyingPartyProbe;
import io.cutover.testing.ReliabilityReport;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.Optional;
import java.util.regex.Pattern;
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

  @BeforeAll
  static void loadCrd() {
    specSchema = CrdManifest.load().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
  }

  /** A valid spec with every optional field set, so each can be broken (the table's own, {@link HostileSpecs}). */
  static ObjectNode validSpec() {
    return HostileSpecs.validSpec();
  }

  static Stream<Case> cases() {
    return HostileSpecs.cases();
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
    var journal = new Journal();
    var clock = new MutableClock(MigrationHarness.START);
    var source = new TestingClusterPort(PlanFixtures.SOURCE, clock, journal);
    var target = new TestingClusterPort(PlanFixtures.TARGET, clock, journal);
    ServiceAccountMigrationStatus status = new ServiceAccountMigrationStatus();
    for (int turn = 0; turn < 2; turn++) {
      ServiceAccountMigrationStatus working = StatusEditor.copyOf(status);
      var ctx = new StepContext(sam, new StatusEditor(working, clock.instant(), 1), clock, () -> source, () -> target,
          Authority.permitAll(), RelyingPartyProbe.refusing());
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
          || ("date-time".equals(p.getFormat()) && !dateTime(s))
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

  /** The format date-time as a document reader takes it (java.time's RFC 3339 offset date-time). */
  static boolean dateTime(String s) {
    try {
      java.time.OffsetDateTime.parse(s);
      return true;
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
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
    return JSON.treeToValue(HostileSpecs.specTree(c), ServiceAccountMigrationSpec.class);
  }

}
