package io.cutover.sandbox;

import io.cutover.sandbox.discovery.ApiDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What kube-apiserver does for kubectl and the mock does not, in one place for {@link SandboxDispatcher} to route
 * to: watches over plain HTTP, Tables for built-in kinds, a fast 415 for protobuf bodies, strategic merge patch,
 * OpenAPI documents and server-side field validation.
 */
final class KubectlApi {

  static final String PROTOBUF = "application/vnd.kubernetes.protobuf";

  private final Store store;
  private final ApiDiscovery discovery;
  private final ServerTables tables;
  private final HttpWatches watches;

  KubectlApi(Store store, ApiDiscovery discovery, ServerTables tables, HttpWatches watches) {
    this.store = store;
    this.discovery = discovery;
    this.tables = tables;
    this.watches = watches;
  }

  HttpWatches watches() {
    return watches;
  }

  /**
   * The answer to a request the mock cannot serve as kube-apiserver would, or empty to let the request go on.
   * {@code plainGet} answers a GET as JSON through the rest of the dispatcher (selectors applied).
   */
  Optional<MockResponse> answer(RecordedRequest request, String path, String method,
      Supplier<List<CustomResourceDefinition>> crds, Function<RecordedRequest, MockResponse> plainGet) {
    Optional<MockResponse> unsupported = unsupportedBody(request, method);
    if (unsupported.isPresent()) {
      return unsupported;
    }
    if (!method.equals("GET")) {
      return Optional.empty();
    }
    Map<String, String> query = HttpWatches.query(request.getPath());
    if (HttpWatches.isHttpWatch(request, query)) {
      return Optional.of(watches.open(request, path, query, crds));
    }
    if (CustomResourceTables.negotiatedTableVersion(request.getHeader("Accept")).isPresent()) {
      List<CustomResourceDefinition> definitions = crds.get();
      Optional<ApiResource> resource = ApiResource.resolve(path, discovery, definitions);
      if (resource.isPresent()) {
        return tables.respondBuiltIn(request, resource.get(), query, definitions, plainGet);
      }
    }
    return Optional.empty();
  }

  /**
   * kube-apiserver decodes protobuf bodies of built-in kinds; the sandbox stores JSON only, so a protobuf body is a
   * 415 at once (client-go then retries the request as JSON) rather than a body the mock would misread.
   */
  private static Optional<MockResponse> unsupportedBody(RecordedRequest request, String method) {
    if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
      return Optional.empty();
    }
    String contentType = request.getHeader("Content-Type");
    String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (type.equals(PROTOBUF)) {
      return Optional.of(Responses.failure(415, "UnsupportedMediaType", "the body of the request was in an unknown"
          + " format - accepted media types include: application/json, application/yaml (the sandbox does not"
          + " decode " + PROTOBUF + ")", "", "", "", null));
    }
    return Optional.empty();
  }
}
