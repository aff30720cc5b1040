package io.cutover.cluster;

import io.cutover.api.v1alpha1.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;

/**
 * The objects a migration writes, and the identity's objects it changes at cutover. Every write is idempotent:
 * creating what exists returns it, deleting what is gone reports false.
 */
public interface OwnedObjects {
  /** What a create found: the object the cluster holds, and whether this call created it (201, not 409). */
  record Held<T extends HasMetadata>(T object, boolean createdNow) {}

  /**
   * Creates the object unless one of that kind, namespace and name exists; returns what the cluster holds and whether
   * this call created it. Only a created object is known to be the caller's: an existing one may be anyone's, whatever
   * its labels say.
   */
  <T extends HasMetadata> Held<T> create(T object);

  /** Creates the object unless one of that kind, namespace and name exists; returns what the cluster holds. */
  default <T extends HasMetadata> T createIfAbsent(T object) {
    return create(object).object();
  }

  /** The object of that kind, namespace and name as the API server holds it now (a fresh read), if any. */
  Optional<HasMetadata> find(ObjectRef ref);

  /**
   * Deletes the object if it exists and, when {@code expectedUid} is given, still has that UID (so a re-created
   * object of the same name is never touched). Returns true if it deleted something.
   */
  boolean delete(ObjectRef ref, String expectedUid);

  /** Removes subjects naming the ServiceAccount from a (Cluster)RoleBinding; returns true if it changed the binding. */
  boolean removeServiceAccountSubject(ObjectRef binding, String saNamespace, String saName);

  /**
   * Sets annotations on a ServiceAccount if it exists and still has {@code expectedUid} (other annotations are kept).
   * Returns true if it changed the object.
   */
  boolean annotateServiceAccount(String namespace, String name, String expectedUid, Map<String, String> annotations);
}
