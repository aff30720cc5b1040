package io.cutover.sandbox.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cutover.sandbox.admission.CustomResourceAdmission.Operation;
import io.cutover.sandbox.admission.CustomResourceAdmission.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Admission of a custom resource against a schema that has every keyword the sandbox enforces, each case worded as
 * apiextensions-apiserver words it (k8s.io/apimachinery field errors, kube-openapi details).
 */
class CustomResourceAdmissionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode SCHEMA = yaml("""
      type: object
      properties:
        apiVersion: {type: string}
        kind: {type: string}
        metadata: {type: object}
        spec:
          type: object
          required: [name]
          x-kubernetes-validations:
            - rule: "self.name != 'forbidden'"
              message: "that name is forbidden"
              reason: FieldValueForbidden
              fieldPath: ".name"
            - rule: "!has(self.__namespace__) || self.__namespace__ != self.name"
              messageExpression: "'namespace ' + self.__namespace__ + ' may not be the name'"
          properties:
            name: {type: string, maxLength: 5, minLength: 2, pattern: "^[a-z]+$"}
            namespace: {type: string}
            size: {type: integer, minimum: 1, maximum: 10, exclusiveMaximum: true}
            ratio: {type: number, maximum: 0.5}
            mode: {type: string, enum: [A, B], default: A}
            port: {x-kubernetes-int-or-string: true}
            id: {type: string, format: uuid}
            tags: {type: array, maxItems: 2, minItems: 1, items: {type: string}, x-kubernetes-list-type: set}
            ports:
              type: array
              x-kubernetes-list-type: map
              x-kubernetes-list-map-keys: [name]
              items: {type: object, properties: {name: {type: string}, number: {type: integer}}}
            labels: {type: object, maxProperties: 1, additionalProperties: {type: string}}
            note: {type: string, nullable: true}
            frozen:
              type: string
              x-kubernetes-validations: [{rule: "self == oldSelf", message: "frozen is immutable"}]
            free: {type: object, x-kubernetes-preserve-unknown-fields: true}
            template: {type: object, x-kubernetes-embedded-resource: true, properties: {data: {type: string}}}
            server:
              type: string
              x-kubernetes-validations:
                - rule: "isURL(self) && url(self).getScheme() == 'https' && url(self).getHostname() != ''"
                  message: "server must be an https URL"
                - rule: "self.find('[0-9]+$') != '1'"
                  message: "port 1 is not allowed"
      """);

  // ---------------------------------------------------------------- pruning and defaults

  @Test
  void unknownFieldsAndNonNullableNullsArePrunedAndDefaultsFilledIn() {
    Result result = create("""
        {"metadata": {"name": "x", "labels": {"a": "b"}}, "unknown": 1,
         "spec": {"name": "ab", "bogus": true, "namespace": null, "note": null, "mode": null,
                  "free": {"anything": {"goes": 1}},
                  "template": {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": "d",
                               "extra": 2}}}
        """);
    assertThat(result.refused()).as("%s", result.errors()).isFalse();
    ObjectNode admitted = result.admitted();
    assertThat(admitted.has("unknown")).isFalse();
    assertThat(admitted.at("/metadata/labels/a").asText()).as("metadata is kept").isEqualTo("b");
    JsonNode spec = admitted.get("spec");
    assertThat(spec.has("bogus")).isFalse();
    assertThat(spec.has("namespace")).as("a null of a non-nullable field is pruned").isFalse();
    assertThat(spec.get("note").isNull()).as("a nullable null is kept").isTrue();
    assertThat(spec.get("mode").asText()).as("a null with a default becomes the default").isEqualTo("A");
    assertThat(spec.at("/free/anything/goes").asInt()).isEqualTo(1);
    assertThat(spec.at("/template/kind").asText()).as("an embedded resource keeps its type and metadata")
        .isEqualTo("ConfigMap");
    assertThat(spec.at("/template/metadata/name").asText()).isEqualTo("c");
    assertThat(spec.at("/template").has("extra")).isFalse();
  }

  // ---------------------------------------------------------------- the schema, error by error

  @Test
  void eachSchemaKeywordIsWordedAsKubeApiserverWordsIt() {
    assertThat(errors("{\"name\": \"abcdef\"}")).containsExactly("spec.name: Too long: may not be more than 5 bytes");
    assertThat(errors("{\"name\": \"a\"}"))
        .containsExactly("spec.name: Invalid value: \"a\": spec.name in body should be at least 2 chars long");
    assertThat(errors("{\"name\": \"AB\"}"))
        .containsExactly("spec.name: Invalid value: \"AB\": spec.name in body should match '^[a-z]+$'");
    assertThat(errors("{\"name\": \"ab\", \"size\": 10}")).containsExactly(
        "spec.size: Invalid value: 10: spec.size in body should be less than 10");
    assertThat(errors("{\"name\": \"ab\", \"size\": 0}")).containsExactly(
        "spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1");
    assertThat(errors("{\"name\": \"ab\", \"ratio\": 0.75}")).containsExactly(
        "spec.ratio: Invalid value: 0.75: spec.ratio in body should be less than or equal to 0.5");
    assertThat(errors("{\"name\": \"ab\", \"size\": \"3\"}")).containsExactly(
        "spec.size: Invalid value: \"string\": spec.size in body must be of type integer: \"string\"");
    assertThat(errors("{\"name\": \"ab\", \"mode\": \"C\"}")).containsExactly(
        "spec.mode: Unsupported value: \"C\": supported values: \"A\", \"B\"");
    assertThat(errors("{}")).containsExactly("spec.name: Required value");
    assertThat(errors("{\"name\": \"ab\", \"tags\": []}")).containsExactly(
        "spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items");
    assertThat(errors("{\"name\": \"ab\", \"tags\": [\"a\", \"b\", \"c\"]}")).containsExactly(
        "spec.tags: Too many: 3: must have at most 2 items");
    assertThat(errors("{\"name\": \"ab\", \"labels\": {\"a\": \"1\", \"b\": \"2\"}}")).containsExactly(
        "spec.labels: Too many: 2: must have at most 1 item");
    assertThat(errors("{\"name\": \"ab\", \"labels\": {\"a\": 1}}")).containsExactly(
        "spec.labels.a: Invalid value: \"integer\": spec.labels.a in body must be of type string: \"integer\"");
    assertThat(errors("{\"name\": \"ab\", \"port\": true}")).containsExactly("spec.port: Invalid value: \"boolean\":"
        + " spec.port in body must be of type integer,string: \"boolean\"");
    assertThat(errors("{\"name\": \"ab\", \"port\": 8080}")).isEmpty();
    assertThat(errors("{\"name\": \"ab\", \"port\": \"http\"}")).isEmpty();
    assertThat(errors("{\"name\": \"ab\", \"id\": \"nope\"}")).containsExactly(
        "spec.id: Invalid value: \"nope\": spec.id in body must be of type uuid: \"nope\"");
    assertThat(errors("{\"name\": \"ab\", \"id\": \"0b5c9f4e-1d2a-4a7e-9c3b-2f6d8e1a7b90\"}")).isEmpty();
  }

  @Test
  void listSetsAndMapsHoldEachItemOrKeyOnce() {
    assertThat(errors("{\"name\": \"ab\", \"tags\": [\"a\", \"a\"]}"))
        .containsExactly("spec.tags[1]: Duplicate value: \"a\"");
    assertThat(errors("{\"name\": \"ab\", \"ports\": [{\"name\": \"http\", \"number\": 1}, {\"name\": \"http\"}]}"))
        .containsExactly("spec.ports[1]: Duplicate value: {\"name\":\"http\"}");
  }

  @Test
  void aBlockingSchemaErrorSaysTheRulesWereNotCheckedAndTheMessageBracketsSeveralErrors() {
    Result result = admit(Operation.CREATE, spec("{\"name\": \"forbidden\", \"mode\": \"C\"}"), null);
    assertThat(CustomResourceAdmission.message("example.com", "Widget", "w", result.errors())).isEqualTo(
        "Widget.example.com \"w\" is invalid: [spec.name: Too long: may not be more than 5 bytes, spec.mode:"
            + " Unsupported value: \"C\": supported values: \"A\", \"B\", <nil>: Invalid value: null: some validation"
            + " rules were not checked because the object was invalid; correct the existing errors to complete"
            + " validation]");
    assertThat(result.errors().get(0).type().reason()).isEqualTo("FieldValueTooLong");
  }

  // ---------------------------------------------------------------- CEL

  @Test
  void celRulesUseTheirMessageReasonFieldPathAndMessageExpression() {
    Result forbidden = admit(Operation.CREATE, spec("{\"name\": \"abc\", \"namespace\": \"abc\"}"), null);
    assertThat(forbidden.errors()).extracting(FieldError::toString)
        .containsExactly("spec: Invalid value: \"object\": namespace abc may not be the name");

    Result reason = admit(Operation.CREATE, spec("{\"name\": \"abc\", \"free\": {}}"), null);
    assertThat(reason.refused()).isFalse();
    JsonNode schema = yaml("""
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations: [{rule: "self.name != 'no'", message: "not no", reason: FieldValueForbidden,
                                        fieldPath: ".name"}]
            properties: {name: {type: string}}
        """);
    Result refused = CustomResourceAdmission.admit(schema, false, Operation.CREATE, spec("{\"name\": \"no\"}"), null);
    assertThat(refused.errors()).extracting(FieldError::toString).containsExactly("spec.name: Forbidden: not no");
    assertThat(refused.errors().get(0).type().reason()).isEqualTo("FieldValueForbidden");
  }

  @Test
  void kubernetesUrlAndRegexFunctionsAreBound() {
    assertThat(errors("{\"name\": \"ab\", \"server\": \"https://example.com:6443\"}")).isEmpty();
    assertThat(errors("{\"name\": \"ab\", \"server\": \"http://example.com\"}"))
        .containsExactly("spec.server: Invalid value: \"string\": server must be an https URL");
    assertThat(errors("{\"name\": \"ab\", \"server\": \"https:///v1/auth\"}"))
        .containsExactly("spec.server: Invalid value: \"string\": server must be an https URL");
    assertThat(errors("{\"name\": \"ab\", \"server\": \"https://exa mple.com\"}"))
        .containsExactly("spec.server: Invalid value: \"string\": server must be an https URL");
    assertThat(errors("{\"name\": \"ab\", \"server\": \"https://example.com:1\"}"))
        .containsExactly("spec.server: Invalid value: \"string\": port 1 is not allowed");
  }

  @Test
  void aTransitionRuleRunsOnlyOnUpdateAndAnUnchangedInvalidValueIsNotRefusedAgain() {
    ObjectNode first = spec("{\"name\": \"ab\", \"frozen\": \"one\"}");
    assertThat(admit(Operation.CREATE, first, null).refused()).isFalse();
    ObjectNode stored = admit(Operation.CREATE, first, null).admitted();

    Result changed = admit(Operation.UPDATE, spec("{\"name\": \"ab\", \"frozen\": \"two\"}"), stored);
    assertThat(changed.errors()).extracting(FieldError::toString)
        .containsExactly("spec.frozen: Invalid value: \"string\": frozen is immutable");
    assertThat(admit(Operation.UPDATE, spec("{\"name\": \"ab\", \"frozen\": \"one\", \"size\": 2}"), stored).refused())
        .isFalse();

    ObjectNode invalidStored = spec("{\"name\": \"ABCDEFG\"}");
    assertThat(admit(Operation.UPDATE, spec("{\"name\": \"ABCDEFG\", \"size\": 2}"), invalidStored).refused())
        .as("ratcheting: the unchanged invalid name is not refused again").isFalse();
    assertThat(admit(Operation.UPDATE, spec("{\"name\": \"ABCDEFGH\"}"), invalidStored).refused()).isTrue();
  }

  @Test
  void aStatusWriteTakesOnlyStatusAndACreateDropsIt() {
    JsonNode schema = yaml("""
        type: object
        properties:
          spec: {type: object, properties: {a: {type: string}}}
          status: {type: object, properties: {phase: {type: string, enum: [Up, Down]}}}
        """);
    ObjectNode created = CustomResourceAdmission.admit(schema, true, Operation.CREATE,
        object("{\"spec\": {\"a\": \"1\"}, \"status\": {\"phase\": \"Up\"}}"), null).admitted();
    assertThat(created.has("status")).isFalse();
    Result status = CustomResourceAdmission.admit(schema, true, Operation.STATUS_UPDATE,
        object("{\"spec\": {\"a\": \"2\"}, \"status\": {\"phase\": \"Up\"}}"), created);
    assertThat(status.admitted().at("/spec/a").asText()).isEqualTo("1");
    assertThat(status.admitted().at("/status/phase").asText()).isEqualTo("Up");
    Result unknown = CustomResourceAdmission.admit(schema, true, Operation.STATUS_UPDATE,
        object("{\"status\": {\"phase\": \"Sideways\"}}"), created);
    assertThat(unknown.errors()).extracting(FieldError::toString)
        .containsExactly("status.phase: Unsupported value: \"Sideways\": supported values: \"Up\", \"Down\"");
    Result main = CustomResourceAdmission.admit(schema, true, Operation.UPDATE,
        object("{\"spec\": {\"a\": \"3\"}, \"status\": {\"phase\": \"Down\"}}"), status.admitted());
    assertThat(main.admitted().at("/status/phase").asText()).as("status is not written through the main resource")
        .isEqualTo("Up");
  }

  // ---------------------------------------------------------------- how values are printed

  @Test
  void valuesArePrintedAsGoPrintsThem() {
    assertThat(GoStrings.quote("pay\u0000ments\n\u202E\"ä😀\\")).isEqualTo("\"pay\\x00ments\\n\\u202e\\\"ä😀\\\\\"");
    assertThat(GoStrings.formatFloat(0.75)).isEqualTo("0.75");
    assertThat(GoStrings.formatFloat(1e6)).isEqualTo("1e+06");
    assertThat(GoStrings.formatFloat(123456.5)).isEqualTo("123456.5");
    assertThat(GoStrings.formatFloat(0.00001)).isEqualTo("1e-05");
  }

  @Test
  void urlsParseAsGoParsesARequestUri() throws GoUrl.Invalid {
    assertThat(GoUrl.parse("https://[::1]:8443/x?a=1&a=2").hostname()).isEqualTo("::1");
    assertThat(GoUrl.parse("https://[::1]:8443/x?a=1&a=2").port()).isEqualTo("8443");
    assertThat(GoUrl.parse("https://[::1]:8443/x?a=1&a=2").query()).containsEntry("a", List.of("1", "2"));
    assertThat(GoUrl.parse("HTTPS://Example.com/").scheme()).isEqualTo("https");
    assertThat(GoUrl.parse("/just/a/path").host()).isEmpty();
    assertThat(GoUrl.parse("mailto:someone").scheme()).isEqualTo("mailto");
    for (String bad : List.of("", "relative/path", "https://a b", "https://host:port", "https://h/%zz", "1http://x",
        "https://x\n", "://x")) {
      assertThat(GoUrl.valid(bad)).as(bad).isFalse();
    }
  }

  // ---------------------------------------------------------------- helpers

  private static List<String> errors(String spec) {
    return admit(Operation.CREATE, spec(spec), null).errors().stream().map(FieldError::toString)
        .filter(e -> !e.startsWith("<nil>")).toList();
  }

  private static Result create(String object) {
    return admit(Operation.CREATE, object(object), null);
  }

  private static Result admit(Operation operation, ObjectNode object, ObjectNode old) {
    return CustomResourceAdmission.admit(SCHEMA, true, operation, object, old);
  }

  private static ObjectNode spec(String spec) {
    ObjectNode object = object("{\"metadata\": {\"name\": \"w\"}}");
    object.set("spec", object(spec));
    return object;
  }

  private static ObjectNode object(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode yaml(String yaml) {
    try {
      return new YAMLMapper().readTree(yaml);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
