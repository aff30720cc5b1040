package io.cutover.real;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.testing.RawHttp.Answer;
import java.util.ArrayList;
import java.util.List;

/**
 * Watch probes over HTTP ({@code ?watch=true}, a chunked body of JSON events that ends at {@code timeoutSeconds}):
 * the events after a resourceVersion, a BOOKMARK when asked for, and a resourceVersion too old (410 Expired).
 */
final class WatchProbes {
  private static final String SELECTED = "labelSelector=" + ObjectProbes.PROBE_LABEL.replace("/", "%2F") + "%3Dtrue";

  private WatchProbes() {}

  static List<ConformanceProbe> all() {
    return List.of(
        new ConformanceProbe("watch.from-resource-version", (t, o, ns) -> {
          t.namespace(ns);
          String collection = "/api/v1/namespaces/" + ns + "/configmaps";
          String a = ObjectProbes.configMap(t, ns, "a", false);
          String from = t.get(a).json().at("/metadata/resourceVersion").asText();
          ObjectProbes.configMap(t, ns, "b", false);
          ObjectNode change = ConformanceTarget.JSON.createObjectNode();
          change.putObject("data").put("k", "v2");
          t.mergePatch(a, change);
          t.delete(collection + "/b", null);
          Answer watch = t.get(collection + "?watch=true&timeoutSeconds=2&" + SELECTED + "&resourceVersion=" + from);
          o.put("code", watch.code()).put("events", events(watch));
        }),
        new ConformanceProbe("watch.bookmarks", (t, o, ns) -> {
          t.namespace(ns);
          String collection = "/api/v1/namespaces/" + ns + "/configmaps";
          String a = ObjectProbes.configMap(t, ns, "a", false);
          String from = t.get(a).json().at("/metadata/resourceVersion").asText();
          // Whether kube-apiserver's bookmark arrives within a short watch is not deterministic (seen both ways in
          // 8 s): compared are that none comes unasked, and the form of those that come.
          Answer unasked = t.get(collection + "?watch=true&timeoutSeconds=3&" + SELECTED + "&resourceVersion=" + from);
          o.put("unasked.code", unasked.code()).put("unasked.events", events(unasked));
          Answer watch = t.get(collection + "?watch=true&allowWatchBookmarks=true&timeoutSeconds=8&" + SELECTED
              + "&resourceVersion=" + from);
          List<String> events = events(watch);
          o.put("code", watch.code())
              .put("events other than BOOKMARK", events.stream().filter(e -> !e.equals("BOOKMARK")).toList())
              .put("every BOOKMARK is a ConfigMap with only a resourceVersion at or after the watch's", lines(watch)
                  .stream().filter(e -> e.path("type").asText().equals("BOOKMARK")).allMatch(e -> bookmark(e, from)));
        }),
        new ConformanceProbe("watch.too-old-resource-version", (t, o, ns) -> {
          t.namespace(ns);
          // kube-apiserver's watch cache of a kind starts at the kind's first list: for a CRD created after other
          // writes, resourceVersion 1 is before it
          Answer watch = t.get(ConformanceCrds.widgets(ns) + "?watch=true&timeoutSeconds=2&resourceVersion=1");
          o.put("code", watch.code());
          List<JsonNode> lines = lines(watch);
          o.put("events", lines.stream().map(e -> e.path("type").asText()).toList());
          JsonNode status = lines.isEmpty() ? watch.json() : lines.get(0).path("object");
          o.put("status.code", status.path("code").asInt()).put("status.reason", status.path("reason").asText());
        }));
  }

  private static boolean bookmark(JsonNode event, String from) {
    JsonNode object = event.path("object");
    String version = object.at("/metadata/resourceVersion").asText();
    return object.path("kind").asText().equals("ConfigMap") && version.matches("[0-9]+")
        && Long.parseLong(version) >= Long.parseLong(from) && !object.at("/metadata").has("name");
  }

  /** Each event as {@code TYPE name} (a BOOKMARK as {@code BOOKMARK}). */
  static List<String> events(Answer watch) {
    return lines(watch).stream().map(e -> e.path("type").asText().equals("BOOKMARK") ? "BOOKMARK"
        : e.path("type").asText() + " " + e.at("/object/metadata/name").asText()).toList();
  }

  static List<JsonNode> lines(Answer watch) {
    List<JsonNode> out = new ArrayList<>();
    if (watch.body() == null) {
      return out;
    }
    for (String line : watch.body().split("\n")) {
      if (!line.isBlank()) {
        try {
          out.add(ConformanceTarget.JSON.readTree(line));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
    return out;
  }
}
