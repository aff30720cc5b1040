package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.Optional;

/**
 * DeleteOptions preconditions ({@code uid}, {@code resourceVersion}) as kube-apiserver enforces them: a delete of an
 * object that no longer matches is a 409 Conflict, and nothing is deleted. The mock ignores them.
 */
final class DeletePreconditions {
  private DeletePreconditions() {}

  /** A 409 when the body's preconditions do not match the stored object; empty to let the delete proceed. */
  static Optional<MockResponse> check(String path, String body, Store store) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    JsonNode preconditions;
    try {
      preconditions = Store.read(body, JsonNode.class).path("preconditions");
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (preconditions.isMissingNode() || preconditions.isNull()) {
      return Optional.empty();
    }
    Optional<JsonNode> stored = store.get(path, JsonNode.class);
    if (stored.isEmpty()) {
      return Optional.empty(); // the mock answers 404
    }
    JsonNode metadata = stored.get().path("metadata");
    String name = metadata.path("name").asText();
    String resource = path.substring(0, path.lastIndexOf('/'));
    resource = resource.substring(resource.lastIndexOf('/') + 1);
    for (String field : new String[] {"uid", "resourceVersion"}) {
      String wanted = preconditions.path(field).asText("");
      String actual = metadata.path(field).asText("");
      if (!wanted.isEmpty() && !wanted.equals(actual)) {
        String label = field.equals("uid") ? "UID" : "ResourceVersion";
        return Optional.of(Responses.failure(409, "Conflict", "Operation cannot be fulfilled on " + resource + " \""
            + name + "\": the " + label + " in the precondition (" + wanted + ") does not match the " + label
            + " in record (" + actual + "). The object might have been deleted and then recreated", "", resource, name,
            null));
      }
    }
    return Optional.empty();
  }
}
