package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.CreatedObject;
import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.Ownership;
import io.cutover.cluster.ClusterAccessException;
import io.cutover.cluster.ClusterPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code status.created}: what this migration creates, and the only objects rollback and cleanup delete (design
 * entry 79). A name is recorded as an intent (no UID) in a status write made while the cluster held nothing of that
 * name; a create then records the UID. An object found under a name (a create that answered 409) is this migration's
 * only if its name was recorded so and it carries the migration's label — that is how an object created in a
 * reconcile whose status write was lost is adopted — so an object that existed before, labelled by anyone, never is.
 * Namespaces are never recorded (they are shared, entry 10), and on the source only the canary is.
 */
final class Records {
  /** Bindings before roles, the ServiceAccount before its Secrets. */
  private static final List<String> ORDER = List.of("RoleBinding", "ClusterRoleBinding", "Role", "ClusterRole",
      "ServiceAccount", "Secret");

  private Records() {}

  /** A name this migration will create, on one cluster. */
  record Name(String cluster, ObjectRef ref) {}

  /**
   * Records an intent for each name not yet recorded, after reading that nothing of that name exists. Returns the
   * first name that is taken by an object this migration did not record (nothing more is recorded then), or empty.
   */
  static Optional<Name> intend(StepContext ctx, List<Name> names) {
    for (Name n : names) {
      if (record(ctx, n.cluster(), n.ref()).isPresent()) {
        continue;
      }
      if (port(ctx, n.cluster()).find(n.ref()).isPresent()) {
        return Optional.of(n);
      }
      put(ctx, new CreatedObject(n.cluster(), n.ref().kind(), n.ref().namespace(), n.ref().name(), null));
    }
    return Optional.empty();
  }

  /** Names recorded so far, intents included. */
  static int count(StepContext ctx) {
    return ctx.status().getCreated().size();
  }

  /**
   * Creates the object unless it exists, and records its UID. Returns the object if it is this migration's (created
   * now, or found under a recorded name with the migration's label), empty if it is someone else's.
   */
  static <T extends HasMetadata> Optional<T> create(StepContext ctx, String cluster, T object) {
    var held = port(ctx, cluster).create(object);
    T o = held.object();
    ObjectRef ref = ref(o);
    Optional<CreatedObject> recorded = record(ctx, cluster, ref);
    if (!held.createdNow() && (recorded.isEmpty() || !labelled(ctx, o))) {
      return Optional.empty();
    }
    put(ctx, new CreatedObject(cluster, ref.kind(), ref.namespace(), ref.name(), o.getMetadata().getUid()));
    return Optional.of(o);
  }

  /** As {@link #create}, where an object that is not this migration's cannot be worked around: a retry says why. */
  static <T extends HasMetadata> T createOrRetry(StepContext ctx, String cluster, T object) {
    return create(ctx, cluster, object).orElseThrow(() -> new ClusterAccessException(
        Conditions.Reason.TARGET_OBJECT_CONFLICT, ref(object) + " on the " + cluster
            + " cluster exists and was not created by this migration", true));
  }

  /** After the migration deleted one of its objects itself: the name stays recorded, without a UID. */
  static void forget(StepContext ctx, String cluster, ObjectRef ref) {
    record(ctx, cluster, ref).ifPresent(r -> put(ctx, r.withUid(null)));
  }

  /**
   * Deletes the recorded objects of one cluster that match {@code which}, in dependency order, each only if it is
   * this migration's (see the class comment) and by its UID. Idempotent; returns how many it deleted.
   */
  static int delete(StepContext ctx, String cluster, Predicate<CreatedObject> which) {
    List<CreatedObject> recorded = ctx.status().getCreated().stream()
        .filter(r -> r.cluster().equals(cluster) && ORDER.contains(r.kind()) && which.test(r))
        .sorted(Comparator.comparingInt(r -> ORDER.indexOf(r.kind())))
        .toList();
    ClusterPort port = port(ctx, cluster);
    int n = 0;
    for (CreatedObject r : recorded) {
      ObjectRef ref = ObjectRef.of(r.kind(), r.namespace(), r.name());
      Optional<HasMetadata> current = port.find(ref);
      if (current.isPresent() && labelled(ctx, current.get())
          && port.delete(ref, current.get().getMetadata().getUid())) {
        n++;
      }
      forget(ctx, cluster, ref);
    }
    return n;
  }

  private static Optional<CreatedObject> record(StepContext ctx, String cluster, ObjectRef ref) {
    return ctx.status().getCreated().stream()
        .filter(r -> r.names(cluster, ref.kind(), ref.namespace(), ref.name())).findFirst();
  }

  private static void put(StepContext ctx, CreatedObject record) {
    List<CreatedObject> all = new ArrayList<>(ctx.status().getCreated());
    int at = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).names(record.cluster(), record.kind(), record.namespace(), record.name())) {
        at = i;
      }
    }
    if (at < 0) {
      all.add(record);
    } else if (!all.get(at).equals(record)) {
      all.set(at, record);
    } else {
      return;
    }
    ctx.status().setCreated(all);
  }

  private static boolean labelled(StepContext ctx, HasMetadata o) {
    var labels = o.getMetadata().getLabels();
    return labels != null && ctx.uid().equals(labels.get(Ownership.MIGRATION_UID_LABEL));
  }

  private static ObjectRef ref(HasMetadata o) {
    return ObjectRef.of(o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName());
  }

  private static ClusterPort port(StepContext ctx, String cluster) {
    return CreatedObject.SOURCE.equals(cluster) ? ctx.source() : ctx.target();
  }
}
