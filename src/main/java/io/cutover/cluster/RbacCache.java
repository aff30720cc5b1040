package io.cutover.cluster;

import io.cutover.rbac.Grant;
import io.cutover.rbac.RbacSnapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One cluster's Roles, ClusterRoles, RoleBindings and ClusterRoleBindings, kept by informers (one list and one watch
 * per kind for the life of the client) instead of four full lists per plan: a list's cost grows with the cluster,
 * and a wave of N migrations re-plans 3N times. RBAC evaluation needs every binding (any may name the identity) and
 * the roles they reference, so all four kinds are cached whole.
 *
 * <p>Reads from an informer may trail the server by one watch event. The port's own RBAC writes are therefore laid
 * over the cache until the informer has them ({@link #written}), so a step sees what the step before it wrote; decisions that
 * must be current (which legacy Secrets exist at cutover, the proofs) never come from here.
 */
final class RbacCache implements AutoCloseable {
  static final long SYNC_TIMEOUT_SECONDS = 30;

  private final SharedIndexInformer<Role> roles;
  private final SharedIndexInformer<ClusterRole> clusterRoles;
  private final SharedIndexInformer<RoleBinding> roleBindings;
  private final SharedIndexInformer<ClusterRoleBinding> clusterRoleBindings;

  private RbacCache(KubernetesClient client) {
    roles = client.rbac().roles().inAnyNamespace().runnableInformer(0);
    clusterRoles = client.rbac().clusterRoles().runnableInformer(0);
    roleBindings = client.rbac().roleBindings().inAnyNamespace().runnableInformer(0);
    clusterRoleBindings = client.rbac().clusterRoleBindings().runnableInformer(0);
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

  RbacSnapshot snapshot() {
    return new RbacSnapshot(view(roles), view(clusterRoles), view(roleBindings), view(clusterRoleBindings));
  }

  /**
   * Notes an object this port has just written; until the informer holds a different version than
   * {@code previousResourceVersion} (null: the object did not exist), snapshots show the written object instead.
   */
  void written(HasMetadata object, String previousResourceVersion) {
    if (object instanceof Role || object instanceof ClusterRole || object instanceof RoleBinding
        || object instanceof ClusterRoleBinding) {
      pending.put(object.getKind() + "/" + Cache.metaNamespaceKeyFunc(object),
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
    String key = namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    SharedIndexInformer<? extends HasMetadata> informer = Grant.CLUSTER_ROLE_BINDING.equals(kind) ? clusterRoleBindings
        : roleBindings;
    HasMetadata cached = informer.getStore().getByKey(key);
    Pending written = pending.get(kind + "/" + key);
    if (written != null && System.nanoTime() - written.until() < 0 && Objects.equals(
        cached == null ? null : cached.getMetadata().getResourceVersion(), written.previousVersion())) {
      return written.object();
    }
    return cached;
  }

  /** How long a written object is laid over the cache at most: watch events arrive in milliseconds. */
  static final long PENDING_NANOS = TimeUnit.SECONDS.toNanos(10);

  private record Pending(HasMetadata object, String previousVersion, long until) {}

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> List<T> view(SharedIndexInformer<T> informer) {
    List<T> items = informer.getStore().list();
    if (pending.isEmpty()) {
      return items;
    }
    // The written objects still ahead of the informer, looked up by key (a cluster holds thousands of RBAC objects:
    // no key is built for every one of them).
    String prefix = informer.getApiTypeClass().getSimpleName() + "/";
    Map<String, T> ahead = new LinkedHashMap<>();
    for (Map.Entry<String, Pending> e : pending.entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        continue;
      }
      HasMetadata written = e.getValue().object();
      String key = Cache.metaNamespaceKeyFunc(written);
      T cached = informer.getStore().getByKey(key);
      String cachedVersion = cached == null ? null : cached.getMetadata().getResourceVersion();
      if (Objects.equals(cachedVersion, e.getValue().previousVersion()) && System.nanoTime() - e.getValue().until() < 0) {
        ahead.put(key, (T) written);
      } else {
        pending.remove(e.getKey(), e.getValue()); // the informer has caught up (or moved on)
      }
    }
    if (ahead.isEmpty()) {
      return items;
    }
    Map<String, List<T>> byName = new HashMap<>();
    ahead.values().forEach(w -> byName.computeIfAbsent(w.getMetadata().getName(), n -> new ArrayList<>()).add(w));
    List<T> view = new ArrayList<>(items.size() + ahead.size());
    for (T item : items) {
      T written = null;
      for (T candidate : byName.getOrDefault(item.getMetadata().getName(), List.of())) {
        if (Objects.equals(candidate.getMetadata().getNamespace(), item.getMetadata().getNamespace())) {
          written = candidate;
        }
      }
      if (written != null) {
        view.add(written); // in the informer's place, as the informer will hold it
        ahead.remove(Cache.metaNamespaceKeyFunc(written));
      } else {
        view.add(item);
      }
    }
    view.addAll(ahead.values()); // written objects the informer does not hold yet
    return view;
  }

  private List<SharedIndexInformer<?>> all() {
    return List.of(roles, clusterRoles, roleBindings, clusterRoleBindings);
  }

  @Override
  public void close() {
    all().forEach(SharedIndexInformer::stop);
  }
}
