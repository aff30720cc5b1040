package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Field selectors on lists as kube-apiserver evaluates them. The mock matches any {@code key=value} against its own
 * index, so a field it does not index (a Pod's {@code spec.serviceAccountName}) selects nothing, and one it cannot
 * parse (a Secret's {@code type=kubernetes.io/service-account-token}) is ignored. Here the selector is taken off the
 * request, the list is read unfiltered and filtered by the fields each kind really supports; any other field is a
 * 400, as on a real cluster. Watches are {@link HttpWatches}' (the name and namespace fields).
 */
final class FieldSelectors {
  /** Fields every kind supports. */
  private static final Set<String> COMMON = Set.of("metadata.name", "metadata.namespace");
  /** Extra fields per resource (kube-apiserver's field label conversion functions). */
  private static final Map<String, Set<String>> BY_RESOURCE = Map.of(
      "pods", Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
          "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"),
      "secrets", Set.of("type"),
      "namespaces", Set.of("status.phase"),
      "events", Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
          "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
          "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"));
  private static final Pattern LIST_PATH = Pattern.compile("/(?:api/v1|apis/[^/]+/[^/]+)(?:/namespaces/[^/]+)?/([a-z0-9]+)");
  private static final Pattern REQUIREMENT = Pattern.compile("^([^!=]+)(==|!=|=)(.*)$");

  private FieldSelectors() {}

  private record Requirement(String field, boolean equal, String value) {}

  /** The filtered list for a GET of a list with a field selector; empty when the request is not one. */
  static Optional<MockResponse> respond(RecordedRequest request, String path, String query,
      Function<RecordedRequest, MockResponse> storage) {
    Matcher list = LIST_PATH.matcher(path);
    if (query == null || !list.matches()) {
      return Optional.empty();
    }
    List<String> kept = new ArrayList<>();
    String selector = null;
    for (String param : query.split("&")) {
      String name = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
      if (name.equals("watch") && !param.endsWith("=false") && !param.endsWith("=0")) {
        return Optional.empty();
      }
      if (name.equals("fieldSelector")) {
        selector = URLDecoder.decode(param.substring(param.indexOf('=') + 1), StandardCharsets.UTF_8);
      } else {
        kept.add(param);
      }
    }
    if (selector == null || selector.isBlank()) {
      return Optional.empty();
    }
    String resource = list.group(1);
    List<Requirement> requirements = new ArrayList<>();
    for (String part : selector.split(",")) {
      Matcher m = REQUIREMENT.matcher(part.trim());
      if (!m.matches()) {
        return Optional.of(Responses.badRequest("invalid field selector: " + part));
      }
      String field = m.group(1).trim();
      if (!COMMON.contains(field) && !BY_RESOURCE.getOrDefault(resource, Set.of()).contains(field)) {
        return Optional.of(Responses.badRequest("field label not supported: " + field));
      }
      requirements.add(new Requirement(field, !m.group(2).equals("!="), m.group(3).trim()));
    }
    String unfiltered = path + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    MockResponse response = storage.apply(Store.request(HttpMethod.GET, unfiltered, null));
    if (response.code() != 200) {
      return Optional.of(response);
    }
    ObjectNode body = (ObjectNode) Store.read(Store.body(response), JsonNode.class);
    ArrayNode items = body.withArray("items");
    ArrayNode selected = body.arrayNode();
    items.forEach(item -> {
      if (requirements.stream().allMatch(r -> r.equal() == r.value().equals(field(item, r.field())))) {
        selected.add(item);
      }
    });
    body.set("items", selected);
    // kube-apiserver names the list by its kind (EventList): a typed client (kubectl describe's Event search) decodes
    // into that type and drops a plain "List" it cannot convert, which made describe print "Events: <none>".
    if (items.size() > 0 && "List".equals(body.path("kind").asText()) && items.get(0).hasNonNull("kind")) {
      body.put("kind", items.get(0).get("kind").asText() + "List");
      body.put("apiVersion", items.get(0).path("apiVersion").asText("v1"));
    }
    // ... and its items carry no apiVersion and kind of their own (the conformance probe events.v1-read-through-core).
    selected.forEach(item -> ((ObjectNode) item).remove(List.of("apiVersion", "kind")));
    return Optional.of(Responses.json(200, Store.write(body)));
  }

  /** A field's value as kube-apiserver's field set holds it: absent strings are "", booleans are "true"/"false". */
  private static String field(JsonNode object, String dotted) {
    JsonNode node = object;
    for (String part : dotted.split("\\.")) {
      node = node.path(part);
    }
    if (node.isMissingNode() || node.isNull()) {
      return dotted.equals("spec.hostNetwork") ? "false" : "";
    }
    return node.asText();
  }
}
