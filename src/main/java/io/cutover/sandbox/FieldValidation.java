package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Server-side field validation ({@code ?fieldValidation=Ignore|Warn|Strict}, Warn when absent) as kube-apiserver does
 * it on create, update and patch: fields the kind's schema does not declare are {@code unknown field "spec.x"};
 * under Strict the write fails with 400 BadRequest ({@code strict decoding error: ...}), under Warn it goes through
 * with a {@code Warning} header per field, under Ignore nothing is said.
 *
 * <p>A field is unknown when its object schema lists {@code properties} without it and neither
 * {@code additionalProperties} nor {@code x-kubernetes-preserve-unknown-fields} allows it, or when an object schema
 * declares no fields at all (structural schemas prune such fields).
 */
final class FieldValidation {

  enum Directive { IGNORE, WARN, STRICT }

  private FieldValidation() {
  }

  /** The directive of a query value; null for an invalid one. */
  static Directive directive(String value) {
    if (value == null || value.isEmpty()) {
      return Directive.WARN;
    }
    return switch (value) {
      case "Ignore" -> Directive.IGNORE;
      case "Warn" -> Directive.WARN;
      case "Strict" -> Directive.STRICT;
      default -> null;
    };
  }

  /** The unknown fields of an object against a schema whose {@code $ref}s point into {@code components}. */
  static List<String> unknownFields(JsonNode object, JsonNode schema, JsonNode components) {
    List<String> unknown = new ArrayList<>();
    walk(object, schema, components, "", unknown, false);
    return unknown;
  }

  /**
   * Removes from {@code object} the fields {@link #unknownFields} names, as kube-apiserver drops them when it decodes
   * a built-in kind into its Go type; returns their paths.
   */
  static List<String> prune(JsonNode object, JsonNode schema, JsonNode components) {
    List<String> unknown = new ArrayList<>();
    walk(object, schema, components, "", unknown, true);
    return unknown;
  }

  private static void walk(JsonNode value, JsonNode schema, JsonNode components, String path, List<String> unknown,
      boolean remove) {
    JsonNode resolved = resolve(schema, components);
    if (resolved == null || value == null || value.isNull()
        || resolved.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return;
    }
    if (value.isObject()) {
      JsonNode properties = resolved.path("properties");
      JsonNode additional = resolved.get("additionalProperties");
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (properties.has(field.getKey())) {
          walk(field.getValue(), properties.get(field.getKey()), components, child, unknown, remove);
        } else if (additional != null && additional.isObject()) {
          walk(field.getValue(), additional, components, child, unknown, remove);
        } else if (additional == null || !additional.asBoolean(false)) {
          unknown.add(child);
          if (remove) {
            fields.remove();
          }
        }
      }
    } else if (value.isArray() && resolved.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        walk(value.get(i), resolved.get("items"), components, path + "[" + i + "]", unknown, remove);
      }
    }
  }

  private static JsonNode resolve(JsonNode schema, JsonNode components) {
    JsonNode current = schema;
    for (int depth = 0; current != null && depth < 10; depth++) {
      if (current.has("$ref")) {
        String ref = current.get("$ref").asText();
        current = components.get(ref.substring(ref.lastIndexOf('/') + 1));
      } else if (current.has("allOf") && !current.has("properties") && current.get("allOf").size() > 0) {
        current = current.get("allOf").get(0);
      } else {
        return current;
      }
    }
    return current;
  }
}
