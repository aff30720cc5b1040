package io.cutover.config;

import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationWave;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.Cloner;

/**
 * JOSDK's resource cloner (it hands the reconciler a copy of the cached object), keeping what the tolerant reader
 * (of a migration or a wave)
 * found unreadable: the copy goes through JSON, where an unreadable field is already null and the record of it is
 * not serialized, so without this the reconciler would see a clean spec where the stored one did not fit.
 */
final class UnreadableKeepingCloner implements Cloner {
  private final KubernetesSerialization serialization;

  UnreadableKeepingCloner(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  @Override
  public <R extends HasMetadata> R clone(R object) {
    R copy = serialization.clone(object);
    if (object instanceof ServiceAccountMigration from && copy instanceof ServiceAccountMigration to) {
      if (from.getSpec() != null && to.getSpec() != null) {
        to.getSpec().setUnreadable(from.getSpec().getUnreadable());
      }
      if (from.getStatus() != null && to.getStatus() != null) {
        to.getStatus().setUnreadable(from.getStatus().getUnreadable());
      }
    }
    if (object instanceof ServiceAccountMigrationWave from && copy instanceof ServiceAccountMigrationWave to) {
      if (from.getSpec() != null && to.getSpec() != null) {
        to.getSpec().setUnreadable(from.getSpec().getUnreadable());
      }
      if (from.getStatus() != null && to.getStatus() != null) {
        to.getStatus().setUnreadable(from.getStatus().getUnreadable());
      }
    }
    return copy;
  }
}
