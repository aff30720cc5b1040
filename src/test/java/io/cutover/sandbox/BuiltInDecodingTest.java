package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.config.CrdManifest;
import io.cutover.testing.RawHttp;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A built-in kind keeps only the fields its type declares, as kube-apiserver's decoding into the Go type keeps them,
 * whatever {@code fieldValidation} said, and gets the defaults a user meets (a Secret's type); a
 * CustomResourceDefinition keeps its whole schema.
 */
class BuiltInDecodingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "pruned";
  private static SandboxCluster cluster;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("pruning");
    cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata()
        .build()).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void unknownFieldsOfAConfigMapAreDroppedOnCreateAndUpdateUnderWarnAndIgnore() {
    String collection = "/api/v1/namespaces/" + NS + "/configmaps";
    for (String validation : new String[] {"Warn", "Ignore"}) {
      String name = "cm-" + validation.toLowerCase(java.util.Locale.ROOT);
      ObjectNode body = configMap(name);
      body.putObject("spec").put("x", "y");
      ((ObjectNode) body.get("metadata")).put("bogus", true);
      RawHttp.Answer created = RawHttp.send(cluster.client(), "POST",
          collection + "?fieldValidation=" + validation, body, "application/json");
      assertThat(created.code()).as(created.body()).isEqualTo(201);
      JsonNode stored = get(collection + "/" + name);
      assertThat(stored.has("spec")).as(validation + ": an unknown top-level field").isFalse();
      assertThat(stored.path("metadata").has("bogus")).as(validation + ": an unknown metadata field").isFalse();
      assertThat(stored.at("/data/key").asText()).as(validation + ": a declared field").isEqualTo("value");

      ObjectNode update = (ObjectNode) stored.deepCopy();
      update.putObject("extra").put("z", 1);
      RawHttp.Answer updated = RawHttp.send(cluster.client(), "PUT",
          collection + "/" + name + "?fieldValidation=" + validation, update, "application/json");
      assertThat(updated.code()).as(updated.body()).isEqualTo(200);
      assertThat(get(collection + "/" + name).has("extra")).as(validation + ": on update").isFalse();
    }
  }

  @Test
  void aMergePatchCannotAddAnUnknownField() {
    String path = "/api/v1/namespaces/" + NS + "/configmaps/patched";
    RawHttp.send(cluster.client(), "POST", "/api/v1/namespaces/" + NS + "/configmaps", configMap("patched"),
        "application/json");
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("data").put("more", "yes");
    patch.put("unknown", "no");
    RawHttp.Answer patched = RawHttp.send(cluster.client(), "PATCH", path, patch, "application/merge-patch+json");
    assertThat(patched.code()).as(patched.body()).isEqualTo(200);
    JsonNode stored = get(path);
    assertThat(stored.at("/data/more").asText()).isEqualTo("yes");
    assertThat(stored.has("unknown")).isFalse();
  }

  @Test
  void aSecretWithoutATypeIsStoredOpaqueAndATypeGivenIsKept() {
    cluster.client().secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withNewMetadata().withName("untyped").endMetadata().addToStringData("k", "v").build()).create();
    cluster.client().secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withNewMetadata().withName("typed").endMetadata().withType("kubernetes.io/basic-auth")
        .addToStringData("username", "u").build()).create();
    assertThat(cluster.client().secrets().inNamespace(NS).withName("untyped").get().getType()).isEqualTo("Opaque");
    assertThat(cluster.client().secrets().inNamespace(NS).withName("typed").get().getType())
        .isEqualTo("kubernetes.io/basic-auth");
  }

  @Test
  void aCustomResourceDefinitionKeepsItsNestedSchemaAndRules() {
    var crd = CrdManifest.load();
    cluster.client().apiextensions().v1().customResourceDefinitions().resource(crd).createOr(c -> c.update());
    var stored = cluster.client().apiextensions().v1().customResourceDefinitions()
        .withName(crd.getMetadata().getName()).get();
    JsonNode sent = JSON.valueToTree(crd.getSpec());
    JsonNode kept = JSON.valueToTree(stored.getSpec());
    assertThat(kept)
        .as("the stored CRD's spec is the one sent (nothing pruned by the model's recursive schema)")
        .isEqualTo(sent);
  }

  private static ObjectNode configMap(String name) {
    ObjectNode body = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
    body.putObject("metadata").put("name", name).put("namespace", NS);
    body.putObject("data").put("key", "value");
    return body;
  }

  private static JsonNode get(String path) {
    return RawHttp.send(cluster.client(), "GET", path, null, null).json();
  }
}
