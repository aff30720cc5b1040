package io.cutover.cli;

import io.cutover.api.v1alpha1.Phase;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Sets spec.cutover.approved: cut over now (once the target proves again), also under Manual approval. */
@Command(name = "approve", description = "Approve the cutover: merge-patch spec.cutover.approved=true.")
final class ApproveCommand implements Callable<Integer> {
  static final String PATCH = "{\"spec\":{\"cutover\":{\"approved\":true}}}";

  @Mixin
  KubeOptions kube;

  @Parameters(index = "0", paramLabel = "NAME", description = "The ServiceAccountMigration.")
  String name;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    return SpecPatch.apply(spec, kube, name, PATCH, Phase::acceptsApproval, "approval");
  }
}
