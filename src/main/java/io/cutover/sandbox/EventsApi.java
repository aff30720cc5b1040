package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * events.k8s.io/v1 as kube-apiserver serves it: one resource with core/v1 Events, stored once. The sandbox stores the
 * core/v1 form; an events.k8s.io request is answered from it through kube's field conversion ({@code regarding} is
 * {@code involvedObject}, {@code note} is {@code message}, {@code reportingController} is {@code reportingComponent},
 * the {@code deprecated*} fields are core's {@code source}, {@code firstTimestamp}, {@code lastTimestamp} and
 * {@code count}), so an Event written through either API is read through both, and core's field selectors (kubectl
 * describe's {@code involvedObject.*}) find events.k8s.io Events. Create, get, list, replace, patch (merge, strategic
 * merge, JSON patch) and delete; a create is validated as strictly as kube-apiserver validates it (eventTime, type,
 * no deprecated field). A WebSocket watch is left to the mock (it sees events.k8s.io writes only).
 */
final class EventsApi {
  static final String GROUP_VERSION = "events.k8s.io/v1";
  private static final Pattern PATH =
      Pattern.compile("^/apis/events\\.k8s\\.io/v1((?:/namespaces/[^/]+)?/events(?:/[^/]+)?)$");
  /** events.k8s.io/v1 field → core/v1 field; every other field has the same name in both. */
  private static final Map<String, String> TO_CORE = Map.of(
      "regarding", "involvedObject",
      "note", "message",
      "reportingController", "reportingComponent",
      "deprecatedSource", "source",
      "deprecatedFirstTimestamp", "firstTimestamp",
      "deprecatedLastTimestamp", "lastTimestamp",
      "deprecatedCount", "count");

  private EventsApi() {}

  /** The answer to an events.k8s.io/v1 request, routed through the core/v1 store; empty for any other request. */
  static Optional<MockResponse> answer(RecordedRequest request, String path, String query, String method,
      Function<RecordedRequest, MockResponse> route) {
    Matcher m = PATH.matcher(path);
    if (!m.matches() || (query != null && query.matches("(^|.*&)watch=(true|1)(&.*|$)"))) {
      return Optional.empty();
    }
    String core = "/api/v1" + m.group(1) + (query == null ? "" : "?" + query);
    String accept = request.getHeader("Accept") == null ? "" : request.getHeader("Accept");
    String body = request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    switch (method) {
      case "GET" -> {
        MockResponse response = route.apply(copy(request, "GET", core, ""));
        return Optional.of(accept.contains("as=Table") ? response : converted(response));
      }
      case "POST" -> {
        JsonNode event = read(body);
        Optional<MockResponse> invalid = validateCreate(event);
        if (invalid.isPresent()) {
          return invalid;
        }
        return Optional.of(converted(route.apply(copy(request, method, core, write(toCore(event))))));
      }
      case "PUT" -> {
        return Optional.of(converted(route.apply(copy(request, method, core, write(toCore(read(body)))))));
      }
      case "PATCH" -> {
        MockResponse current = route.apply(copy(request, "GET", core, ""));
        if (current.code() != 200) {
          return Optional.of(current);
        }
        JsonNode stored = toEventsV1(read(Store.body(current)));
        JsonNode patch = read(body);
        String type = request.getHeader("Content-Type") == null ? "" : request.getHeader("Content-Type");
        JsonNode patched;
        try {
          patched = type.startsWith("application/json-patch+json") ? JsonPatch.apply(stored, patch)
              : type.startsWith("application/strategic-merge-patch+json")
                  ? StrategicMergePatch.apply("events.k8s.io", "Event", stored, patch)
                  : JsonMergePatch.apply(stored, patch);
        } catch (RuntimeException e) {
          return Optional.of(Responses.badRequest("the patch could not be applied"));
        }
        String put = "/api/v1" + m.group(1);
        return Optional.of(converted(route.apply(copy(request, "PUT", put, write(toCore(patched))))));
      }
      case "DELETE" -> {
        return Optional.of(converted(route.apply(copy(request, "DELETE", core, body))));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  /**
   * kube-apiserver's strict validation of an events.k8s.io/v1 create ({@code ValidateEventCreate}): eventTime is
   * required, type is Normal or Warning, and the deprecated core fields must be unset (the first error only).
   */
  static Optional<MockResponse> validateCreate(JsonNode event) {
    String name = event.at("/metadata/name").asText("");
    if (event.path("eventTime").asText("").isEmpty()) {
      return Optional.of(Responses.invalid("events.k8s.io", "Event", name, "eventTime", "", "Required value"));
    }
    String type = event.path("type").asText("");
    if (!type.equals("Normal") && !type.equals("Warning")) {
      return Optional.of(Responses.invalid("events.k8s.io", "Event", name, "type", type,
          "has invalid value: " + type));
    }
    for (String deprecated : new String[] {"deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount",
        "deprecatedSource"}) {
      JsonNode value = event.path(deprecated);
      boolean set = !value.isMissingNode() && !value.isNull()
          && !(value.isObject() && value.path("component").asText("").isEmpty() && value.path("host").asText("").isEmpty())
          && !(value.isNumber() && value.asInt() == 0);
      if (set) {
        return Optional.of(Responses.invalid("events.k8s.io", "Event", name, deprecated, "", "needs to be unset"));
      }
    }
    return Optional.empty();
  }

  /** An events.k8s.io/v1 Event (or list) in its core/v1 form. */
  static JsonNode toCore(JsonNode event) {
    if (!(event instanceof ObjectNode object)) {
      return event;
    }
    ObjectNode core = object.objectNode();
    object.fields().forEachRemaining(e -> core.set(TO_CORE.getOrDefault(e.getKey(), e.getKey()), e.getValue()));
    core.put("apiVersion", "v1");
    core.put("kind", "Event");
    return core;
  }

  /** A core/v1 Event in its events.k8s.io/v1 form. */
  static JsonNode toEventsV1(JsonNode event) {
    if (!(event instanceof ObjectNode object)) {
      return event;
    }
    if (object.path("kind").asText().endsWith("List")) {
      ObjectNode list = object.deepCopy();
      list.put("apiVersion", GROUP_VERSION);
      list.put("kind", "EventList");
      ArrayNode items = list.putArray("items");
      object.path("items").forEach(item -> items.add(item instanceof ObjectNode o ? eventToV1(o) : item));
      return list;
    }
    if (!object.path("kind").asText().equals("Event")) {
      return object; // a Status
    }
    return eventToV1(object);
  }

  /** One Event (a list item may carry no kind, as kube-apiserver's do not). */
  private static ObjectNode eventToV1(ObjectNode object) {
    ObjectNode v1 = object.objectNode();
    object.fields().forEachRemaining(e -> v1.set(fromCore(e.getKey()), e.getValue()));
    v1.put("apiVersion", GROUP_VERSION);
    v1.put("kind", "Event");
    return v1;
  }

  private static String fromCore(String field) {
    return TO_CORE.entrySet().stream().filter(e -> e.getValue().equals(field)).map(Map.Entry::getKey).findFirst()
        .orElse(field);
  }

  private static MockResponse converted(MockResponse response) {
    if (response.code() >= 300) {
      return response;
    }
    String body = Store.body(response);
    if (body.isBlank()) {
      return response;
    }
    return response.setBody(write(toEventsV1(read(body))));
  }

  private static RecordedRequest copy(RecordedRequest request, String method, String path, String body) {
    return new RecordedRequest(method + " " + path + " HTTP/1.1", io.fabric8.mockwebserver.dsl.HttpMethod.valueOf(method),
        path, request.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
        new Buffer().writeUtf8(body));
  }

  private static JsonNode read(String json) {
    return Store.read(json.isBlank() ? "{}" : json, JsonNode.class);
  }

  private static String write(JsonNode node) {
    return Store.write(node);
  }
}
