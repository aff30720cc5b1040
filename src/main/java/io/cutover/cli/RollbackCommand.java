package io.cutover.cli;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Command;

/** Sets spec.rollback: before cutover, remove what the migration created on the target; the source stays as it is. */
@Command(name = "rollback", description = "Roll back before cutover: merge-patch spec.rollback=true.")
final class RollbackCommand extends SpecPatchCommand {
  static final String PATCH = "{\"spec\":{\"rollback\":true}}";

  RollbackCommand() {
    super(Phase::acceptsRollback, "rollback (the old credentials may already be revoked)");
  }

  @Override
  String patch(KubernetesClient client, ServiceAccountMigration m) {
    return PATCH;
  }
}
