package io.cutover.config;

import io.cutover.api.v1alpha1.MigrationPolicy;
import io.cutover.api.v1alpha1.MigrationPolicySpec;
import io.cutover.cluster.ApiErrors;
import io.cutover.policy.PolicySource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control cluster's MigrationPolicy objects, from an informer (one list and one watch for the life of the
 * operator): an edit or a deletion counts as soon as its watch event arrives, milliseconds after the write, and
 * every step that writes asks again (design entry 143). Started on the first question; until it has synced, or
 * where it cannot run (the operator may get but not list or watch policies), each question is one GET, as before.
 * A policy that cannot be read is an error (retried), never permission.
 */
final class Fabric8PolicySource implements PolicySource, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Fabric8PolicySource.class);
  private final KubernetesClient client;
  private volatile SharedIndexInformer<MigrationPolicy> informer;
  private volatile boolean unavailable;

  Fabric8PolicySource(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<MigrationPolicySpec> find(String name) {
    SharedIndexInformer<MigrationPolicy> running = informer();
    MigrationPolicy policy;
    if (running != null && running.hasSynced() && running.isRunning()) {
      policy = running.getStore().getByKey(name);
    } else {
      try {
        policy = client.resources(MigrationPolicy.class).withName(name).get();
      } catch (KubernetesClientException e) {
        throw ApiErrors.translate("control", "read MigrationPolicy " + name, e);
      }
    }
    return policy == null || policy.getMetadata().getDeletionTimestamp() != null ? Optional.empty()
        : Optional.ofNullable(policy.getSpec());
  }

  private SharedIndexInformer<MigrationPolicy> informer() {
    if (unavailable || informer != null) {
      return informer;
    }
    synchronized (this) {
      if (!unavailable && informer == null) {
        try {
          informer = client.resources(MigrationPolicy.class).runnableInformer(0);
          informer.start().whenComplete((ok, e) -> {
            if (e != null) {
              // Only the type: the message may quote a response.
              log.warn("MigrationPolicy informer did not start ({}); reading each policy with a GET instead",
                  e.getClass().getSimpleName());
              unavailable = true;
            }
          });
        } catch (RuntimeException e) {
          log.warn("MigrationPolicy informer did not start ({}); reading each policy with a GET instead",
              e.getClass().getSimpleName());
          unavailable = true;
          informer = null;
        }
      }
      return informer;
    }
  }

  @Override
  public void close() {
    SharedIndexInformer<MigrationPolicy> running = informer;
    if (running != null) {
      running.stop();
    }
  }
}
