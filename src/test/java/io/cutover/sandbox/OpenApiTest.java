package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.sandbox.discovery.ApiDiscovery;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenAPI documents built from CRD schemas and the fabric8 model, and field validation against them. */
class OpenApiTest {

  static final OpenApi OPEN_API = new OpenApi(new ApiDiscovery("v1.33.0"), "v1.33.0");

  static JsonNode json(String json) {
    return Store.read(json, JsonNode.class);
  }

  @Test
  void objectsTheFabric8ClientWritesHaveNoUnknownFields() {
    var namespace = OPEN_API.schemaOf("", "v1", "Namespace", List.of()).orElseThrow();
    String written = Store.write(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
        .withName("x").withLabels(java.util.Map.of("a", "b")).endMetadata().build());
    assertThat(FieldValidation.unknownFields(json(written), namespace.getKey(), namespace.getValue())).isEmpty();
    var binding = OPEN_API.schemaOf("rbac.authorization.k8s.io", "v1", "RoleBinding", List.of()).orElseThrow();
    String rb = "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"r\","
        + "\"annotations\":{\"x\":\"y\"}},\"roleRef\":{\"kind\":\"Role\",\"name\":\"r\",\"apiGroup\":\"g\"},"
        + "\"subjects\":[{\"kind\":\"User\",\"name\":\"u\",\"bogus\":1}],\"extra\":{}}";
    assertThat(FieldValidation.unknownFields(json(rb), binding.getKey(), binding.getValue()))
        .containsExactly("subjects[0].bogus", "extra");
  }
}
