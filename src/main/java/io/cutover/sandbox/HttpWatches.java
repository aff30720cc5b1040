package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.sandbox.discovery.ApiDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens watches over a streamed HTTP response ({@code GET ...?watch=true} or {@code watch=1} without a WebSocket upgrade, as
 * kubectl watches) and over a WebSocket (the fabric8 client's, {@link WebSocketWatch}), both from the same
 * {@link WatchEvents}; only a WebSocket watch of a path no served resource matches is left to the mock. Understands
 * {@code resourceVersion},
 * {@code timeoutSeconds}, {@code allowWatchBookmarks}, {@code labelSelector}, {@code fieldSelector} on
 * {@code metadata.name}/{@code metadata.namespace}, and a Table {@code Accept}, where each event's object is a Table
 * of one row, as kube-apiserver's watch encodes it for {@code kubectl get -w}.
 */
final class HttpWatches {

  /** kube-apiserver's --min-request-timeout: a watch without timeoutSeconds lasts this long. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1800);
  private static final Pattern FIELD = Pattern.compile("^\\s*(metadata\\.name|metadata\\.namespace)\\s*(==|!=|=)(.*)$");

  private final Store store;
  private final WatchEvents events;
  private final ApiDiscovery discovery;
  private final ServerTables tables;
  private volatile Duration bookmarkInterval = Duration.ofSeconds(60);

  HttpWatches(Store store, WatchEvents events, ApiDiscovery discovery, ServerTables tables) {
    this.store = store;
    this.events = events;
    this.discovery = discovery;
    this.tables = tables;
  }

  /** How often a watch that allows bookmarks gets one (kube-apiserver: about a minute); for tests. */
  void bookmarkInterval(Duration interval) {
    this.bookmarkInterval = interval;
  }

  static boolean isHttpWatch(RecordedRequest request, Map<String, String> query) {
    return isWatch(query) && !isWebSocketUpgrade(request);
  }

  static boolean isWebSocketWatch(RecordedRequest request, Map<String, String> query) {
    return isWatch(query) && isWebSocketUpgrade(request);
  }

  private static boolean isWatch(Map<String, String> query) {
    String watch = query.get("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  private static boolean isWebSocketUpgrade(RecordedRequest request) {
    String upgrade = request.getHeader("Upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  /** The answer to an HTTP watch request: a streaming response, or a failure Status. */
  MockResponse open(RecordedRequest request, String path, Map<String, String> query,
      Supplier<List<CustomResourceDefinition>> crds) {
    List<CustomResourceDefinition> definitions = crds.get();
    Optional<ApiResource> resolved = ApiResource.resolve(path, discovery, definitions);
    if (resolved.isEmpty()) {
      return Responses.failure(404, "NotFound", "the server could not find the requested resource", "", "", "", null);
    }
    return open(request, resolved.get(), query, definitions);
  }

  /**
   * The answer to a WebSocket watch request: the upgrade to a {@link WebSocketWatch}, or a failure Status (which the
   * client's handshake reports); empty when no served resource matches the path (the mock answers, as before).
   */
  Optional<MockResponse> openWebSocket(RecordedRequest request, String path, Map<String, String> query,
      Supplier<List<CustomResourceDefinition>> crds) {
    List<CustomResourceDefinition> definitions = crds.get();
    Optional<ApiResource> resolved = ApiResource.resolve(path, discovery, definitions);
    if (resolved.isEmpty()) {
      return Optional.empty();
    }
    MockResponse opened = open(request, resolved.get(), query, definitions);
    if (opened.getWebSocketListener() instanceof HttpWatch watch) {
      return Optional.of(new MockResponse().setResponseCode(200).withWebSocketUpgrade(new WebSocketWatch(watch)));
    }
    return Optional.of(opened);
  }

  private MockResponse open(RecordedRequest request, ApiResource resource, Map<String, String> query,
      List<CustomResourceDefinition> definitions) {
    String resourceVersion = query.getOrDefault("resourceVersion", "");
    if (!resourceVersion.isEmpty() && !resourceVersion.matches("[0-9]+")) {
      return Responses.failure(400, "BadRequest", "resourceVersion: Invalid value: \"" + resourceVersion
          + "\": must be a non-negative integer", "", "", "", null);
    }
    Duration timeout = DEFAULT_TIMEOUT;
    String timeoutSeconds = query.get("timeoutSeconds");
    if (timeoutSeconds != null && !timeoutSeconds.isEmpty()) {
      try {
        long seconds = Long.parseLong(timeoutSeconds);
        if (seconds > 0) {
          timeout = Duration.ofSeconds(seconds);
        }
      } catch (NumberFormatException e) {
        return Responses.badRequest("timeoutSeconds: Invalid value: \"" + timeoutSeconds + "\": not an integer");
      }
    }
    Predicate<JsonNode> selection;
    try {
      selection = selection(resource, query.get("labelSelector"), query.get("fieldSelector"));
    } catch (IllegalArgumentException e) {
      return Responses.badRequest(e.getMessage());
    }
    Function<JsonNode, JsonNode> encode = Function.identity();
    String contentType = "application/json";
    Optional<String> tableVersion = CustomResourceTables.negotiatedTableVersion(request.getHeader("Accept"));
    if (tableVersion.isPresent()) {
      Optional<CustomResourceTables.IncludeObject> include =
          CustomResourceTables.IncludeObject.parse(query.get("includeObject"));
      if (include.isEmpty()) {
        return Responses.badRequest("unrecognized includeObject value: \"" + query.get("includeObject") + "\"");
      }
      encode = object -> tables.table(resource, object, false, definitions, tableVersion.get(), include.get());
      contentType = "application/json;as=Table;v=" + tableVersion.get() + ";g=meta.k8s.io";
    }
    boolean bookmarks = "true".equals(query.get("allowWatchBookmarks"));
    String listPath = collectionPath(resource);
    HttpWatch watch = new HttpWatch(resource, selection, resourceVersion, timeout,
        bookmarks ? bookmarkInterval : null, encode, events, () -> store.listJson(listPath), contentType)
        .watchableFrom(definitions.stream().filter(crd -> crd.getSpec().getGroup().equals(resource.group())
            && crd.getSpec().getNames().getPlural().equals(resource.plural())).findFirst()
            .map(crd -> Long.parseLong(crd.getMetadata().getResourceVersion())).orElse(0L));
    return new MockResponse().setResponseCode(200).withWebSocketUpgrade(watch);
  }

  private static String collectionPath(ApiResource resource) {
    String base = resource.group().isEmpty() ? "/api/v1" : "/apis/" + resource.group() + "/" + resource.version();
    return base + (resource.namespace() == null ? "" : "/namespaces/" + resource.namespace()) + "/"
        + resource.plural();
  }

  static Predicate<JsonNode> selection(ApiResource resource, String labelSelector, String fieldSelector) {
    LabelSelector labels = LabelSelector.parse(labelSelector);
    List<Predicate<JsonNode>> fields = new ArrayList<>();
    if (fieldSelector != null && !fieldSelector.isBlank()) {
      for (String part : fieldSelector.split(",")) {
        Matcher m = FIELD.matcher(part);
        if (!m.matches()) {
          throw new IllegalArgumentException(part.contains("=") || part.contains("!")
              ? "field label not supported: " + part.split("[!=]")[0].trim()
              : "invalid field selector: " + part);
        }
        String field = m.group(1).equals("metadata.name") ? "name" : "namespace";
        boolean equal = !m.group(2).equals("!=");
        String value = m.group(3).trim();
        fields.add(object -> equal == value.equals(object.path("metadata").path(field).asText()));
      }
    }
    return object -> resource.holds(object)
        && labels.test(labels(object))
        && fields.stream().allMatch(f -> f.test(object));
  }

  private static Map<String, String> labels(JsonNode object) {
    Map<String, String> labels = new LinkedHashMap<>();
    object.path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  static Map<String, String> query(String fullPath) {
    Map<String, String> query = new LinkedHashMap<>();
    int mark = fullPath == null ? -1 : fullPath.indexOf('?');
    if (mark < 0) {
      return query;
    }
    for (String pair : fullPath.substring(mark + 1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.putIfAbsent(key, value);
    }
    return query;
  }
}
