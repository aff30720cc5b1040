package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}) of built-in objects, as
 * {@code k8s.io/apimachinery/pkg/util/strategicpatch} applies it with the patch strategies of the Go types' struct
 * tags. Maps merge key by key ({@code null} deletes a key); a list whose field is tagged
 * {@code patchStrategy:"merge"} merges by its {@code patchMergeKey} (a list of primitives merges as a set); any other
 * list is replaced whole. Directives: {@code $patch: replace|delete|merge} in a map or a merging list element,
 * {@code $retainKeys}, {@code $setElementOrder/<list>} and {@code $deleteFromPrimitiveList/<list>}.
 *
 * <p>The strategies known here are those of the kinds the sandbox serves (field paths from the kind's root, list
 * elements transparent): {@code metadata.ownerReferences} (merge on {@code uid}), {@code metadata.finalizers} (set
 * merge), ServiceAccount {@code secrets} (merge on {@code name}; {@code imagePullSecrets} has no strategy and is
 * replaced), Pod and pod template {@code containers}, {@code initContainers}, {@code volumes}, {@code env},
 * {@code volumeMounts}, {@code ports} and {@code imagePullSecrets}; Role {@code rules} and RoleBinding
 * {@code subjects} have no strategy in Kubernetes, so they are replaced whole.
 */
final class StrategicMergePatch {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Marker for a list strategy "merge" on a list of primitives (no merge key). */
  static final String SET_MERGE = "";

  private static final Map<String, String> COMMON = Map.of(
      "metadata.ownerReferences", "uid",
      "metadata.finalizers", SET_MERGE);
  private static final Map<String, String> POD_SPEC = Map.ofEntries(
      Map.entry("containers", "name"),
      Map.entry("initContainers", "name"),
      Map.entry("ephemeralContainers", "name"),
      Map.entry("volumes", "name"),
      Map.entry("imagePullSecrets", "name"),
      Map.entry("containers.env", "name"),
      Map.entry("containers.volumeMounts", "mountPath"),
      Map.entry("containers.ports", "containerPort"),
      Map.entry("initContainers.env", "name"),
      Map.entry("initContainers.volumeMounts", "mountPath"),
      Map.entry("initContainers.ports", "containerPort"),
      Map.entry("hostAliases", "ip"));

  private StrategicMergePatch() {
  }

  /** Thrown for a patch that strategicpatch rejects (a 422 on a real server). */
  static final class InvalidPatchException extends RuntimeException {
    InvalidPatchException(String message) {
      super(message);
    }
  }

  /** The merge key of a list field ({@link #SET_MERGE} for a set of primitives), empty when it is replaced. */
  static Optional<String> mergeKey(String group, String kind, String fieldPath) {
    String key = COMMON.get(fieldPath);
    if (key != null) {
      return Optional.of(key);
    }
    String qualified = group.isEmpty() ? kind : group + "/" + kind;
    String podSpecPath = switch (qualified) {
      case "Pod" -> strip(fieldPath, "spec.");
      case "apps/Deployment", "apps/ReplicaSet", "apps/StatefulSet", "apps/DaemonSet", "batch/Job" ->
          strip(fieldPath, "spec.template.spec.");
      default -> null;
    };
    if (podSpecPath != null) {
      String podKey = POD_SPEC.get(podSpecPath);
      if (podKey != null) {
        return Optional.of(podKey);
      }
    }
    if (qualified.equals("ServiceAccount") && fieldPath.equals("secrets")) {
      return Optional.of("name");
    }
    return Optional.empty();
  }

  private static String strip(String path, String prefix) {
    return path.startsWith(prefix) ? path.substring(prefix.length()) : null;
  }

  /** The patched object; the original is not changed. */
  static JsonNode apply(String group, String kind, JsonNode original, JsonNode patch) {
    if (!patch.isObject()) {
      throw new InvalidPatchException("unable to find api field in struct " + kind + " for the json field \"\"");
    }
    JsonNode merged = mergeMap(group, kind, "", original.isObject() ? (ObjectNode) original.deepCopy()
        : NODES.objectNode(), (ObjectNode) patch);
    return merged == null ? NODES.objectNode() : merged;
  }

  private static ObjectNode mergeMap(String group, String kind, String path, ObjectNode original, ObjectNode patch) {
    String directive = patch.path("$patch").asText("");
    if (directive.equals("replace")) {
      return withoutDirectives(patch);
    }
    if (directive.equals("delete")) {
      return null;
    }
    if (!directive.isEmpty() && !directive.equals("merge")) {
      throw new InvalidPatchException("Unknown patch type: " + directive);
    }
    List<String> orders = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (name.equals("$patch") || name.equals("$retainKeys")) {
        continue;
      }
      if (name.startsWith("$setElementOrder/")) {
        orders.add(name);
        continue;
      }
      if (name.startsWith("$deleteFromPrimitiveList/")) {
        String list = name.substring("$deleteFromPrimitiveList/".length());
        if (original.path(list).isArray()) {
          Set<JsonNode> remove = new HashSet<>();
          value.forEach(remove::add);
          ArrayNode kept = NODES.arrayNode();
          original.path(list).forEach(v -> {
            if (!remove.contains(v)) {
              kept.add(v);
            }
          });
          original.set(list, kept);
        }
        continue;
      }
      String childPath = path.isEmpty() ? name : path + "." + name;
      JsonNode current = original.get(name);
      if (value.isNull()) {
        original.remove(name);
      } else if (value.isObject()) {
        ObjectNode base = current != null && current.isObject() ? (ObjectNode) current : NODES.objectNode();
        ObjectNode merged = mergeMap(group, kind, childPath, base, (ObjectNode) value);
        if (merged == null) {
          original.remove(name);
        } else {
          original.set(name, merged);
        }
      } else if (value.isArray()) {
        Optional<String> key = mergeKey(group, kind, childPath);
        ArrayNode base = current != null && current.isArray() ? (ArrayNode) current : NODES.arrayNode();
        if (key.isEmpty()) {
          original.set(name, withoutDirectives((ArrayNode) value));
        } else if (key.get().equals(SET_MERGE)) {
          original.set(name, mergePrimitives(base, (ArrayNode) value));
        } else {
          original.set(name, mergeList(group, kind, childPath, key.get(), base, (ArrayNode) value));
        }
      } else {
        original.set(name, value.deepCopy());
      }
    }
    for (String order : orders) {
      String list = order.substring("$setElementOrder/".length());
      if (original.path(list).isArray()) {
        String childPath = path.isEmpty() ? list : path + "." + list;
        original.set(list, reorder((ArrayNode) original.get(list), (ArrayNode) patch.get(order),
            mergeKey(group, kind, childPath).orElse(SET_MERGE)));
      }
    }
    if (patch.has("$retainKeys")) {
      Set<String> retain = new HashSet<>();
      patch.get("$retainKeys").forEach(k -> retain.add(k.asText()));
      List<String> names = new ArrayList<>();
      original.fieldNames().forEachRemaining(names::add);
      names.stream().filter(n -> !retain.contains(n)).forEach(original::remove);
    }
    return original;
  }

  private static ArrayNode mergeList(String group, String kind, String path, String key, ArrayNode original,
      ArrayNode patch) {
    for (JsonNode element : patch) {
      if (element.isObject() && element.path("$patch").asText("").equals("replace") && element.size() == 1) {
        // {$patch: replace} as an element: the list becomes the patch's other elements.
        ArrayNode replaced = NODES.arrayNode();
        patch.forEach(e -> {
          if (!(e.isObject() && e.has("$patch"))) {
            replaced.add(withoutDirectives((ObjectNode) e));
          }
        });
        return replaced;
      }
    }
    ArrayNode merged = original.deepCopy();
    for (JsonNode element : patch) {
      if (!element.isObject()) {
        throw new InvalidPatchException("unable to merge a non-map element into a list merged on key " + key);
      }
      JsonNode keyValue = element.get(key);
      if (keyValue == null) {
        throw new InvalidPatchException("map: " + element + " does not contain declared merge key: " + key);
      }
      int index = indexOf(merged, key, keyValue);
      boolean delete = element.path("$patch").asText("").equals("delete");
      if (delete) {
        if (index >= 0) {
          merged.remove(index);
        }
      } else if (index >= 0) {
        ObjectNode result = mergeMap(group, kind, path, (ObjectNode) merged.get(index), (ObjectNode) element);
        if (result == null) {
          merged.remove(index);
        } else {
          merged.set(index, result);
        }
      } else {
        merged.add(withoutDirectives((ObjectNode) element));
      }
    }
    return merged;
  }

  private static ArrayNode mergePrimitives(ArrayNode original, ArrayNode patch) {
    Set<JsonNode> values = new LinkedHashSet<>();
    original.forEach(values::add);
    patch.forEach(values::add);
    ArrayNode merged = NODES.arrayNode();
    values.forEach(merged::add);
    return merged;
  }

  /** {@code $setElementOrder}: the listed elements first in that order, then any others in their order. */
  private static ArrayNode reorder(ArrayNode list, ArrayNode order, String key) {
    ArrayNode ordered = NODES.arrayNode();
    List<JsonNode> remaining = new ArrayList<>();
    list.forEach(remaining::add);
    for (JsonNode wanted : order) {
      JsonNode keyValue = key.equals(SET_MERGE) ? wanted : wanted.get(key);
      for (Iterator<JsonNode> it = remaining.iterator(); it.hasNext(); ) {
        JsonNode element = it.next();
        JsonNode elementKey = key.equals(SET_MERGE) ? element : element.get(key);
        if (keyValue != null && keyValue.equals(elementKey)) {
          ordered.add(element);
          it.remove();
          break;
        }
      }
    }
    remaining.forEach(ordered::add);
    return ordered;
  }

  private static int indexOf(ArrayNode list, String key, JsonNode value) {
    for (int i = 0; i < list.size(); i++) {
      if (value.equals(list.get(i).get(key))) {
        return i;
      }
    }
    return -1;
  }

  private static ObjectNode withoutDirectives(ObjectNode node) {
    ObjectNode copy = NODES.objectNode();
    node.fields().forEachRemaining(e -> {
      if (e.getKey().startsWith("$")) {
        return;
      }
      JsonNode value = e.getValue();
      copy.set(e.getKey(), value.isObject() ? withoutDirectives((ObjectNode) value)
          : value.isArray() ? withoutDirectives((ArrayNode) value) : value.deepCopy());
    });
    return copy;
  }

  private static ArrayNode withoutDirectives(ArrayNode node) {
    ArrayNode copy = NODES.arrayNode();
    node.forEach(e -> {
      if (!(e.isObject() && e.has("$patch") && e.size() == 1)) {
        copy.add(e.isObject() ? withoutDirectives((ObjectNode) e) : e.deepCopy());
      }
    });
    return copy;
  }
}
