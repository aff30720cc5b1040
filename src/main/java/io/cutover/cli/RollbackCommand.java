package io.cutover.cli;

import io.cutover.api.v1alpha1.Phase;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Sets spec.rollback: before cutover, remove what the migration created on the target; the source stays as it is. */
@Command(name = "rollback", description = "Roll back before cutover: merge-patch spec.rollback=true.")
final class RollbackCommand implements Callable<Integer> {
  static final String PATCH = "{\"spec\":{\"rollback\":true}}";

  @Mixin
  KubeOptions kube;

  @Parameters(index = "0", paramLabel = "NAME", description = "The ServiceAccountMigration.")
  String name;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    return SpecPatch.apply(spec, kube, name, PATCH, Phase::acceptsRollback,
        "rollback (the old credentials may already be revoked)");
  }
}
