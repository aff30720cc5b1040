package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CustomResourceTablesTest {

  static final String KUBECTL_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,"
      + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final CustomResourceTables TABLES = new CustomResourceTables(Clock.fixed(NOW, ZoneOffset.UTC));

  static final List<CustomResourceColumnDefinition> COLUMNS = List.of(
      column("Phase", "string", ".status.phase", null, null, null),
      column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", null, "readiness", null),
      column("Deadline", "date", ".status.deadline", null, null, null),
      column("Replicas", "integer", ".spec.replicas", "int32", null, 1),
      column("Paused", "boolean", ".spec.paused", null, null, 2),
      column("Ratio", "number", ".spec.ratio", null, null, null),
      column("Tokens", "string", ".status.tokens[*]", null, null, null),
      column("Age", "date", ".metadata.creationTimestamp", null, null, null));

  static CustomResourceColumnDefinition column(String name, String type, String path, String format,
      String description, Integer priority) {
    return new CustomResourceColumnDefinitionBuilder().withName(name).withType(type).withJsonPath(path)
        .withFormat(format).withDescription(description).withPriority(priority).build();
  }

  static JsonNode json(String text) {
    return JsonPathTest.json(text);
  }

  static final JsonNode LIST = json("""
      {"apiVersion": "example.io/v1", "kind": "WidgetList", "metadata": {"resourceVersion": "42", "continue": "c1"},
       "items": [
         {"apiVersion": "example.io/v1", "kind": "Widget",
          "metadata": {"name": "one", "namespace": "ns", "uid": "u1", "resourceVersion": "40",
                       "creationTimestamp": "2025-06-01T11:54:48Z", "labels": {"a": "b"}},
          "spec": {"replicas": 3, "paused": true, "ratio": 0.25},
          "status": {"phase": "Running", "deadline": "2025-06-01T09:00:00Z", "tokens": ["x", "y"],
                     "conditions": [{"type": "Synced", "status": "True"}, {"type": "Ready", "status": "False"}]}},
         {"apiVersion": "example.io/v1", "kind": "Widget",
          "metadata": {"name": "two", "namespace": "ns", "uid": "u2", "resourceVersion": "41",
                       "creationTimestamp": "2025-05-29T12:00:00Z"},
          "spec": {"replicas": "many", "paused": "no", "ratio": 2},
          "status": {"deadline": "not a time"}}]}
      """);

  static List<String> columnNames(JsonNode table) {
    List<String> names = new ArrayList<>();
    table.get("columnDefinitions").forEach(c -> names.add(c.get("name").asText()));
    return names;
  }

  @Test
  void aListBecomesATableWithTheNameColumnThenThePrinterColumnsInCrdOrder() {
    ObjectNode table = TABLES.toTable(LIST, true, COLUMNS, "v1", CustomResourceTables.IncludeObject.METADATA);

    assertThat(table.get("kind").asText()).isEqualTo("Table");
    assertThat(table.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(table.get("metadata").get("resourceVersion").asText()).isEqualTo("42");
    assertThat(table.get("metadata").get("continue").asText()).isEqualTo("c1");
    assertThat(columnNames(table))
        .containsExactly("Name", "Phase", "Ready", "Deadline", "Replicas", "Paused", "Ratio", "Tokens", "Age");

    JsonNode name = table.get("columnDefinitions").get(0);
    assertThat(name.get("type").asText()).isEqualTo("string");
    assertThat(name.get("format").asText()).isEqualTo("name");
    assertThat(name.get("priority").asInt()).isZero();
    assertThat(name.get("description").asText()).startsWith("Name must be unique within a namespace.");

    JsonNode phase = table.get("columnDefinitions").get(1);
    assertThat(phase.get("format").asText()).isEmpty();
    assertThat(phase.get("description").asText())
        .isEqualTo("Custom resource definition column (in JSONPath format): .status.phase");
    assertThat(table.get("columnDefinitions").get(2).get("description").asText()).isEqualTo("readiness");
    JsonNode replicas = table.get("columnDefinitions").get(4);
    assertThat(replicas.get("type").asText()).isEqualTo("integer");
    assertThat(replicas.get("format").asText()).isEqualTo("int32");
    assertThat(replicas.get("priority").asInt()).isEqualTo(1);
    assertThat(table.get("columnDefinitions").get(5).get("priority").asInt()).isEqualTo(2);
  }

  @Test
  void cellsAreTheColumnsJsonPathValuesTypedByColumnWithDatesAsAges() {
    ObjectNode table = TABLES.toTable(LIST, true, COLUMNS, "v1", CustomResourceTables.IncludeObject.METADATA);
    assertThat(table.get("rows")).hasSize(2);

    JsonNode one = table.get("rows").get(0).get("cells");
    assertThat(one).hasSize(9);
    assertThat(one.get(0).asText()).isEqualTo("one");
    assertThat(one.get(1).asText()).isEqualTo("Running");
    assertThat(one.get(2).asText()).as("filtered condition status").isEqualTo("False");
    assertThat(one.get(3).asText()).as("3h ago").isEqualTo("3h");
    assertThat(one.get(4).isIntegralNumber()).isTrue();
    assertThat(one.get(4).asLong()).isEqualTo(3);
    assertThat(one.get(5).isBoolean()).isTrue();
    assertThat(one.get(5).asBoolean()).isTrue();
    assertThat(one.get(6).asDouble()).isEqualTo(0.25);
    assertThat(one.get(7).asText()).as("first result only, as kube-apiserver").isEqualTo("x");
    assertThat(one.get(8).asText()).isEqualTo("5m12s");

    JsonNode two = table.get("rows").get(1).get("cells");
    assertThat(two.get(0).asText()).isEqualTo("two");
    assertThat(two.get(1).isNull()).as("missing phase").isTrue();
    assertThat(two.get(2).isNull()).as("no conditions").isTrue();
    assertThat(two.get(3).asText()).as("unparseable date").isEqualTo("<invalid>");
    assertThat(two.get(4).isNull()).as("a string in an integer column").isTrue();
    assertThat(two.get(5).isNull()).as("a string in a boolean column").isTrue();
    assertThat(two.get(6).asDouble()).as("an integer in a number column").isEqualTo(2.0);
    assertThat(two.get(7).isNull()).isTrue();
    assertThat(two.get(8).asText()).isEqualTo("3d");
  }

  @Test
  void rowsCarryPartialObjectMetadataByDefault() {
    ObjectNode table = TABLES.toTable(LIST, true, COLUMNS, "v1", CustomResourceTables.IncludeObject.METADATA);
    JsonNode object = table.get("rows").get(0).get("object");
    assertThat(object.get("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(object.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(object.get("metadata")).isEqualTo(LIST.get("items").get(0).get("metadata"));
    assertThat(object.has("spec")).isFalse();
    assertThat(object.has("status")).isFalse();
  }

  @Test
  void includeObjectChoosesTheWholeObjectOrNothing() {
    ObjectNode whole = TABLES.toTable(LIST, true, COLUMNS, "v1", CustomResourceTables.IncludeObject.OBJECT);
    assertThat(whole.get("rows").get(1).get("object")).isEqualTo(LIST.get("items").get(1));
    ObjectNode none = TABLES.toTable(LIST, true, COLUMNS, "v1", CustomResourceTables.IncludeObject.NONE);
    assertThat(none.get("rows").get(0).get("object").isNull()).isTrue();
  }

  @Test
  void aV1beta1TableCarriesThatVersionOnTheTableAndItsPartialObjects() {
    ObjectNode table = TABLES.toTable(LIST, true, COLUMNS, "v1beta1", CustomResourceTables.IncludeObject.METADATA);
    assertThat(table.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1beta1");
    assertThat(table.get("rows").get(0).get("object").get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1beta1");
  }

  @Test
  void oneObjectBecomesOneRowWithItsResourceVersion() {
    JsonNode object = LIST.get("items").get(0);
    ObjectNode table = TABLES.toTable(object, false, COLUMNS, "v1", CustomResourceTables.IncludeObject.METADATA);
    assertThat(table.get("metadata").get("resourceVersion").asText()).isEqualTo("40");
    assertThat(table.get("rows")).hasSize(1);
    assertThat(table.get("rows").get(0).get("cells").get(0).asText()).isEqualTo("one");
  }

  @Test
  void anEmptyListIsATableWithColumnsAndNoRows() {
    JsonNode empty = json("{\"kind\": \"WidgetList\", \"metadata\": {\"resourceVersion\": \"7\"}, \"items\": []}");
    ObjectNode table = TABLES.toTable(empty, true, COLUMNS, "v1", CustomResourceTables.IncludeObject.METADATA);
    assertThat(table.get("rows").isArray()).isTrue();
    assertThat(table.get("rows")).isEmpty();
    assertThat(columnNames(table)).hasSize(9);
  }

  @Test
  void aVersionWithoutPrinterColumnsGetsTheDefaultAgeColumn() {
    var version = new CustomResourceDefinitionVersionBuilder().withName("v1").withServed(true).build();
    List<CustomResourceColumnDefinition> columns = CustomResourceTables.columns(version);
    assertThat(columns).singleElement().satisfies(c -> {
      assertThat(c.getName()).isEqualTo("Age");
      assertThat(c.getType()).isEqualTo("date");
      assertThat(c.getJsonPath()).isEqualTo(".metadata.creationTimestamp");
    });
    ObjectNode table = TABLES.toTable(LIST, true, columns, "v1", CustomResourceTables.IncludeObject.METADATA);
    assertThat(columnNames(table)).containsExactly("Name", "Age");
    assertThat(table.get("columnDefinitions").get(1).get("description").asText()).startsWith("CreationTimestamp is");
    assertThat(table.get("rows").get(0).get("cells").get(1).asText()).isEqualTo("5m12s");
  }

  @Test
  void aColumnWhosePathCannotBeParsedHasNullCells() {
    List<CustomResourceColumnDefinition> columns = List.of(column("Deep", "string", "..status", null, null, null));
    ObjectNode table = TABLES.toTable(LIST, true, columns, "v1", CustomResourceTables.IncludeObject.NONE);
    assertThat(columnNames(table)).containsExactly("Name", "Deep");
    assertThat(table.get("rows").get(0).get("cells").get(1).isNull()).isTrue();
  }

  @Test
  void aStringColumnPrintsNonStringValuesAsJsonpathDoes() {
    List<CustomResourceColumnDefinition> columns = List.of(
        column("Replicas", "string", ".spec.replicas", null, null, null),
        column("Spec", "string", ".spec", null, null, null));
    ObjectNode table = TABLES.toTable(LIST, true, columns, "v1", CustomResourceTables.IncludeObject.NONE);
    JsonNode cells = table.get("rows").get(0).get("cells");
    assertThat(cells.get(1).asText()).isEqualTo("3");
    assertThat(cells.get(2).asText()).isEqualTo("{\"paused\":true,\"ratio\":0.25,\"replicas\":3}");
  }

  @ParameterizedTest
  @CsvSource({
      "'" + KUBECTL_ACCEPT + "', v1",
      "'application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json', v1beta1",
      "'application/json;as=Table;g=meta.k8s.io;v=v1', v1",
      "'application/json', ''",
      "'', ''",
      "'*/*', ''",
      "'application/json,application/json;as=Table;v=v1;g=meta.k8s.io', ''",
      "'application/json;q=0.5,application/json;as=Table;v=v1;g=meta.k8s.io', v1",
      "'application/json;as=Table;v=v2;g=meta.k8s.io,application/json', ''",
      "'application/json;as=Table;v=v1;g=example.io,application/json', ''",
      "'application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io',"
          + " v1beta1",
      "'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json', ''"})
  void acceptNegotiatesATableVersionOnlyWhenATableComesBeforePlainJson(String accept, String expected) {
    assertThat(CustomResourceTables.negotiatedTableVersion(accept).orElse("")).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
      "-5, <invalid>", "-1, 0s", "0, 0s", "59, 59s", "119, 119s", "120, 2m", "312, 5m12s", "600, 10m",
      "10799, 179m", "10800, 3h", "12000, 3h20m", "28800, 8h", "172799, 47h", "172800, 2d", "194400, 2d6h",
      "691200, 8d", "63071999, 729d", "63072000, 2y", "65664000, 2y30d", "252288000, 8y"})
  void humanDurationMatchesApimachinery(long seconds, String expected) {
    assertThat(CustomResourceTables.humanDuration(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @Test
  void humanDurationToleratesUpToTwoSecondsInTheFuture() {
    assertThat(CustomResourceTables.humanDuration(Duration.ofMillis(-1900))).isEqualTo("0s");
    assertThat(CustomResourceTables.humanDuration(Duration.ofMillis(-2000))).isEqualTo("<invalid>");
  }

  @ParameterizedTest
  @CsvSource({"0.5, 0.5", "2.0, 2", "1e21, 1e+21", "123456.789, 123456.789", "0.00001, 1e-05", "-1.5, -1.5",
      "0.0001, 0.0001"})
  void floatsPrintAsGoPrintsThem(double value, String expected) {
    assertThat(CustomResourceTables.goFloat(value)).isEqualTo(expected);
  }
}
