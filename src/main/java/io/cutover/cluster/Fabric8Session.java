package io.cutover.cluster;

import io.cutover.rbac.ServiceAccountIdentity;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the four fabric8 ports of one cluster share: the client, the translation of its errors into
 * {@link ClusterAccessException}, and the RBAC informers ({@link RbacCache}), which the reader reads and the writer
 * keeps current with its own writes.
 */
final class Fabric8Session implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Fabric8Session.class);
  final String clusterName;
  final KubernetesClient client;
  private final boolean cacheRbac;
  private volatile RbacCache rbacCache;
  private volatile boolean rbacCacheUnavailable;

  Fabric8Session(String clusterName, KubernetesClient client, boolean cacheRbac) {
    this.clusterName = clusterName;
    this.client = client;
    this.cacheRbac = cacheRbac;
  }

  /** Runs one API call; a fabric8 error becomes a {@link ClusterAccessException} that quotes no response. */
  <T> T call(String operation, Supplier<T> action) {
    try {
      return action.get();
    } catch (ClusterAccessException e) {
      throw e;
    } catch (KubernetesClientException e) {
      // The client's own token provider (issuer trust) failed: its reason, not the request's, is the answer.
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        if (t instanceof ClusterAccessException own) {
          throw own;
        }
      }
      throw ApiErrors.translate(clusterName, operation, e);
    }
  }

  /** The running informers, started on first use; null where they cannot run (then RBAC is listed on each read). */
  RbacCache rbacCache() {
    if (!cacheRbac || rbacCacheUnavailable) {
      return null;
    }
    RbacCache cache = rbacCache;
    if (cache != null && cache.healthy()) {
      return cache;
    }
    synchronized (this) {
      cache = rbacCache;
      if (cache != null && cache.healthy()) {
        return cache;
      }
      if (cache != null) {
        cache.close();
        rbacCache = null;
      }
      try {
        rbacCache = RbacCache.start(client);
        return rbacCache;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } catch (Exception e) {
        // Reads fall back to lists; the reason is the exception's type only (its message may quote a response).
        log.warn("RBAC informers on cluster {} did not start ({}); listing RBAC on every read instead", clusterName,
            e.getClass().getSimpleName());
        rbacCacheUnavailable = true;
        return null;
      }
    }
  }

  /**
   * Who this client is when that can be known without asking: the ServiceAccount its bearer token names (the token's
   * {@code sub} claim, read, not verified: it is the client's own credential), unless it impersonates someone else.
   * Empty for any other credential (client certificate, exec plugin, a token that is not a ServiceAccount's).
   */
  Optional<ServiceAccountIdentity> self() {
    Optional<ServiceAccountIdentity> known = self;
    if (known == null) {
      known = ServiceAccountTokens.subject(client.getConfiguration());
      self = known;
    }
    return known;
  }

  private volatile Optional<ServiceAccountIdentity> self;

  /** A (Cluster)RoleBinding as the informers hold it ({@link RbacCache#binding}); null where they do not run or hold none. */
  HasMetadata cachedBinding(String kind, String namespace, String name) {
    RbacCache cache = rbacCache();
    return cache == null ? null : cache.binding(kind, namespace, name);
  }

  /** Tells the informers' store of an RBAC object this cluster's writer created or updated. */
  void written(HasMetadata object, String previousResourceVersion) {
    RbacCache cache = rbacCache;
    if (cache != null) {
      cache.written(object, previousResourceVersion);
    }
  }

  /** Tells the informers' store of an object this cluster's writer deleted. */
  void deleted(String kind, String namespace, String name) {
    RbacCache cache = rbacCache;
    if (cache != null) {
      cache.deleted(kind, namespace, name);
    }
  }

  @Override
  public void close() {
    RbacCache cache = rbacCache;
    if (cache != null) {
      cache.close();
    }
  }
}
