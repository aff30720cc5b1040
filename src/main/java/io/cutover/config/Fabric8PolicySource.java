package io.cutover.config;

import io.cutover.api.v1alpha1.MigrationPolicy;
import io.cutover.api.v1alpha1.MigrationPolicySpec;
import io.cutover.cluster.ApiErrors;
import io.cutover.policy.PolicySource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * The control cluster's MigrationPolicy objects, read by name with the operator's own client each time they are
 * asked for, so an edit or a deletion counts at the next check. A policy that cannot be read is an error (retried),
 * never permission.
 */
final class Fabric8PolicySource implements PolicySource {
  private final KubernetesClient client;

  Fabric8PolicySource(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<MigrationPolicySpec> find(String name) {
    try {
      MigrationPolicy policy = client.resources(MigrationPolicy.class).withName(name).get();
      return policy == null || policy.getMetadata().getDeletionTimestamp() != null ? Optional.empty()
          : Optional.ofNullable(policy.getSpec());
    } catch (KubernetesClientException e) {
      throw ApiErrors.translate("control", "read MigrationPolicy " + name, e);
    }
  }
}
