package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * An object this migration creates: recorded as an intent (no UID) in a status write made while nothing of that name
 * existed, then with the UID the API server gave it. Rollback and cleanup delete only what is recorded here.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CreatedObject(
    @JsonPropertyDescription("source or target.") String cluster,
    @JsonPropertyDescription("Kind, e.g. RoleBinding.") String kind,
    @JsonPropertyDescription("Namespace; empty for cluster-scoped objects.") String namespace,
    @JsonPropertyDescription("Name.") String name,
    @JsonPropertyDescription("UID of the object the migration created; empty while only intended (or deleted by the migration).") String uid) {

  public static final String SOURCE = "source";
  public static final String TARGET = "target";

  public boolean names(String cluster, String kind, String namespace, String name) {
    return this.cluster.equals(cluster) && this.kind.equals(kind) && this.name.equals(name)
        && Objects.equals(blank(this.namespace), blank(namespace));
  }

  public CreatedObject withUid(String uid) {
    return new CreatedObject(cluster, kind, namespace, name, uid);
  }

  private static String blank(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
