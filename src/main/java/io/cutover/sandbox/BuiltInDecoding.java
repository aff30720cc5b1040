package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.sandbox.discovery.ApiDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What kube-apiserver's decoding of a built-in kind into its Go type does to a create or update, which the mock, storing
 * JSON as sent, does not: the type has no place for a field it does not declare, so an unknown field of a ConfigMap,
 * a Secret or a RoleBinding is dropped, whatever {@code fieldValidation} said of it (a warning, or nothing under
 * Ignore; Strict refused it before) — pruned here by the kind's schema ({@link OpenApi}, the fabric8 model's fields);
 * and the defaulting functions run — here the one a user meets, a Secret without {@code type} stored as
 * {@code Opaque} ({@code SetDefaults_Secret}). Every patch but a JSON patch reaches the store as such an update.
 * Custom resources are pruned and defaulted by their CRD's schema ({@link CrdAdmission}).
 */
final class BuiltInDecoding {

  /**
   * Not pruned: a CRD's schema ({@code JSONSchemaProps}) is recursive, and the model-derived schema cuts the
   * recursion short, so it would drop the nested schemas kube-apiserver keeps.
   */
  private static final String APIEXTENSIONS = "apiextensions.k8s.io";

  private final ApiDiscovery discovery;
  private final OpenApi openApi;

  BuiltInDecoding(ApiDiscovery discovery, OpenApi openApi) {
    this.discovery = discovery;
    this.openApi = openApi;
  }

  /** The request with its body as decoding leaves it, or the request itself when decoding changes nothing. */
  RecordedRequest decode(RecordedRequest request, String path, String method, List<CustomResourceDefinition> crds) {
    if (!(method.equals("POST") || method.equals("PUT")) || request.getBody() == null) {
      return request;
    }
    String contentType = request.getHeader("Content-Type");
    String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!(type.isEmpty() || type.equals("application/json"))) {
      return request;
    }
    Optional<ApiResource> resource = ApiResource.resolve(path, discovery, crds);
    if (resource.isEmpty() || method.equals("POST") != resource.get().isList() || custom(resource.get(), crds)
        || resource.get().group().equals(APIEXTENSIONS)) {
      return request;
    }
    ApiResource target = resource.get();
    var schema = openApi.schemaOf(target.group(), target.version(), target.kind(), crds);
    JsonNode object;
    try {
      object = Store.JSON.readTree(request.getBody().getBytes());
    } catch (java.io.IOException e) {
      return request;
    }
    if (object == null || !object.isObject()) {
      return request;
    }
    boolean pruned = schema.isPresent()
        && !FieldValidation.prune(object, schema.get().getKey(), schema.get().getValue()).isEmpty();
    boolean defaulted = target.group().isEmpty() && target.kind().equals("Secret")
        && object.path("type").asText("").isEmpty();
    if (defaulted) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) object).put("type", "Opaque");
    }
    if (!pruned && !defaulted) {
      return request;
    }
    Headers.Builder headers = Headers.builder();
    request.getHeaders().toMultimap().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("Content-Length")) {
        values.forEach(v -> headers.add(name, v));
      }
    });
    return new RecordedRequest(request.getRequestLine(), request.method(), request.getPath(), headers.build(),
        new Buffer().writeUtf8(Store.write(object)));
  }

  private static boolean custom(ApiResource resource, List<CustomResourceDefinition> crds) {
    return crds.stream().anyMatch(crd -> crd.getSpec().getGroup().equals(resource.group())
        && crd.getSpec().getNames().getKind().equals(resource.kind()));
  }
}
