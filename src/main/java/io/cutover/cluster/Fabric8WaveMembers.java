package io.cutover.cluster;

import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/** {@link WaveMembers} on the operator's control-cluster client. */
public final class Fabric8WaveMembers implements WaveMembers {
  private static final String CONTROL = "control";
  private final KubernetesClient client;

  public Fabric8WaveMembers(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public boolean create(ServiceAccountMigration member) {
    try {
      client.resources(ServiceAccountMigration.class).inNamespace(member.getMetadata().getNamespace())
          .resource(member).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      if (e.getCode() == 422 && e.getStatus() != null && e.getStatus().getMessage() != null) {
        // The schema's verdict on a spec made from the wave (which holds no secret): what the user must change.
        throw new ClusterAccessException("Invalid", "the control cluster refused the member: "
            + e.getStatus().getMessage(), false);
      }
      throw ApiErrors.translate(CONTROL, "create serviceaccountmigration", e);
    }
  }

  @Override
  public void patch(String namespace, String name, String mergePatch) {
    try {
      client.resources(ServiceAccountMigration.class).inNamespace(namespace).withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
    } catch (KubernetesClientException e) {
      throw ApiErrors.translate(CONTROL, "patch serviceaccountmigration", e);
    }
  }
}
