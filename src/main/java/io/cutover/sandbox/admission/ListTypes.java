package io.cutover.sandbox.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code x-kubernetes-list-type} invariants (apiextensions-apiserver's
 * {@code structurallisttype.ValidateListSetsAndMaps}): no item of a {@code set} twice, no two items of a {@code map}
 * with the same {@code x-kubernetes-list-map-keys} ({@code Duplicate value} at the later index).
 */
final class ListTypes {

  private ListTypes() {
  }

  static List<FieldError> validate(JsonNode object, JsonNode schema) {
    List<FieldError> errors = new ArrayList<>();
    walk(object, schema, FieldPath.ROOT, errors);
    return errors;
  }

  private static void walk(JsonNode value, JsonNode schema, FieldPath path, List<FieldError> errors) {
    if (value == null || schema == null) {
      return;
    }
    if (value.isArray()) {
      String listType = schema.path("x-kubernetes-list-type").asText("");
      List<String> keys = Schemas.strings(schema, "x-kubernetes-list-map-keys");
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < value.size(); i++) {
        JsonNode item = value.get(i);
        if (listType.equals("set") && !seen.add(canonical(item))) {
          errors.add(new FieldError(FieldError.Type.DUPLICATE, path.index(i).field(), FieldError.Value.of(item), ""));
        } else if (listType.equals("map") && item.isObject()) {
          ObjectNode key = JsonNodeFactory.instance.objectNode();
          keys.stream().sorted().forEach(k -> {
            if (item.has(k)) {
              key.set(k, item.get(k));
            }
          });
          if (!seen.add(canonical(key))) {
            errors.add(new FieldError(FieldError.Type.DUPLICATE, path.index(i).field(), FieldError.Value.of(key), ""));
          }
        }
        walk(item, Schemas.items(schema), path.index(i), errors);
      }
    } else if (value.isObject()) {
      Schemas.fields(value, null, schema, path, (v, o, s, p) -> walk(v, s, p, errors));
    }
  }

  private static String canonical(JsonNode node) {
    return node.isNumber() ? node.decimalValue().stripTrailingZeros().toPlainString() : node.toString();
  }
}
