package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Direct reads and writes of the mock's object store (no HTTP round trip), as kube-apiserver's storage layer. */
final class Store {

  static final ObjectMapper JSON = Serialization.jsonMapper();

  private final IndexedCrudDispatcher crud;

  Store(IndexedCrudDispatcher crud) {
    this.crud = crud;
  }

  IndexedCrudDispatcher crud() {
    return crud;
  }

  /** Changes whenever an object of this resource in this namespace ({@code null}: any) is written or deleted. */
  long generation(String plural, String namespace) {
    return crud.generation(plural, namespace);
  }

  /** The object at an API path, e.g. {@code /api/v1/namespaces/ns/serviceaccounts/name}. */
  <T> Optional<T> get(String path, Class<T> type) {
    MockResponse response = crud.handleGet(path);
    if (response.code() != 200) {
      return Optional.empty();
    }
    return Optional.of(read(body(response), type));
  }

  /** The items of a list at an API path, e.g. {@code /apis/rbac.authorization.k8s.io/v1/clusterroles}. */
  <T> List<T> list(String path, Class<T> itemType) {
    MockResponse response = crud.handleGet(path);
    List<T> items = new ArrayList<>();
    if (response.code() != 200) {
      return items;
    }
    try {
      JsonNode items0 = JSON.readTree(body(response)).path("items");
      for (JsonNode item : items0) {
        items.add(JSON.treeToValue(item, itemType));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return items;
  }

  /** The items of a list at an API path as JSON trees, unfiltered. */
  List<JsonNode> listJson(String path) {
    MockResponse response = crud.handleGet(path);
    List<JsonNode> items = new ArrayList<>();
    if (response.code() != 200) {
      return items;
    }
    try {
      JSON.readTree(body(response)).path("items").forEach(items::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return items;
  }

  /** Creates an object in the collection at this path, e.g. {@code /api/v1/namespaces/ns/serviceaccounts}. */
  MockResponse create(String collectionPath, Object object) {
    return crud.handleCreate(request(HttpMethod.POST, collectionPath, write(object)));
  }

  MockResponse update(String path, Object object) {
    return crud.handleUpdate(request(HttpMethod.PUT, path, write(object)));
  }

  /**
   * Writes {@code change} of the stored object at this path as kube-apiserver's own storage would, also when it is
   * marked for deletion without finalizers (see {@link IndexedCrudDispatcher#rewrite}). The stored object, if any.
   */
  <T> Optional<T> rewrite(String path, Class<T> type, java.util.function.UnaryOperator<T> change) {
    return crud.rewrite(path, json -> write(change.apply(read(json, type)))).map(json -> read(json, type));
  }

  MockResponse delete(String path) {
    return crud.handleDelete(path);
  }

  static RecordedRequest request(HttpMethod method, String path, String body) {
    Headers headers = Headers.builder().add("Content-Type", "application/json").build();
    return new RecordedRequest(method.name() + " " + path + " HTTP/1.1", method, path, headers,
        new Buffer().writeUtf8(body == null ? "" : body));
  }

  static String body(MockResponse response) {
    Buffer body = response.getBody();
    return body == null ? "" : new String(body.getBytes(), java.nio.charset.StandardCharsets.UTF_8);
  }

  static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String write(Object object) {
    try {
      return JSON.writeValueAsString(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
