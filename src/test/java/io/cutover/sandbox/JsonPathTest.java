package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonPathTest {

  static final JsonNode MIGRATION = json("""
      {"apiVersion": "cutover.io/v1alpha1", "kind": "ServiceAccountMigration",
       "metadata": {"name": "m", "creationTimestamp": "2025-01-02T03:04:05Z",
                    "labels": {"app.kubernetes.io/name": "shop", "tier": "web"}},
       "spec": {"replicas": 3, "ratio": 0.5, "paused": false, "nothing": null},
       "status": {"phase": "DualRun",
                  "conditions": [
                    {"type": "Planned", "status": "True", "observedGeneration": 1},
                    {"type": "Ready", "status": "False", "observedGeneration": 2},
                    {"type": "Proven", "status": "True"},
                    {"status": "Unknown"}],
                  "tokens": ["a", "b", "c", "d"]}}
      """);

  static JsonNode json(String text) {
    try {
      return Store.JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static List<String> texts(String path) {
    return JsonPath.parse(path).evaluate(MIGRATION).stream().map(CustomResourceTables::text).toList();
  }

  @Test
  void dottedFieldsSelectNestedValues() {
    assertThat(texts(".status.phase")).containsExactly("DualRun");
    assertThat(texts(".metadata.creationTimestamp")).containsExactly("2025-01-02T03:04:05Z");
    assertThat(texts(".spec.replicas")).containsExactly("3");
  }

  @Test
  void missingKeysSelectNothingInsteadOfFailing() {
    assertThat(texts(".status.deadline")).isEmpty();
    assertThat(texts(".nope.deeper.still")).isEmpty();
    assertThat(texts(".status.phase.length")).as("a field of a string").isEmpty();
    assertThat(texts(".spec.nothing.below")).as("through a JSON null").isEmpty();
  }

  @Test
  void aJsonNullIsOneResult() {
    List<JsonNode> results = JsonPath.parse(".spec.nothing").evaluate(MIGRATION);
    assertThat(results).hasSize(1);
    assertThat(results.get(0).isNull()).isTrue();
  }

  @Test
  void arrayIndexesCountFromEitherEnd() {
    assertThat(texts(".status.tokens[0]")).containsExactly("a");
    assertThat(texts(".status.tokens[3]")).containsExactly("d");
    assertThat(texts(".status.tokens[-1]")).containsExactly("d");
    assertThat(texts(".status.conditions[1].type")).containsExactly("Ready");
  }

  @Test
  void slicesSelectARangeWithAStep() {
    assertThat(texts(".status.tokens[1:3]")).containsExactly("b", "c");
    assertThat(texts(".status.tokens[::2]")).containsExactly("a", "c");
    assertThat(texts(".status.tokens[2:]")).containsExactly("c", "d");
  }

  @Test
  void anIndexOutOfBoundsIsAnErrorAsInKubernetes() {
    assertThatThrownBy(() -> JsonPath.parse(".status.tokens[4]").evaluate(MIGRATION))
        .isInstanceOf(JsonPath.JsonPathException.class).hasMessageContaining("out of bounds");
    assertThatThrownBy(() -> JsonPath.parse(".status.phase[0]").evaluate(MIGRATION))
        .isInstanceOf(JsonPath.JsonPathException.class).hasMessageContaining("not array");
  }

  @Test
  void wildcardsSelectEveryElement() {
    assertThat(texts(".status.tokens[*]")).containsExactly("a", "b", "c", "d");
    assertThat(texts(".status.conditions[*].type")).containsExactly("Planned", "Ready", "Proven");
    assertThat(texts(".metadata.labels.*")).containsExactly("shop", "web");
  }

  @Test
  void aStringEqualityFilterSelectsTheMatchingElements() {
    assertThat(texts(".status.conditions[?(@.type==\"Ready\")].status")).containsExactly("False");
    assertThat(texts(".status.conditions[?(@.type=='Ready')].status")).as("single quotes").containsExactly("False");
    assertThat(texts(".status.conditions[?(@.type == \"Ready\")].status")).as("spaces").containsExactly("False");
    assertThat(texts(".status.conditions[?(@.status==\"True\")].type")).containsExactly("Planned", "Proven");
    assertThat(texts(".status.conditions[?(@.type==\"Absent\")].status")).isEmpty();
  }

  @Test
  void anInequalityFilterSkipsElementsWithoutTheField() {
    // The last condition has no type: a missing key is no value, so it neither equals nor differs.
    assertThat(texts(".status.conditions[?(@.type!=\"Ready\")].type")).containsExactly("Planned", "Proven");
  }

  @Test
  void numericFiltersCompareNumbers() {
    assertThat(texts(".status.conditions[?(@.observedGeneration==2)].type")).containsExactly("Ready");
    assertThat(texts(".status.conditions[?(@.observedGeneration>1)].type")).containsExactly("Ready");
    assertThat(texts(".status.conditions[?(@.observedGeneration<=1)].type")).containsExactly("Planned");
  }

  @Test
  void comparingDifferentTypesIsAnErrorAsInGoTemplates() {
    assertThatThrownBy(() -> JsonPath.parse(".status.conditions[?(@.observedGeneration==\"2\")].type")
        .evaluate(MIGRATION)).isInstanceOf(JsonPath.JsonPathException.class);
  }

  @Test
  void anExistenceFilterSelectsElementsThatHaveTheField() {
    assertThat(texts(".status.conditions[?(@.observedGeneration)].type")).containsExactly("Planned", "Ready");
  }

  @Test
  void filteringANonArrayIsAnError() {
    assertThatThrownBy(() -> JsonPath.parse(".status[?(@.phase==\"DualRun\")]").evaluate(MIGRATION))
        .isInstanceOf(JsonPath.JsonPathException.class).hasMessageContaining("cannot be filtered");
  }

  @Test
  void keysWithDotsAreReachedByBracketsOrEscapes() {
    assertThat(texts(".metadata.labels['app.kubernetes.io/name']")).containsExactly("shop");
    assertThat(texts(".metadata.labels.app\\.kubernetes\\.io/name")).containsExactly("shop");
  }

  @Test
  void objectsAndArraysPrintAsCompactJsonWithSortedKeys() {
    assertThat(texts(".status.conditions[0]"))
        .containsExactly("{\"observedGeneration\":1,\"status\":\"True\",\"type\":\"Planned\"}");
    assertThat(texts(".status.tokens")).containsExactly("[\"a\",\"b\",\"c\",\"d\"]");
    assertThat(texts(".spec.ratio")).containsExactly("0.5");
    assertThat(texts(".spec.paused")).containsExactly("false");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..status", ".status.conditions[?(@.type==", ".status[", ".status[a]", "status", ".a b"})
  void unsupportedOrMalformedPathsAreRejected(String path) {
    assertThatThrownBy(() -> JsonPath.parse(path)).isInstanceOf(JsonPath.JsonPathException.class);
  }
}
