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
 * kube-apiserver decodes a built-in kind into its Go type, which has no place for a field it does not declare: an
 * unknown field of a ConfigMap, a Secret or a RoleBinding is dropped, whatever {@code fieldValidation} said of it
 * (a warning, or nothing under Ignore; Strict refused it before). The mock stores JSON as sent, so the sandbox prunes
 * a create or update of a built-in kind by the kind's schema ({@link OpenApi}, the fabric8 model's fields) before it
 * is stored. Every patch but a JSON patch reaches the store as such an update. Custom resources are pruned by their
 * CRD's schema ({@link CrdAdmission}).
 */
final class BuiltInPruning {

  /**
   * Not pruned: a CRD's schema ({@code JSONSchemaProps}) is recursive, and the model-derived schema cuts the
   * recursion short, so it would drop the nested schemas kube-apiserver keeps.
   */
  private static final String APIEXTENSIONS = "apiextensions.k8s.io";

  private final ApiDiscovery discovery;
  private final OpenApi openApi;

  BuiltInPruning(ApiDiscovery discovery, OpenApi openApi) {
    this.discovery = discovery;
    this.openApi = openApi;
  }

  /** The request with its body pruned, or the request itself when nothing is to prune. */
  RecordedRequest prune(RecordedRequest request, String path, String method, List<CustomResourceDefinition> crds) {
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
    if (schema.isEmpty() || object == null || !object.isObject()
        || FieldValidation.prune(object, schema.get().getKey(), schema.get().getValue()).isEmpty()) {
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
