package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A Kubernetes object by kind, namespace (empty for cluster-scoped) and name, and its uid where known. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ObjectRef(
    @JsonPropertyDescription("Kind, e.g. RoleBinding.") String kind,
    @JsonPropertyDescription("Namespace; empty for cluster-scoped objects.") String namespace,
    @JsonPropertyDescription("Name.") String name,
    @JsonPropertyDescription("UID, where known.") String uid) {

  public static ObjectRef of(String kind, String namespace, String name) {
    return new ObjectRef(kind, namespace, name, null);
  }

  @Override
  public String toString() {
    return kind + " " + (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + name;
  }
}
