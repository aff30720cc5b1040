package io.cutover.policy;

import io.cutover.api.v1alpha1.MigrationPolicySpec;
import java.util.Optional;

/** The MigrationPolicy objects of the control cluster, read by name. */
public interface PolicySource {
  /** The policy's spec; empty when there is no such policy. */
  Optional<MigrationPolicySpec> find(String name);
}
