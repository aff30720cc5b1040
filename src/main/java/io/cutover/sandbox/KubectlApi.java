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
 * to: watches (streamed HTTP responses and WebSockets, from the store's changes), Tables for built-in kinds, protobuf
 * bodies (decoded, or a fast 415), strategic merge patch, OpenAPI documents and server-side field validation.
 */
final class KubectlApi {

  static final String PROTOBUF = "application/vnd.kubernetes.protobuf";

  private final Store store;
  private final ApiDiscovery discovery;
  private final ServerTables tables;
  private final HttpWatches watches;
  private final OpenApi openApi;
  private final BuiltInDecoding decoding;

  KubectlApi(Store store, ApiDiscovery discovery, ServerTables tables, HttpWatches watches, OpenApi openApi) {
    this.openApi = openApi;
    this.store = store;
    this.discovery = discovery;
    this.tables = tables;
    this.watches = watches;
    this.decoding = new BuiltInDecoding(discovery, openApi);
  }

  static final String SELF_SUBJECT_REVIEWS = "/apis/authentication.k8s.io/v1/selfsubjectreviews";

  /** What decoding into the Go type does to a built-in kind before it is stored ({@link BuiltInDecoding}). */
  BuiltInDecoding decoding() {
    return decoding;
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
      Optional<String> decoded = request.getBody() == null ? Optional.empty()
          : ProtobufBodies.toJson(request.getBody().getBytes());
      if (decoded.isEmpty() && path.equals(SELF_SUBJECT_REVIEWS)) {
        // kubectl auth whoami sends protobuf; a SelfSubjectReview carries nothing the answer reads.
        decoded = Optional.of("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}");
      }
      if (decoded.isEmpty()) {
        return unsupported;
      }
      io.fabric8.mockwebserver.http.Headers.Builder headers = io.fabric8.mockwebserver.http.Headers.builder();
      request.getHeaders().toMultimap().forEach((name, values) -> {
        if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
          values.forEach(v -> headers.add(name, v));
        }
      });
      headers.add("Content-Type", "application/json");
      return Optional.of(plainGet.apply(new RecordedRequest(request.getRequestLine(), request.method(),
          request.getPath(), headers.build(), new io.fabric8.mockwebserver.http.Buffer().writeUtf8(decoded.get()))));
    }
    Map<String, String> query = HttpWatches.query(request.getPath());
    if ((method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))
        && request.getHeader(VALIDATED) == null) {
      Optional<MockResponse> validated = validate(request, path, method, query, crds.get(), plainGet);
      if (validated.isPresent()) {
        return validated;
      }
    }
    if (method.equals("PATCH")) {
      return patch(request, path, crds.get(), plainGet);
    }
    if (!method.equals("GET")) {
      return Optional.empty();
    }
    if (path.startsWith("/openapi/")) {
      return openApi.respond(path, request.getHeader("Accept"), crds.get());
    }
    if (HttpWatches.isHttpWatch(request, query)) {
      return Optional.of(watches.open(request, path, query, crds));
    }
    // events.k8s.io Events are stored in their core/v1 form (EventsApi): their WebSocket watch stays the mock's.
    if (HttpWatches.isWebSocketWatch(request, query) && !path.startsWith("/apis/" + EventsApi.GROUP_VERSION + "/")) {
      return watches.openWebSocket(request, path, query, crds);
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

  /** The body as text, without consuming the request's buffer (the mock reads it again). */
  private static String utf8(RecordedRequest request) {
    return request.getBody() == null ? "" : new String(request.getBody().getBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Marks a write already validated here (it then goes on through the dispatcher once more). */
  private static final String VALIDATED = "X-Cutover-Sandbox-Field-Validated";

  /**
   * Server-side field validation of a create, update or merge patch of a resource: a 400 under Strict, the write
   * with {@code Warning} headers under Warn (the default), nothing under Ignore. Strategic merge patches are
   * validated as the update they become; JSON patches are not validated.
   */
  private Optional<MockResponse> validate(RecordedRequest request, String path, String method,
      Map<String, String> query, List<CustomResourceDefinition> crds, Function<RecordedRequest, MockResponse> pipeline) {
    FieldValidation.Directive directive = FieldValidation.directive(query.get("fieldValidation"));
    if (directive == null) {
      return Optional.of(Responses.badRequest("fieldValidation parameter unsupported or invalid: \""
          + query.get("fieldValidation") + "\": valid values are Ignore, Warn and Strict"));
    }
    if (directive == FieldValidation.Directive.IGNORE) {
      return Optional.empty();
    }
    Optional<ApiResource> resource = ApiResource.resolve(path, discovery, crds);
    if (resource.isEmpty() || (method.equals("POST") != resource.get().isList())) {
      return Optional.empty();
    }
    String contentType = request.getHeader("Content-Type");
    String type = contentType == null ? "application/json" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    com.fasterxml.jackson.databind.JsonNode object;
    try {
      com.fasterxml.jackson.databind.JsonNode body = Store.JSON.readTree(utf8(request));
      if (method.equals("PATCH")) {
        if (!type.equals(MERGE_PATCH)) {
          return Optional.empty();
        }
        MockResponse stored = store.crud().handleGet(path);
        if (stored.code() != 200) {
          return Optional.empty();
        }
        object = JsonMergePatch.apply(Store.read(Store.body(stored), com.fasterxml.jackson.databind.JsonNode.class),
            body);
      } else if (type.equals("application/json") || type.isEmpty()) {
        object = body;
      } else {
        return Optional.empty();
      }
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
    ApiResource target = resource.get();
    var schema = openApi.schemaOf(target.group(), target.version(), target.kind(), crds);
    if (schema.isEmpty() || object == null || !object.isObject()) {
      return Optional.empty();
    }
    List<String> unknown = FieldValidation.unknownFields(object, schema.get().getKey(), schema.get().getValue());
    if (unknown.isEmpty()) {
      return Optional.empty();
    }
    List<String> messages = unknown.stream().map(f -> "unknown field \"" + f + "\"").toList();
    if (directive == FieldValidation.Directive.STRICT) {
      String kind = target.kind();
      return Optional.of(Responses.failure(400, "BadRequest", kind + " in version \"" + target.version()
          + "\" cannot be handled as a " + kind + ": strict decoding error: " + String.join(", ", messages),
          "", "", "", null));
    }
    io.fabric8.mockwebserver.http.Headers.Builder headers = io.fabric8.mockwebserver.http.Headers.builder();
    request.getHeaders().toMultimap().forEach((name, values) -> values.forEach(v -> headers.add(name, v)));
    headers.add(VALIDATED, "true");
    MockResponse response = pipeline.apply(new RecordedRequest(request.getRequestLine(), request.method(),
        request.getPath(), headers.build(), request.getBody()));
    for (String message : messages) {
      response.addHeader("Warning", "299 - \"" + message.replace("\"", "\\\"") + "\"");
    }
    return Optional.of(response);
  }

  private static final String STATUS = "/status";
  static final String JSON_PATCH = "application/json-patch+json";
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
  static final String APPLY_PATCH = "application/apply-patch+yaml";

  /**
   * PATCH as kube-apiserver takes it: JSON patch of a built-in object goes on to the mock, of a custom resource it is
   * applied here (to be admitted as an update); a merge patch (RFC 7386: a list in the patch
   * replaces the stored list whole; the mock's own merge appended to lists) and a strategic merge patch of a
   * built-in object are applied here and go on as an update of the whole object (of a custom resource's status
   * subresource too: the patch applies to the object, the update to its status; a custom resource has no patch
   * strategies: 415, as on a real server); server-side apply and anything else are a 415 naming what is accepted.
   */
  private Optional<MockResponse> patch(RecordedRequest request, String path, List<CustomResourceDefinition> crds,
      Function<RecordedRequest, MockResponse> pipeline) {
    String contentType = request.getHeader("Content-Type");
    String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    boolean status = path.endsWith(STATUS);
    String objectPath = status ? path.substring(0, path.length() - STATUS.length()) : path;
    Optional<ApiResource> resource = ApiResource.resolve(objectPath, discovery, crds);
    boolean custom = resource.isPresent() && !resource.get().group().isEmpty() && CustomResourceTables.columnsFor(
        "/apis/" + resource.get().group() + "/" + resource.get().version() + "/" + resource.get().plural(), crds)
        .isPresent();
    if (status && !custom) {
      return Optional.empty();
    }
    String accepted = custom ? JSON_PATCH + ", " + MERGE_PATCH
        : JSON_PATCH + ", " + MERGE_PATCH + ", " + STRATEGIC_MERGE_PATCH;
    switch (type) {
      case JSON_PATCH:
        if (custom && !resource.get().isList()) {
          // applied here so the patched custom resource is admitted as the update it becomes
          return Optional.of(asUpdate(request, objectPath, resource.get(), pipeline, JsonPatch::apply));
        }
        return Optional.empty();
      case MERGE_PATCH:
        if (resource.isPresent() && !resource.get().isList()) {
          return Optional.of(asUpdate(request, objectPath, resource.get(), pipeline,
              (current, patch) -> JsonMergePatch.apply(current, patch)));
        }
        return Optional.empty();
      case APPLY_PATCH:
        return Optional.of(Responses.failure(415, "UnsupportedMediaType", "server-side apply (" + APPLY_PATCH
            + ") is not supported by the sandbox: use client-side apply (kubectl apply without --server-side);"
            + " accepted patch types: " + accepted, "", "", "", null));
      case STRATEGIC_MERGE_PATCH:
        if (!custom && resource.isPresent() && !resource.get().isList()) {
          ApiResource r = resource.get();
          return Optional.of(asUpdate(request, path, r, pipeline,
              (current, patch) -> StrategicMergePatch.apply(r.group(), r.kind(), current, patch)));
        }
        // fall through: strategic merge patch of a custom resource
      default:
        return Optional.of(Responses.failure(415, "UnsupportedMediaType", "the body of the request was in an unknown"
            + " format - accepted media types include: " + accepted, "", "", "", null));
    }
  }

  /** A merge of the stored object with a patch; may refuse the patch. */
  private interface Merge {
    com.fasterxml.jackson.databind.JsonNode apply(com.fasterxml.jackson.databind.JsonNode current,
        com.fasterxml.jackson.databind.JsonNode patch) throws StrategicMergePatch.InvalidPatchException;
  }

  /**
   * Applies a merge-style patch to the stored object at {@code path} here and sends the result on as an update (PUT)
   * of what the request names (the object, or its status subresource).
   */
  private MockResponse asUpdate(RecordedRequest request, String path, ApiResource resource,
      Function<RecordedRequest, MockResponse> pipeline, Merge merge) {
    MockResponse stored = store.crud().handleGet(path);
    if (stored.code() != 200) {
      return Responses.notFound(resource.group(), resource.plural(), resource.name());
    }
    com.fasterxml.jackson.databind.JsonNode patch;
    try {
      patch = Store.JSON.readTree(utf8(request));
    } catch (java.io.IOException e) {
      return Responses.badRequest("error decoding patch: the body is not JSON");
    }
    com.fasterxml.jackson.databind.JsonNode current = Store.read(Store.body(stored),
        com.fasterxml.jackson.databind.JsonNode.class);
    com.fasterxml.jackson.databind.JsonNode patched;
    try {
      patched = merge.apply(current, patch);
    } catch (StrategicMergePatch.InvalidPatchException e) {
      return Responses.failure(422, "Invalid", e.getMessage(), resource.group(), resource.plural(), resource.name(),
          null);
    }
    if (!patched.isObject() || !patched.path("metadata").isObject()) {
      return Responses.failure(422, "Invalid", "the patch leaves no object with metadata", resource.group(),
          resource.plural(), resource.name(), null);
    }
    if (!patch.path("metadata").has("resourceVersion") || patch.path("metadata").path("resourceVersion").isNull()) {
      // A patch without a resourceVersion applies to whatever is stored, as on a real server.
      ((com.fasterxml.jackson.databind.node.ObjectNode) patched.path("metadata")).put("resourceVersion",
          current.path("metadata").path("resourceVersion").asText());
    }
    io.fabric8.mockwebserver.http.Headers headers = io.fabric8.mockwebserver.http.Headers.builder()
        .add("Content-Type", "application/json").build();
    return pipeline.apply(new RecordedRequest("PUT " + request.getPath() + " HTTP/1.1",
        io.fabric8.mockwebserver.dsl.HttpMethod.PUT, request.getPath(), headers,
        new io.fabric8.mockwebserver.http.Buffer().writeUtf8(Store.write(patched))));
  }

  /**
   * kube-apiserver decodes protobuf bodies of built-in kinds; the sandbox stores JSON only, so a protobuf body that
   * {@link ProtobufBodies} does not decode is a 415 at once rather than a body the mock would misread.
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
