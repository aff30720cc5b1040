package io.cutover.cluster;

import io.cutover.api.v1alpha1.ServiceAccountMigration;

/**
 * The control-cluster writes of a wave: creating a member migration and setting one of its gates. The members
 * themselves are read from the informer the wave controller watches them with, never listed here.
 */
public interface WaveMembers {
  /** Creates {@code member}; one that already exists under its name is left as it is (false). */
  boolean create(ServiceAccountMigration member);

  /** A JSON merge patch of a member's spec (only approval and rollback are ever sent). */
  void patch(String namespace, String name, String mergePatch);
}
