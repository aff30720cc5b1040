package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.sandbox.discovery.ApiDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.List;
import java.util.Optional;

/**
 * A request path resolved against API discovery: {@code /api/v1[/namespaces/{ns}]/{plural}[/{name}]} or
 * {@code /apis/{group}/{version}[/namespaces/{ns}]/{plural}[/{name}]}, with the kind and scope discovery lists for
 * the resource. Subresources are not resolved.
 */
record ApiResource(String group, String version, String plural, String kind, boolean namespaced, String namespace,
    String name) {

  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  boolean isList() {
    return name == null;
  }

  /** Whether an object (JSON) is of this resource and in its namespace (and, for one object, has its name). */
  boolean holds(JsonNode object) {
    if (object == null || !apiVersion().equals(object.path("apiVersion").asText())
        || !kind.equals(object.path("kind").asText())) {
      return false;
    }
    JsonNode metadata = object.path("metadata");
    if (namespace != null && !namespace.equals(metadata.path("namespace").asText())) {
      return false;
    }
    return name == null || name.equals(metadata.path("name").asText());
  }

  static Optional<ApiResource> resolve(String path, ApiDiscovery discovery, List<CustomResourceDefinition> crds) {
    String group;
    String version;
    String[] rest;
    if (path.startsWith("/api/v1/")) {
      group = "";
      version = "v1";
      rest = path.substring("/api/v1/".length()).split("/");
    } else if (path.startsWith("/apis/")) {
      String[] segments = path.substring("/apis/".length()).split("/");
      if (segments.length < 3) {
        return Optional.empty();
      }
      group = segments[0];
      version = segments[1];
      rest = java.util.Arrays.copyOfRange(segments, 2, segments.length);
    } else {
      return Optional.empty();
    }
    Optional<String> document = discovery.respondCached(group.isEmpty() ? "/api/v1" : "/apis/" + group + "/" + version, crds);
    if (document.isEmpty()) {
      return Optional.empty();
    }
    JsonNode resources = Store.read(document.get(), JsonNode.class).path("resources");
    if (rest.length >= 3 && rest[0].equals("namespaces") && rest.length <= 4) {
      Optional<JsonNode> found = find(resources, rest[2]);
      if (found.isPresent() && found.get().path("namespaced").asBoolean()) {
        return Optional.of(new ApiResource(group, version, rest[2], found.get().path("kind").asText(), true, rest[1],
            rest.length == 4 ? rest[3] : null));
      }
      if (rest.length == 4) {
        return Optional.empty();
      }
    }
    if (rest.length == 1 || rest.length == 2) {
      Optional<JsonNode> found = find(resources, rest[0]);
      if (found.isPresent() && (rest.length == 1 || !found.get().path("namespaced").asBoolean())) {
        return Optional.of(new ApiResource(group, version, rest[0], found.get().path("kind").asText(),
            found.get().path("namespaced").asBoolean(), null, rest.length == 2 ? rest[1] : null));
      }
    }
    return Optional.empty();
  }

  private static Optional<JsonNode> find(JsonNode resources, String plural) {
    for (JsonNode resource : resources) {
      if (resource.path("name").asText().equals(plural)) {
        return Optional.of(resource);
      }
    }
    return Optional.empty();
  }
}
