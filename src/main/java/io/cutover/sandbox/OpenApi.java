package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAPI documents kube-apiserver publishes, for the sandbox's API: {@code /openapi/v3} (the index of
 * per-group-version documents, each with a {@code hash}), {@code /openapi/v3/apis/{group}/{version}} and
 * {@code /openapi/v2} (JSON only).
 *
 * <p>Schemas: a custom resource's is its CRD version's {@code openAPIV3Schema} (descriptions included, so
 * {@code kubectl explain sam.spec.dualRun} prints them), with {@code apiVersion}, {@code kind} and {@code metadata}
 * added as kube-apiserver adds them; built-in kinds get schemas generated from the fabric8 model classes
 * ({@link ModelSchemas}), which carry field names and types but no descriptions. Every kind's paths carry the
 * {@code fieldValidation} query parameter on create, update and patch, which tells kubectl 1.27+ that the server
 * validates fields itself ({@link FieldValidation}), and the patch content types the sandbox accepts.
 *
 * <p>{@code /openapi/v2} is served as JSON when JSON is acceptable; kubectl asks for it as protobuf only, which the
 * sandbox does not encode: it answers 406, which client-go treats as "no v2 document" (kubectl 1.32 uses v3).
 */
final class OpenApi {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> BUILT_IN_GROUP_VERSIONS = List.of("api/v1", "apis/rbac.authorization.k8s.io/v1",
      "apis/apps/v1", "apis/coordination.k8s.io/v1", "apis/apiextensions.k8s.io/v1");

  private final io.cutover.sandbox.discovery.ApiDiscovery discovery;
  private final String gitVersion;

  OpenApi(io.cutover.sandbox.discovery.ApiDiscovery discovery, String gitVersion) {
    this.discovery = discovery;
    this.gitVersion = gitVersion;
  }

  /** The answer to a GET under /openapi/, or empty for other paths. */
  Optional<io.fabric8.mockwebserver.http.MockResponse> respond(String path, String accept,
      List<CustomResourceDefinition> crds) {
    if (path.equals("/openapi/v2")) {
      if (!acceptsJson(accept)) {
        return Optional.of(Responses.failure(406, "NotAcceptable", "only the following media types are accepted:"
            + " application/json (the sandbox does not encode OpenAPI v2 as protobuf)", "", "", "", null));
      }
      return Optional.of(Responses.json(200, Store.write(v2(crds))));
    }
    if (path.equals("/openapi/v3")) {
      ObjectNode index = NODES.objectNode();
      ObjectNode paths = index.putObject("paths");
      for (String groupVersion : groupVersions(crds)) {
        String hash = hash(Store.write(document(groupVersion, crds)));
        paths.putObject(groupVersion).put("serverRelativeURL", "/openapi/v3/" + groupVersion + "?hash=" + hash);
      }
      return Optional.of(Responses.json(200, Store.write(index)));
    }
    if (path.startsWith("/openapi/v3/")) {
      String groupVersion = path.substring("/openapi/v3/".length());
      if (!groupVersions(crds).contains(groupVersion)) {
        return Optional.of(Responses.failure(404, "NotFound", "the server could not find the requested resource",
            "", "", "", null));
      }
      return Optional.of(Responses.json(200, Store.write(document(groupVersion, crds))));
    }
    return Optional.empty();
  }

  private static boolean acceptsJson(String accept) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    String lower = accept.toLowerCase(Locale.ROOT);
    return lower.contains("application/json") || lower.contains("*/*");
  }

  List<String> groupVersions(List<CustomResourceDefinition> crds) {
    List<String> all = new java.util.ArrayList<>(BUILT_IN_GROUP_VERSIONS);
    for (CustomResourceDefinition crd : crds) {
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        String gv = "apis/" + crd.getSpec().getGroup() + "/" + version.getName();
        if (Boolean.TRUE.equals(version.getServed()) && !all.contains(gv)) {
          all.add(gv);
        }
      }
    }
    return all;
  }

  /** Built-in kinds' schemas for validation, by group/version/kind: generated once per JVM. */
  private static final Map<String, Map.Entry<JsonNode, JsonNode>> KIND_SCHEMAS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The schema of a kind and the components its {@code $ref}s point into; empty when the kind has none. Only the
   * kind's own types are generated (not its group's whole document), so a write is validated without delay.
   */
  Optional<Map.Entry<JsonNode, JsonNode>> schemaOf(String group, String version, String kind,
      List<CustomResourceDefinition> crds) {
    boolean custom = crds.stream().anyMatch(crd -> crd.getSpec().getGroup().equals(group)
        && crd.getSpec().getNames().getKind().equals(kind));
    if (!custom) {
      Map.Entry<JsonNode, JsonNode> cached = KIND_SCHEMAS.get(group + "/" + version + "/" + kind);
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    ObjectNode components = NODES.objectNode();
    Optional<ObjectNode> schema = schema(group, version, kind, crds, components);
    if (schema.isEmpty()) {
      return Optional.empty();
    }
    Map.Entry<JsonNode, JsonNode> entry = Map.entry(schema.get(), components);
    if (!custom) {
      KIND_SCHEMAS.put(group + "/" + version + "/" + kind, entry);
    }
    return Optional.of(entry);
  }

  /** Documents by group version and the stored CRDs' resourceVersions: built once, not on every write. */
  private static final Map<String, ObjectNode> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

  /** The OpenAPI v3 document of one group version ({@code api/v1}, {@code apis/cutover.io/v1alpha1}). */
  ObjectNode document(String groupVersion, List<CustomResourceDefinition> crds) {
    StringBuilder key = new StringBuilder(gitVersion).append(' ').append(groupVersion);
    if (!BUILT_IN_GROUP_VERSIONS.contains(groupVersion) || groupVersion.startsWith("apis/apiextensions")) {
      crds.forEach(crd -> key.append('|').append(crd.getMetadata().getUid()).append('@')
          .append(crd.getMetadata().getResourceVersion()));
    }
    if (CACHE.size() > 256) {
      CACHE.clear();
    }
    return CACHE.computeIfAbsent(key.toString(), k -> build(groupVersion, crds)).deepCopy();
  }

  private ObjectNode build(String groupVersion, List<CustomResourceDefinition> crds) {
    ObjectNode document = NODES.objectNode();
    document.put("openapi", "3.0.0");
    document.putObject("info").put("title", "Kubernetes").put("version", gitVersion);
    ObjectNode paths = document.putObject("paths");
    ObjectNode schemas = document.putObject("components").putObject("schemas");
    String group = groupVersion.equals("api/v1") ? "" : groupVersion.split("/")[1];
    String version = groupVersion.equals("api/v1") ? "v1" : groupVersion.split("/")[2];
    Optional<String> resources = discovery.respond("/" + groupVersion, crds);
    if (resources.isEmpty()) {
      return document;
    }
    for (JsonNode resource : Store.read(resources.get(), JsonNode.class).path("resources")) {
      String plural = resource.path("name").asText();
      if (plural.contains("/")) {
        continue;
      }
      String kind = resource.path("kind").asText();
      boolean namespaced = resource.path("namespaced").asBoolean();
      Optional<ObjectNode> schema = schema(group, version, kind, crds, schemas);
      if (schema.isEmpty()) {
        continue;
      }
      String schemaName = schemaName(group, version, kind);
      ObjectNode gvk = NODES.objectNode().put("group", group).put("version", version).put("kind", kind);
      schema.get().putArray("x-kubernetes-group-version-kind").add(gvk);
      schemas.set(schemaName, schema.get());
      boolean custom = customVersion(group, version, plural, crds).isPresent();
      String base = "/" + groupVersion + (namespaced ? "/namespaces/{namespace}/" : "/") + plural;
      paths.set(base, collectionPath(gvk, schemaName, namespaced));
      paths.set(base + "/{name}", itemPath(gvk, schemaName, namespaced, custom));
    }
    return document;
  }

  private Optional<ObjectNode> schema(String group, String version, String kind, List<CustomResourceDefinition> crds,
      ObjectNode schemas) {
    for (CustomResourceDefinition crd : crds) {
      if (!crd.getSpec().getGroup().equals(group) || !crd.getSpec().getNames().getKind().equals(kind)) {
        continue;
      }
      for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
        if (v.getName().equals(version) && v.getSchema() != null && v.getSchema().getOpenAPIV3Schema() != null) {
          ObjectNode schema = (ObjectNode) Store.JSON.valueToTree(v.getSchema().getOpenAPIV3Schema());
          ObjectNode properties = schema.with("properties");
          properties.putIfAbsent("apiVersion", NODES.objectNode().put("type", "string").put("description",
              "APIVersion defines the versioned schema of this representation of an object."));
          properties.putIfAbsent("kind", NODES.objectNode().put("type", "string").put("description",
              "Kind is a string value representing the REST resource this object represents."));
          ObjectNode metadata = NODES.objectNode();
          metadata.putArray("allOf").add(ModelSchemas.ref(io.fabric8.kubernetes.api.model.ObjectMeta.class, schemas));
          metadata.put("description", "Standard object's metadata. More info: https://git.k8s.io/community/"
              + "contributors/devel/sig-architecture/api-conventions.md#metadata");
          properties.set("metadata", metadata);
          schema.put("type", "object");
          return Optional.of(schema);
        }
      }
      return Optional.empty();
    }
    return ModelSchemas.forKind(group, version, kind, schemas);
  }

  private static Optional<CustomResourceDefinitionVersion> customVersion(String group, String version, String plural,
      List<CustomResourceDefinition> crds) {
    for (CustomResourceDefinition crd : crds) {
      if (crd.getSpec().getGroup().equals(group) && crd.getSpec().getNames().getPlural().equals(plural)) {
        return crd.getSpec().getVersions().stream().filter(v -> v.getName().equals(version)).findFirst();
      }
    }
    return Optional.empty();
  }

  static String schemaName(String group, String version, String kind) {
    if (group.isEmpty()) {
      return "io.k8s.api.core." + version + "." + kind;
    }
    String[] parts = group.split("\\.");
    StringBuilder reversed = new StringBuilder();
    for (int i = parts.length - 1; i >= 0; i--) {
      reversed.append(parts[i]).append('.');
    }
    return reversed + version + "." + kind;
  }

  private static ObjectNode collectionPath(ObjectNode gvk, String schemaName, boolean namespaced) {
    ObjectNode path = NODES.objectNode();
    path.set("post", operation("create", gvk, schemaName, List.of("application/json", "application/yaml"), true));
    path.set("get", operation("list", gvk, schemaName, List.of(), false));
    if (namespaced) {
      path.putArray("parameters").add(parameter("namespace", "path", "object name and auth scope"));
    }
    return path;
  }

  private static ObjectNode itemPath(ObjectNode gvk, String schemaName, boolean namespaced, boolean custom) {
    ObjectNode path = NODES.objectNode();
    path.set("get", operation("get", gvk, schemaName, List.of(), false));
    path.set("put", operation("put", gvk, schemaName, List.of("application/json", "application/yaml"), true));
    List<String> patchTypes = custom ? List.of(KubectlApi.JSON_PATCH, KubectlApi.MERGE_PATCH)
        : List.of(KubectlApi.JSON_PATCH, KubectlApi.MERGE_PATCH, KubectlApi.STRATEGIC_MERGE_PATCH);
    path.set("patch", operation("patch", gvk, schemaName, patchTypes, true));
    path.set("delete", operation("delete", gvk, schemaName, List.of(), false));
    ArrayNode parameters = path.putArray("parameters");
    parameters.add(parameter("name", "path", "name of the " + gvk.path("kind").asText()));
    if (namespaced) {
      parameters.add(parameter("namespace", "path", "object name and auth scope"));
    }
    return path;
  }

  private static ObjectNode operation(String action, ObjectNode gvk, String schemaName, List<String> bodyTypes,
      boolean validates) {
    ObjectNode operation = NODES.objectNode();
    operation.put("operationId", action + gvk.path("kind").asText());
    operation.put("x-kubernetes-action", action);
    operation.set("x-kubernetes-group-version-kind", gvk.deepCopy());
    ArrayNode parameters = operation.putArray("parameters");
    if (validates) {
      parameters.add(parameter("dryRun", "query", "When present, indicates that modifications should not be"
          + " persisted."));
      parameters.add(parameter("fieldManager", "query", "fieldManager is a name associated with the actor or entity"
          + " that is making these changes."));
      parameters.add(parameter("fieldValidation", "query", "fieldValidation instructs the server on how to handle"
          + " objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn"
          + " (the default) and Strict."));
    }
    if (!bodyTypes.isEmpty()) {
      ObjectNode content = operation.putObject("requestBody").putObject("content");
      for (String type : bodyTypes) {
        content.putObject(type).putObject("schema").put("$ref", "#/components/schemas/" + schemaName);
      }
    }
    operation.putObject("responses").putObject("200").put("description", "OK").putObject("content")
        .putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/" + schemaName);
    return operation;
  }

  private static ObjectNode parameter(String name, String in, String description) {
    ObjectNode parameter = NODES.objectNode();
    parameter.put("name", name);
    parameter.put("in", in);
    parameter.put("description", description);
    if (in.equals("path")) {
      parameter.put("required", true);
    }
    parameter.putObject("schema").put("type", "string").put("uniqueItems", true);
    return parameter;
  }

  /** A Swagger 2.0 document of every group version: definitions from the v3 schemas, no paths. */
  private ObjectNode v2(List<CustomResourceDefinition> crds) {
    ObjectNode document = NODES.objectNode();
    document.put("swagger", "2.0");
    document.putObject("info").put("title", "Kubernetes").put("version", gitVersion);
    document.putObject("paths");
    ObjectNode definitions = document.putObject("definitions");
    Map<String, JsonNode> all = new LinkedHashMap<>();
    for (String groupVersion : groupVersions(crds)) {
      document(groupVersion, crds).path("components").path("schemas").fields()
          .forEachRemaining(e -> all.put(e.getKey(), e.getValue()));
    }
    all.forEach((name, schema) -> definitions.set(name, Store.read(Store.write(schema)
        .replace("#/components/schemas/", "#/definitions/"), JsonNode.class)));
    return document;
  }

  private static String hash(String content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-512").digest(content.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().withUpperCase().formatHex(digest).substring(0, 128);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
