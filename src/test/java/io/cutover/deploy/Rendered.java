package io.cutover.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** Kubernetes objects parsed from a multi-document YAML stream (helm template's output, deploy/ manifests), as maps. */
record Rendered(List<Map<String, Object>> objects) {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @SuppressWarnings("unchecked")
  static Rendered parse(String yaml) {
    List<Map<String, Object>> objects = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(yaml)) {
      var it = YAML.readValues(parser, Map.class);
      while (it.hasNext()) {
        Map<String, Object> doc = it.next();
        if (doc != null && !doc.isEmpty()) {
          objects.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Rendered(objects);
  }

  /** The same document with every number as a plain decimal string (kustomize writes 600.0 as 600). */
  @SuppressWarnings("unchecked")
  static Object normalized(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new java.util.TreeMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), normalized(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      return l.stream().map(Rendered::normalized).toList();
    }
    if (o instanceof Number n) {
      return new java.math.BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }
    return o;
  }

  Stream<Map<String, Object>> ofKind(String... kinds) {
    List<String> k = List.of(kinds);
    return objects.stream().filter(o -> k.contains(String.valueOf(o.get("kind"))));
  }

  Optional<Map<String, Object>> find(String kind, String name) {
    return ofKind(kind).filter(o -> name.equals(name(o))).findFirst();
  }

  Map<String, Object> get(String kind, String name) {
    return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " among " + names()));
  }

  List<String> names() {
    return objects.stream().map(o -> o.get("kind") + "/" + name(o)).toList();
  }

  static String name(Map<String, Object> o) {
    return String.valueOf(map(o, "metadata").get("name"));
  }

  static String namespace(Map<String, Object> o) {
    return (String) map(o, "metadata").get("namespace");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> o, String... path) {
    Map<String, Object> m = o;
    for (String p : path) {
      m = (Map<String, Object>) Objects.requireNonNull(m.get(p), () -> "missing " + p);
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> labels(Map<String, Object> o) {
    return (Map<String, String>) map(o, "metadata").getOrDefault("labels", Map.of());
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> annotations(Map<String, Object> o) {
    return (Map<String, String>) map(o, "metadata").getOrDefault("annotations", Map.of());
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Map<String, Object> o, String key) {
    return (List<Map<String, Object>>) o.getOrDefault(key, List.of());
  }

  @SuppressWarnings("unchecked")
  static List<String> strings(Map<String, Object> o, String key) {
    return (List<String>) o.getOrDefault(key, List.of());
  }
}
