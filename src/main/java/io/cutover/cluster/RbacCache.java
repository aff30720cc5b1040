package io.cutover.cluster;

import io.cutover.rbac.Grant;
import io.cutover.rbac.RbacIndex;
import io.cutover.rbac.RbacSnapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One cluster's Roles, ClusterRoles, RoleBindings and ClusterRoleBindings, kept by informers (one list and one watch
 * per kind for the life of the client) instead of four full lists per plan: a list's cost grows with the cluster,
 * and a wave of N migrations re-plans 3N times. The informers store into an {@link RbacIndex} (their item store), so
 * the bindings are indexed by subject as each watch event is applied, in step with the informer's own view, and an
 * evaluation for one identity reads the few bindings that name it, not every binding of the cluster; a snapshot
 * costs nothing and stays as it was.
 *
 * <p>Reads from an informer may trail the server by one watch event. The port's own RBAC writes are therefore laid
 * over the index until the informer has them ({@link #written}), so a step sees what the step before it wrote;
 * decisions that must be current (which legacy Secrets exist at cutover, the proofs) never come from here.
 */
final class RbacCache implements AutoCloseable {
  static final long SYNC_TIMEOUT_SECONDS = 30;

  private final RbacIndex index = new RbacIndex();
  private final SharedIndexInformer<Role> roles;
  private final SharedIndexInformer<ClusterRole> clusterRoles;
  private final SharedIndexInformer<RoleBinding> roleBindings;
  private final SharedIndexInformer<ClusterRoleBinding> clusterRoleBindings;

  private RbacCache(KubernetesClient client) {
    roles = stored(client.rbac().roles().inAnyNamespace().runnableInformer(0), Role.class);
    clusterRoles = stored(client.rbac().clusterRoles().runnableInformer(0), ClusterRole.class);
    roleBindings = stored(client.rbac().roleBindings().inAnyNamespace().runnableInformer(0), RoleBinding.class);
    clusterRoleBindings = stored(client.rbac().clusterRoleBindings().runnableInformer(0), ClusterRoleBinding.class);
  }

  /** The informer storing into the index (no namespace index of its own: nothing reads one). */
  private <T extends HasMetadata> SharedIndexInformer<T> stored(SharedIndexInformer<T> informer, Class<T> kind) {
    return informer.removeNamespaceIndex().itemStore(new IndexStore<>(index, kind));
  }

  /** Starts the four informers and waits for their first list; throws if any cannot list or watch. */
  static RbacCache start(KubernetesClient client) throws Exception {
    RbacCache cache = new RbacCache(client);
    try {
      for (SharedIndexInformer<?> informer : cache.all()) {
        informer.start().toCompletableFuture().get(SYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
      return cache;
    } catch (Exception e) {
      cache.close();
      throw e;
    }
  }

  /** Whether every informer still runs (one that stopped on an error, e.g. a revoked watch permission, does not). */
  boolean healthy() {
    return all().stream().allMatch(SharedIndexInformer::isRunning);
  }

  /** The index now, with the port's written objects the informers do not hold yet in their places. */
  RbacSnapshot snapshot() {
    RbacSnapshot now = index.snapshot();
    if (pending.isEmpty()) {
      return now;
    }
    List<HasMetadata> ahead = new ArrayList<>();
    for (Map.Entry<String, Pending> e : pending.entrySet()) {
      HasMetadata written = e.getValue().object();
      HasMetadata held = now.find(written.getClass(), written.getMetadata().getNamespace(),
          written.getMetadata().getName()).orElse(null);
      String heldVersion = held == null ? null : held.getMetadata().getResourceVersion();
      if (Objects.equals(heldVersion, e.getValue().previousVersion()) && System.nanoTime() - e.getValue().until() < 0) {
        ahead.add(written);
      } else {
        pending.remove(e.getKey(), e.getValue()); // the informer has caught up (or moved on)
      }
    }
    return ahead.isEmpty() ? now : now.overlaid(ahead);
  }

  /**
   * Notes an object this port has just written; until the informer holds a different version than
   * {@code previousResourceVersion} (null: the object did not exist), snapshots show the written object instead.
   */
  void written(HasMetadata object, String previousResourceVersion) {
    if (object instanceof Role || object instanceof ClusterRole || object instanceof RoleBinding
        || object instanceof ClusterRoleBinding) {
      pending.put(object.getKind() + "/" + RbacIndex.key(object),
          new Pending(object, previousResourceVersion, System.nanoTime() + PENDING_NANOS));
    }
  }

  /** Forgets a written object this port has since deleted (the informer's own view then stands). */
  void deleted(String kind, String namespace, String name) {
    pending.remove(kind + "/" + (namespace == null || namespace.isEmpty() ? name : namespace + "/" + name));
  }

  /**
   * One (Cluster)RoleBinding as a snapshot would show it — this port's own write while the informer is behind it,
   * otherwise the informer's — looked up by key; null if neither holds it. The informer's object itself: never edit it.
   */
  HasMetadata binding(String kind, String namespace, String name) {
    RbacSnapshot now = snapshot();
    return Grant.CLUSTER_ROLE_BINDING.equals(kind) ? now.find(ClusterRoleBinding.class, null, name).orElse(null)
        : now.find(RoleBinding.class, namespace, name).orElse(null);
  }

  /** How long a written object is laid over the cache at most: watch events arrive in milliseconds. */
  static final long PENDING_NANOS = TimeUnit.SECONDS.toNanos(10);

  private record Pending(HasMetadata object, String previousVersion, long until) {}

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  /**
   * An informer's item store that is one kind of the index: fabric8's cache puts and removes under its own lock,
   * and the index serializes the four kinds' writers.
   */
  private static final class IndexStore<T extends HasMetadata> implements ItemStore<T> {
    private final RbacIndex index;
    private final Class<T> kind;

    IndexStore(RbacIndex index, Class<T> kind) {
      this.index = index;
      this.kind = kind;
    }

    @Override
    public String getKey(T object) {
      return RbacIndex.key(object);
    }

    @Override
    public T put(String key, T object) {
      return kind.cast(index.put(object));
    }

    @Override
    public T remove(String key) {
      return kind.cast(index.remove(kind, key));
    }

    @Override
    public Stream<String> keySet() {
      return index.keys(kind);
    }

    @Override
    public Stream<T> values() {
      return index.values(kind).map(kind::cast);
    }

    @Override
    public int size() {
      return index.size(kind);
    }

    @Override
    public T get(String key) {
      return kind.cast(index.get(kind, key));
    }
  }

  private List<SharedIndexInformer<?>> all() {
    return List.of(roles, clusterRoles, roleBindings, clusterRoleBindings);
  }

  @Override
  public void close() {
    all().forEach(SharedIndexInformer::stop);
  }
}
