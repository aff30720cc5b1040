package io.cutover.rbac;

import io.cutover.rbac.RbacObjects.Kind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.stream.Stream;

/**
 * One cluster's RBAC objects, kept current by whoever sees them change (the cluster adapter's informers) and indexed
 * so that an evaluation for one identity reads only the bindings that name one of its subjects (its ServiceAccount,
 * its username, its groups) and the roles they refer to, not every binding of the cluster ({@link
 * EffectiveRules#grantsFor}). A change costs a few persistent-map updates; {@link #snapshot()} costs nothing and
 * stays as it was while the index changes on.
 *
 * <p>Objects are keyed per kind as fabric8's informers key them ({@link #key}). Writers are serialized; readers
 * never wait.
 */
public final class RbacIndex {
  private volatile RbacObjects objects = RbacObjects.EMPTY;

  /** {@code namespace/name}, or {@code name} for an object without a namespace (fabric8's informer key). */
  public static String key(HasMetadata object) {
    return RbacObjects.key(object);
  }

  /**
   * Stores a Role, ClusterRole, RoleBinding or ClusterRoleBinding in the place of the one of its kind and key (which
   * is returned), or last.
   */
  public synchronized HasMetadata put(HasMetadata object) {
    RbacObjects now = objects;
    HasMetadata old = now.get(Kind.of(object.getClass()), key(object));
    objects = now.with(object);
    return old;
  }

  /** Removes the object of this kind and key; returns it, or null if there was none. */
  public synchronized HasMetadata remove(Class<? extends HasMetadata> kind, String key) {
    RbacObjects now = objects;
    HasMetadata old = now.get(Kind.of(kind), key);
    objects = now.without(Kind.of(kind), key);
    return old;
  }

  public HasMetadata get(Class<? extends HasMetadata> kind, String key) {
    return objects.get(Kind.of(kind), key);
  }

  public int size(Class<? extends HasMetadata> kind) {
    return objects.size(Kind.of(kind));
  }

  public Stream<String> keys(Class<? extends HasMetadata> kind) {
    return objects.keys(Kind.of(kind));
  }

  public Stream<HasMetadata> values(Class<? extends HasMetadata> kind) {
    return objects.values(Kind.of(kind));
  }

  /** The objects as they are now; later changes do not show in it. */
  public RbacSnapshot snapshot() {
    return RbacSnapshot.of(objects);
  }
}
