package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The conditions kube-controller-manager's namespace controller sets on a terminating Namespace whose content is
 * still held by finalizers ({@code pkg/controller/namespace/deletion/status_condition_utils.go}): the three failure
 * conditions False with their "ok" reasons, {@code NamespaceContentRemaining} and {@code NamespaceFinalizersRemaining}
 * True, each listing what remains, sorted.
 */
final class NamespaceConditions {

  private NamespaceConditions() {
  }

  /**
   * @param remaining the namespace's objects (resource plural, JSON) still stored
   * @param now the time a condition that changes status takes as its lastTransitionTime
   */
  static List<NamespaceCondition> remaining(List<Map.Entry<String, String>> remaining, NamespaceStatus previous,
      String now) {
    Map<String, Integer> byResource = new TreeMap<>();
    Map<String, Integer> byFinalizer = new TreeMap<>();
    for (Map.Entry<String, String> object : remaining) {
      JsonNode json = tree(object.getValue());
      String apiVersion = json.path("apiVersion").asText("v1");
      String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
      byResource.merge(object.getKey() + "." + group, 1, Integer::sum);
      json.path("metadata").path("finalizers").forEach(f -> byFinalizer.merge(f.asText(), 1, Integer::sum));
    }
    List<String> resources = new ArrayList<>();
    byResource.forEach((resource, n) -> resources.add(resource + " has " + n + " resource instances"));
    List<String> finalizers = new ArrayList<>();
    byFinalizer.forEach((finalizer, n) -> finalizers.add(finalizer + " in " + n + " resource instances"));
    List<NamespaceCondition> previousConditions = previous == null || previous.getConditions() == null ? List.of()
        : previous.getConditions();
    List<NamespaceCondition> conditions = new ArrayList<>();
    conditions.add(condition(previousConditions, now, "NamespaceDeletionDiscoveryFailure", "False",
        "ResourcesDiscovered", "All resources successfully discovered"));
    conditions.add(condition(previousConditions, now, "NamespaceDeletionGroupVersionParsingFailure", "False",
        "ParsedGroupVersions", "All legacy kube types successfully parsed"));
    conditions.add(condition(previousConditions, now, "NamespaceDeletionContentFailure", "False", "ContentDeleted",
        "All content successfully deleted, may be waiting on finalization"));
    conditions.add(condition(previousConditions, now, "NamespaceContentRemaining", "True", "SomeResourcesRemain",
        "Some resources are remaining: " + String.join(", ", resources)));
    conditions.add(finalizers.isEmpty()
        ? condition(previousConditions, now, "NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers",
            "All content-preserving finalizers finished")
        : condition(previousConditions, now, "NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain",
            "Some content in the namespace has finalizers remaining: " + String.join(", ", finalizers)));
    return conditions;
  }

  /** A condition keeps its lastTransitionTime while its status stays, as the controller's updater does. */
  private static NamespaceCondition condition(List<NamespaceCondition> previous, String now, String type,
      String status, String reason, String message) {
    String since = now;
    for (NamespaceCondition old : previous) {
      if (type.equals(old.getType()) && status.equals(old.getStatus())) {
        since = old.getLastTransitionTime();
      }
    }
    return new NamespaceCondition(since, message, reason, status, type);
  }

  private static JsonNode tree(String json) {
    try {
      return Store.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
