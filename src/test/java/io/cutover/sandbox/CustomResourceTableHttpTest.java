package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kubectl's Table requests, sent raw over HTTP to a sandbox cluster that has a CRD with printer columns. */
class CustomResourceTableHttpTest {

  static final String TABLE_ACCEPT = CustomResourceTablesTest.KUBECTL_ACCEPT;
  static final String WIDGETS = "/apis/example.io/v1/namespaces/shop/widgets";

  static SandboxCluster cluster;
  static KubernetesClient client;
  static HttpClient HTTP;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("tables");
    HTTP = SandboxHttp.client(cluster);
    client = cluster.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
        .create();
    CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("widgets.example.io").endMetadata()
        .withNewSpec().withGroup("example.io").withScope("Namespaced")
        .withNewNames().withPlural("widgets").withSingular("widget").withKind("Widget").withListKind("WidgetList")
        .endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true)
        .withNewSchema().withOpenAPIV3Schema(new JSONSchemaPropsBuilder().withType("object")
            .withXKubernetesPreserveUnknownFields(true).build()).endSchema()
        .addNewAdditionalPrinterColumn().withName("Phase").withType("string").withJsonPath(".status.phase")
        .endAdditionalPrinterColumn()
        .addNewAdditionalPrinterColumn().withName("Ready").withType("string")
        .withJsonPath(".status.conditions[?(@.type==\"Ready\")].status").endAdditionalPrinterColumn()
        .addNewAdditionalPrinterColumn().withName("Replicas").withType("integer").withJsonPath(".spec.replicas")
        .withPriority(1).withDescription("how many").endAdditionalPrinterColumn()
        .addNewAdditionalPrinterColumn().withName("Age").withType("date")
        .withJsonPath(".metadata.creationTimestamp").endAdditionalPrinterColumn()
        .endVersion()
        .endSpec().build();
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    widget("alpha", Map.of("replicas", 2), Map.of("phase", "Running",
        "conditions", List.of(Map.of("type", "Synced", "status", "True"), Map.of("type", "Ready", "status", "True"))));
    widget("beta", Map.of("replicas", 5), null);
  }

  static void widget(String name, Map<String, Object> spec, Map<String, Object> status) {
    GenericKubernetesResource widget = new GenericKubernetesResource();
    widget.setApiVersion("example.io/v1");
    widget.setKind("Widget");
    widget.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace("shop")
        .withLabels(Map.of("app", name)).build());
    widget.setAdditionalProperty("spec", spec);
    if (status != null) {
      widget.setAdditionalProperty("status", status);
    }
    client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("example.io")
        .withVersion("v1").withKind("Widget").withPlural("widgets").withNamespaced(true).build())
        .inNamespace("shop").resource(widget).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  record Answer(int code, JsonNode body) {
  }

  static Answer get(String pathAndQuery, String accept) throws Exception {
    HttpRequest.Builder request = SandboxHttp.asAdmin(cluster, pathAndQuery)
        .timeout(Duration.ofSeconds(10)).GET();
    if (accept != null) {
      request.header("Accept", accept);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), Store.JSON.readTree(response.body()));
  }

  static List<String> columnNames(JsonNode table) {
    List<String> names = new ArrayList<>();
    table.get("columnDefinitions").forEach(c -> names.add(c.get("name").asText()));
    return names;
  }

  static JsonNode row(JsonNode table, String name) {
    for (JsonNode row : table.get("rows")) {
      if (row.get("cells").get(0).asText().equals(name)) {
        return row;
      }
    }
    throw new AssertionError("no row " + name + " in " + table);
  }

  @Test
  void aListWithKubectlsAcceptIsATableOfThePrinterColumns() throws Exception {
    Answer answer = get(WIDGETS + "?limit=500", TABLE_ACCEPT);
    assertThat(answer.code()).isEqualTo(200);
    JsonNode table = answer.body();
    assertThat(table.get("kind").asText()).isEqualTo("Table");
    assertThat(table.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(columnNames(table)).containsExactly("Name", "Phase", "Ready", "Replicas", "Age");
    assertThat(table.get("columnDefinitions").get(3).get("priority").asInt()).isEqualTo(1);
    assertThat(table.get("columnDefinitions").get(3).get("description").asText()).isEqualTo("how many");
    assertThat(table.get("rows")).hasSize(2);

    JsonNode alpha = row(table, "alpha").get("cells");
    assertThat(alpha.get(1).asText()).isEqualTo("Running");
    assertThat(alpha.get(2).asText()).isEqualTo("True");
    assertThat(alpha.get(3).asLong()).isEqualTo(2);
    assertThat(alpha.get(4).asText()).as("age of a just-created object").matches("\\d+s");
    JsonNode beta = row(table, "beta").get("cells");
    assertThat(beta.get(1).isNull()).isTrue();
    assertThat(beta.get(2).isNull()).isTrue();
    assertThat(beta.get(3).asLong()).isEqualTo(5);

    JsonNode object = row(table, "alpha").get("object");
    assertThat(object.get("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(object.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(object.get("metadata").get("name").asText()).isEqualTo("alpha");
    assertThat(object.get("metadata").get("namespace").asText()).isEqualTo("shop");
    assertThat(object.get("metadata").get("labels").get("app").asText()).isEqualTo("alpha");
    assertThat(object.get("metadata").get("uid").asText()).isNotEmpty();
    assertThat(object.has("status")).isFalse();
  }

  @Test
  void theTableKeepsTheListsResourceVersion() throws Exception {
    JsonNode list = get(WIDGETS, "application/json").body();
    String resourceVersion = list.get("metadata").path("resourceVersion").asText("");
    JsonNode table = get(WIDGETS, TABLE_ACCEPT).body();
    assertThat(table.get("metadata").path("resourceVersion").asText("")).isEqualTo(resourceVersion);
  }

  @Test
  void oneObjectWithKubectlsAcceptIsATableOfOneRow() throws Exception {
    Answer answer = get(WIDGETS + "/alpha", TABLE_ACCEPT);
    assertThat(answer.code()).isEqualTo(200);
    assertThat(answer.body().get("kind").asText()).isEqualTo("Table");
    assertThat(answer.body().get("rows")).hasSize(1);
    assertThat(answer.body().get("rows").get(0).get("cells").get(1).asText()).isEqualTo("Running");
    JsonNode object = get(WIDGETS + "/alpha", "application/json").body();
    assertThat(answer.body().get("metadata").get("resourceVersion").asText())
        .isEqualTo(object.get("metadata").get("resourceVersion").asText());
  }

  @Test
  void allNamespacesListIsATableToo() throws Exception {
    JsonNode table = get("/apis/example.io/v1/widgets", TABLE_ACCEPT).body();
    assertThat(table.get("kind").asText()).isEqualTo("Table");
    assertThat(table.get("rows")).hasSize(2);
  }

  @Test
  void includeObjectSelectsTheWholeObjectOrNone() throws Exception {
    JsonNode whole = row(get(WIDGETS + "?includeObject=Object", TABLE_ACCEPT).body(), "alpha").get("object");
    assertThat(whole.get("kind").asText()).isEqualTo("Widget");
    assertThat(whole.get("status").get("phase").asText()).isEqualTo("Running");
    JsonNode none = row(get(WIDGETS + "?includeObject=None", TABLE_ACCEPT).body(), "alpha").get("object");
    assertThat(none.isNull()).isTrue();
    Answer bad = get(WIDGETS + "?includeObject=Everything", TABLE_ACCEPT);
    assertThat(bad.code()).isEqualTo(400);
    assertThat(bad.body().get("kind").asText()).isEqualTo("Status");
    assertThat(bad.body().get("message").asText()).contains("unrecognized includeObject value");
  }

  @Test
  void aV1beta1OnlyAcceptGetsAV1beta1Table() throws Exception {
    JsonNode table = get(WIDGETS, "application/json;as=Table;v=v1beta1;g=meta.k8s.io").body();
    assertThat(table.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1beta1");
  }

  @Test
  void withoutATableInAcceptTheListIsUnchanged() throws Exception {
    for (String accept : new String[] {null, "application/json"}) {
      Answer answer = get(WIDGETS, accept);
      assertThat(answer.code()).isEqualTo(200);
      assertThat(answer.body().get("kind").asText()).isNotEqualTo("Table");
      assertThat(answer.body().get("items")).hasSize(2);
    }
  }

  @Test
  void aMissingObjectIsANotFoundStatusAsTheRegistryAnswers() throws Exception {
    Answer answer = get(WIDGETS + "/gamma", TABLE_ACCEPT);
    assertThat(answer.code()).isEqualTo(404);
    assertThat(answer.body().get("kind").asText()).isEqualTo("Status");
    assertThat(answer.body().get("reason").asText()).isEqualTo("NotFound");
    assertThat(answer.body().get("message").asText()).isEqualTo("widgets.example.io \"gamma\" not found");
  }

  @Test
  void builtInKindsAskedForATableGetTheirOwnColumns() throws Exception {
    client.serviceAccounts().inNamespace("shop").resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("builtin").endMetadata().build()).create();
    Answer answer = get("/api/v1/namespaces/shop/serviceaccounts", TABLE_ACCEPT);
    assertThat(answer.code()).isEqualTo(200);
    assertThat(answer.body().get("kind").asText()).isEqualTo("Table");
    assertThat(answer.body().get("columnDefinitions").findValuesAsText("name"))
        .containsExactly("Name", "Secrets", "Age");
    assertThat(answer.body().get("rows")).extracting(r -> r.get("cells").get(0).asText()).contains("builtin");
    Answer roles = get("/apis/rbac.authorization.k8s.io/v1/clusterroles/view", TABLE_ACCEPT);
    assertThat(roles.code()).isEqualTo(200);
    assertThat(roles.body().get("columnDefinitions").findValuesAsText("name")).containsExactly("Name", "Created At");
    assertThat(roles.body().get("rows").get(0).get("cells").get(0).asText()).isEqualTo("view");
    assertThat(roles.body().get("rows").get(0).get("object").get("kind").asText()).isEqualTo("PartialObjectMetadata");
  }
}
