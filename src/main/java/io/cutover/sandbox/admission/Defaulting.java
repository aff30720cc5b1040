package io.cutover.sandbox.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Schema defaults as apiextensions-apiserver's {@code structuraldefaulting.Default} applies them after pruning: a
 * property that is absent, or null where the schema is not nullable, gets a copy of its default; then each field,
 * map value and list item is defaulted below (a null map value or item of a non-nullable defaulted schema too).
 */
final class Defaulting {

  private Defaulting() {
  }

  static void apply(JsonNode value, JsonNode schema) {
    if (value == null || schema == null) {
      return;
    }
    if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      JsonNode properties = schema.get("properties");
      if (properties != null) {
        properties.fields().forEachRemaining(property -> {
          JsonNode defaultValue = property.getValue().get("default");
          JsonNode current = object.get(property.getKey());
          if (defaultValue != null && (current == null || Schemas.nonNullableNull(current, property.getValue()))) {
            object.set(property.getKey(), defaultValue.deepCopy());
          }
        });
      }
      JsonNode additional = Schemas.additional(schema);
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode property = Schemas.property(schema, name);
        if (property != null) {
          apply(object.get(name), property);
        } else if (additional != null) {
          if (Schemas.nonNullableNull(object.get(name), additional) && additional.get("default") != null) {
            object.set(name, additional.get("default").deepCopy());
          }
          apply(object.get(name), additional);
        }
      }
    } else if (value.isArray()) {
      ArrayNode array = (ArrayNode) value;
      JsonNode items = Schemas.items(schema);
      for (int i = 0; i < array.size(); i++) {
        if (items != null && Schemas.nonNullableNull(array.get(i), items) && items.get("default") != null) {
          array.set(i, items.get("default").deepCopy());
        }
        apply(array.get(i), items);
      }
    }
  }
}
