package io.cutover.cli;

import io.cutover.api.v1alpha1.Phase;
import picocli.CommandLine.Command;

/** Sets spec.cutover.approved: cut over now (once the target proves again), also under Manual approval. */
@Command(name = "approve", description = "Approve the cutover: merge-patch spec.cutover.approved=true.")
final class ApproveCommand extends SpecPatchCommand {
  static final String PATCH = "{\"spec\":{\"cutover\":{\"approved\":true}}}";

  ApproveCommand() {
    super(PATCH, Phase::acceptsApproval, "approval");
  }
}
