package io.cutover.sandbox.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading a structural schema (a CRD version's {@code openAPIV3Schema} as JSON): what pruning, defaulting and
 * validation ask of each node.
 */
final class Schemas {

  private Schemas() {
  }

  static JsonNode property(JsonNode schema, String name) {
    JsonNode properties = schema == null ? null : schema.get("properties");
    return properties == null ? null : properties.get(name);
  }

  /** The schema of a map's values ({@code additionalProperties} as a schema), or null. */
  static JsonNode additional(JsonNode schema) {
    JsonNode additional = schema == null ? null : schema.get("additionalProperties");
    return additional != null && additional.isObject() ? additional : null;
  }

  /** The schema of field {@code name} of an object: its property, else the map's value schema, else null. */
  static JsonNode field(JsonNode schema, String name) {
    JsonNode property = property(schema, name);
    return property != null ? property : additional(schema);
  }

  static JsonNode items(JsonNode schema) {
    JsonNode items = schema == null ? null : schema.get("items");
    return items != null && items.isObject() ? items : null;
  }

  static boolean flag(JsonNode schema, String name) {
    return schema != null && schema.path(name).asBoolean(false);
  }

  static boolean preservesUnknown(JsonNode schema) {
    return flag(schema, "x-kubernetes-preserve-unknown-fields");
  }

  static boolean embedded(JsonNode schema) {
    return flag(schema, "x-kubernetes-embedded-resource");
  }

  static boolean intOrString(JsonNode schema) {
    return flag(schema, "x-kubernetes-int-or-string");
  }

  static boolean nullable(JsonNode schema) {
    return flag(schema, "nullable");
  }

  static String type(JsonNode schema) {
    return schema == null ? "" : schema.path("type").asText("");
  }

  static List<String> strings(JsonNode schema, String name) {
    List<String> out = new ArrayList<>();
    if (schema != null && schema.get(name) != null) {
      schema.get(name).forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  /** Visits one field of an object: its value, the old value at the same place (or null), its schema, its path. */
  interface FieldVisitor {
    void visit(JsonNode value, JsonNode old, JsonNode schema, FieldPath path);
  }

  /**
   * Each field of an object that the schema declares (a property, or a map value under {@code additionalProperties}),
   * with the old object's field of the same name.
   */
  static void fields(JsonNode object, JsonNode old, JsonNode schema, FieldPath path, FieldVisitor visitor) {
    JsonNode additional = additional(schema);
    object.fields().forEachRemaining(field -> {
      JsonNode property = property(schema, field.getKey());
      JsonNode oldField = old != null && old.isObject() ? old.get(field.getKey()) : null;
      if (property != null) {
        visitor.visit(field.getValue(), oldField, property, path.child(field.getKey()));
      } else if (additional != null) {
        visitor.visit(field.getValue(), oldField, additional, path.key(field.getKey()));
      }
    });
  }

  /** A null the schema does not allow (isNonNullableNull): pruned, or replaced by the default when there is one. */
  static boolean nonNullableNull(JsonNode value, JsonNode schema) {
    return value != null && value.isNull() && schema != null && !nullable(schema);
  }
}
