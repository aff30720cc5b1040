package io.cutover.config;

import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What JOSDK's informer keeps of each migration: the object as the API server sent it, less two fields of its
 * metadata that neither the operator nor JOSDK ever reads, and that are the largest part of a stored object's
 * metadata on a real API server:
 * <ul>
 *   <li>{@code metadata.managedFields} — server-side apply's record of which manager owns which field (one entry per
 *       manager and subresource, each a tree of every field it set: the creator's spec, the operator's status). The
 *       operator writes with optimistic-locking updates and JSON patches, never server-side apply; a status update
 *       that carries no managedFields leaves the stored ones as they are (kube-apiserver keeps the live object's when
 *       the request has none).</li>
 *   <li>the annotation {@value #LAST_APPLIED} — {@code kubectl apply}'s copy of the whole spec as JSON. The operator
 *       reads the spec itself; a status update does not change annotations (the status subresource keeps the stored
 *       metadata).</li>
 * </ul>
 * Everything else stays: name, namespace, uid, resourceVersion, generation, creationTimestamp, deletionTimestamp,
 * finalizers, labels, other annotations, ownerReferences, spec and status (with what the tolerant reader found
 * unreadable). The copy JOSDK hands a reconcile is made from this pruned object (docs/performance.md, "Memory").
 */
final class CachedMigrations {
  /** {@code kubectl apply}'s record of the last applied configuration. */
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private CachedMigrations() {
  }

  /** The informer's item store for migrations: each object pruned as it is stored. */
  static ItemStore<ServiceAccountMigration> itemStore() {
    return new TransformingItemStore<>(CachedMigrations::prune);
  }

  /** Removes, in place, what the cache does not keep; returns {@code migration}. */
  static ServiceAccountMigration prune(ServiceAccountMigration migration) {
    ObjectMeta meta = migration == null ? null : migration.getMetadata();
    if (meta == null) {
      return migration;
    }
    // As the object reads when the API server sent neither (fabric8's defaults: empty collections).
    if (meta.getManagedFields() != null && !meta.getManagedFields().isEmpty()) {
      meta.setManagedFields(new ArrayList<>());
    }
    Map<String, String> annotations = meta.getAnnotations();
    if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
      Map<String, String> kept = new LinkedHashMap<>(annotations);
      kept.remove(LAST_APPLIED);
      meta.setAnnotations(kept);
    }
    return migration;
  }
}
