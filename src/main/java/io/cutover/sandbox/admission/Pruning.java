package io.cutover.sandbox.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What kube-apiserver drops from a custom resource before anything else (apiextensions-apiserver's
 * {@code structuralpruning.Prune}, then {@code PruneNonNullableNullsWithoutDefaults}): fields the schema does not
 * declare, unless {@code x-kubernetes-preserve-unknown-fields} keeps them; {@code apiVersion}, {@code kind} and
 * {@code metadata} of the object and of every {@code x-kubernetes-embedded-resource}; then the nulls of fields whose
 * schema is neither nullable nor defaulted.
 */
final class Pruning {

  private static final Set<String> TYPE_META = Set.of("apiVersion", "kind", "metadata");

  private Pruning() {
  }

  /** Prunes the object in place. */
  static void prune(ObjectNode object, JsonNode schema) {
    unknown(object, schema, true);
    nulls(object, schema);
  }

  private static void unknown(JsonNode value, JsonNode schema, boolean resourceRoot) {
    if (value == null || schema == null) {
      return;
    }
    if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      boolean keepMeta = resourceRoot || Schemas.embedded(schema);
      List<String> drop = new ArrayList<>();
      object.fieldNames().forEachRemaining(name -> {
        JsonNode field = Schemas.field(schema, name);
        if (keepMeta && name.equals("metadata")) {
          return; // ObjectMeta is the API server's, not the schema's to prune
        }
        if (field != null) {
          unknown(object.get(name), field, false);
        } else if (!(keepMeta && TYPE_META.contains(name)) && !Schemas.preservesUnknown(schema)) {
          drop.add(name);
        }
      });
      object.remove(drop);
    } else if (value.isArray()) {
      JsonNode items = Schemas.items(schema);
      value.forEach(item -> unknown(item, items, false));
    }
  }

  private static void nulls(JsonNode value, JsonNode schema) {
    if (value == null) {
      return;
    }
    if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      List<String> drop = new ArrayList<>();
      object.fields().forEachRemaining(field -> {
        JsonNode fieldSchema = Schemas.field(schema, field.getKey());
        if (Schemas.nonNullableNull(field.getValue(), fieldSchema) && fieldSchema.get("default") == null) {
          drop.add(field.getKey());
        } else {
          nulls(field.getValue(), fieldSchema);
        }
      });
      object.remove(drop);
    } else if (value.isArray()) {
      JsonNode items = Schemas.items(schema);
      value.forEach(item -> nulls(item, items));
    }
  }
}
