package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The index answers exactly as the mock's scan: the same random sequence of creates, updates, JSON and merge
 * patches, deletes (one object, or a collection by label selector; with and without finalizers), gets and lists
 * (one namespace, all namespaces, label selectors) goes to fabric8's own {@link KubernetesCrudDispatcher} and to
 * {@link IndexedCrudDispatcher} (both telling their {@link WatchEvents} of changes, which gives each deletion a
 * resourceVersion of its own); every answer must be the same code and the same body (items in the same order),
 * apart from what is random or clock-made (uid, timestamps) and the list's resourceVersion, which the index takes
 * from the last change on purpose. After every step the index must hold exactly the store's keys.
 */
class IndexedCrudDispatcherTest {

  private static final int STEPS = 2500;
  private static final String[] NAMESPACES = {"alpha", "beta", "gamma"};
  private static final String[] NAMES = {"one", "two", "three", "four"};
  private static final String[] APPS = {"a", "b"};
  /** Collection path prefix (before the namespace part), resource, kind, apiVersion, namespaced. */
  private static final String[][] RESOURCES = {
      {"/api/v1", "pods", "Pod", "v1", "true"},
      {"/api/v1", "secrets", "Secret", "v1", "true"},
      {"/apis/rbac.authorization.k8s.io/v1", "roles", "Role", "rbac.authorization.k8s.io/v1", "true"},
      {"/apis/rbac.authorization.k8s.io/v1", "clusterroles", "ClusterRole", "rbac.authorization.k8s.io/v1", "false"},
  };

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void answersAsTheMocksScanDoes(long seed) throws Exception {
    Random random = new Random(seed);
    KubernetesCrudDispatcher reference = new ScanningDispatcher(new WatchEvents());
    IndexedCrudDispatcher indexed = new IndexedCrudDispatcher(new WatchEvents());
    int listsWithItems = 0;
    int deletesThatRemoved = 0;
    for (int step = 0; step < STEPS; step++) {
      RecordedRequest request = randomRequest(random);
      RecordedRequest same = copy(request);
      MockResponse expected = reference.dispatch(request);
      MockResponse actual = indexed.dispatch(same);
      String what = "seed " + seed + " step " + step + ": " + request.method() + " " + request.getPath();
      assertThat(actual.code()).as(what).isEqualTo(expected.code());
      JsonNode expectedBody = normalized(expected);
      assertThat(normalized(actual)).as(what).isEqualTo(expectedBody);
      assertThat(indexed.indexMatchesStore()).as(what).isTrue();
      if (expectedBody != null && expectedBody.path("items").size() > 0) {
        listsWithItems++;
      }
      if (request.method() == HttpMethod.DELETE && expected.code() == 200) {
        deletesThatRemoved++;
      }
    }
    // The sequence exercised what it claims to (not only empty lists and 404s).
    assertThat(listsWithItems).isGreaterThan(STEPS / 20);
    assertThat(deletesThatRemoved).isGreaterThan(STEPS / 50);
  }

  /** The sandbox's store before the index: the mock's scan, telling WatchEvents of every change. */
  private static final class ScanningDispatcher extends KubernetesCrudDispatcher {
    private final WatchEvents events;

    ScanningDispatcher(WatchEvents events) {
      super(List.of());
      this.events = events;
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
        GenericKubernetesResource resource, String newState) {
      String oldState = oldAttributes == null ? null : map.get(oldAttributes);
      super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
      if (!java.util.Objects.equals(oldState, newState)) {
        events.publish(oldState, newState, this::requestResourceVersion);
      }
    }
  }

  private static RecordedRequest randomRequest(Random random) {
    String[] resource = RESOURCES[random.nextInt(RESOURCES.length)];
    boolean namespaced = Boolean.parseBoolean(resource[4]);
    String namespace = NAMESPACES[random.nextInt(NAMESPACES.length)];
    String name = NAMES[random.nextInt(NAMES.length)];
    String collection = resource[0] + (namespaced ? "/namespaces/" + namespace : "") + "/" + resource[1];
    String selector = switch (random.nextInt(5)) {
      case 0 -> "app%3Da";
      case 1 -> "app%21%3Db";
      case 2 -> "app";
      case 3 -> "%21app";
      default -> "app%3Da%2Ctier%3Dweb";
    };
    return switch (random.nextInt(11)) {
      case 0, 1, 2 -> request(HttpMethod.POST, collection, "application/json", object(random, resource, namespace, name));
      case 3 -> request(HttpMethod.PUT, collection + "/" + name, "application/json",
          object(random, resource, namespace, name));
      case 4 -> request(HttpMethod.PATCH, collection + "/" + name, "application/json-patch+json",
          "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"app\":\"" + APPS[random.nextInt(2)] + "\"}}]");
      case 5 -> request(HttpMethod.PATCH, collection + "/" + name, "application/merge-patch+json",
          "{\"metadata\":{\"finalizers\":null,\"labels\":{\"tier\":\"web\"}}}");
      case 6 -> request(HttpMethod.DELETE, collection + "/" + name, null, null);
      case 7 -> request(HttpMethod.DELETE, collection + "?labelSelector=" + selector, null, null);
      case 8 -> request(HttpMethod.GET, collection + "/" + name, null, null);
      case 9 -> request(HttpMethod.GET, random.nextBoolean() ? collection
          : resource[0] + "/" + resource[1], null, null);
      default -> request(HttpMethod.GET, (random.nextBoolean() ? collection : resource[0] + "/" + resource[1])
          + "?labelSelector=" + selector, null, null);
    };
  }

  private static String object(Random random, String[] resource, String namespace, String name) {
    ObjectNode object = Store.JSON.createObjectNode();
    object.put("apiVersion", resource[3]).put("kind", resource[2]);
    ObjectNode metadata = object.putObject("metadata").put("name", name);
    if (Boolean.parseBoolean(resource[4])) {
      metadata.put("namespace", namespace);
    }
    if (random.nextInt(3) > 0) {
      ObjectNode labels = metadata.putObject("labels").put("app", APPS[random.nextInt(2)]);
      if (random.nextBoolean()) {
        labels.put("tier", "web");
      }
    }
    if (random.nextInt(4) == 0) {
      metadata.putArray("finalizers").add("example.com/hold");
    }
    if (resource[1].equals("secrets")) {
      object.putObject("data").put("k", "djE=");
    }
    return object.toString();
  }

  private static RecordedRequest request(HttpMethod method, String path, String contentType, String body) {
    Headers.Builder headers = Headers.builder();
    if (contentType != null) {
      headers.add("Content-Type", contentType);
    }
    return new RecordedRequest(method.name() + " " + path + " HTTP/1.1", method, path, headers.build(),
        new Buffer().writeUtf8(body == null ? "" : body));
  }

  /** The mocks read the body once: each gets its own copy. */
  private static RecordedRequest copy(RecordedRequest request) {
    return new RecordedRequest(request.getRequestLine(), request.method(), request.getPath(), request.getHeaders(),
        new Buffer(request.getBody().getBytes()));
  }

  /** The body without what differs by chance (uid, timestamps) or by design (a list's resourceVersion). */
  private static JsonNode normalized(MockResponse response) throws Exception {
    String body = Store.body(response);
    if (body.isEmpty()) {
      return null;
    }
    JsonNode node = Store.JSON.readTree(body);
    if (node.has("items")) {
      ((ObjectNode) node.path("metadata")).remove("resourceVersion");
      List<JsonNode> items = new ArrayList<>();
      node.path("items").forEach(items::add);
      ArrayNode cleaned = ((ObjectNode) node).putArray("items");
      items.forEach(item -> cleaned.add(withoutChance(item)));
      return node;
    }
    return withoutChance(node);
  }

  private static JsonNode withoutChance(JsonNode object) {
    if (object.path("metadata") instanceof ObjectNode metadata) {
      boolean marked = metadata.has("deletionTimestamp");
      metadata.remove(List.of("uid", "creationTimestamp", "deletionTimestamp"));
      metadata.put("markedForDeletion", marked);
    }
    return object;
  }
}
