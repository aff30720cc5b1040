package io.cutover.phase;

import io.cutover.api.v1alpha1.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What deleting a migration does before its finalizer is released, by the phase in its stored status. Before cutover
 * it rolls back what the migration created on the target; during cutover the revocation is finished first (its
 * intent is recorded, and a half-done revocation is the one outcome never to leave); after cutover it changes
 * nothing but the migration's own canary Secret on the source and a proof Secret a failed release may have left. Idempotent: a crash part-way through runs it again.
 * A {@link io.cutover.cluster.ClusterAccessException} means "not done, keep the finalizer and try again".
 */
public final class Cleanup {
  private static final Logger log = LoggerFactory.getLogger(Cleanup.class);

  private Cleanup() {}

  public static void run(StepContext ctx) {
    Phase phase = ctx.status().getPhase() == null ? Phase.Pending : ctx.status().getPhase();
    switch (phase) {
      case Provisioning, DualRun, RollingBack -> {
        int removed = RollingBackStep.removeOwned(ctx);
        log.info("deleted before cutover in phase {}: removed {} object(s) this migration created", phase, removed);
      }
      case CuttingOver -> {
        Steps.forPhase(Phase.CuttingOver).run(ctx);
        RollingBackStep.removeCanary(ctx);
        Credentials.discardProof(ctx);
        log.info("deleted during cutover: revocation finished before the finalizer is released");
      }
      case Verifying, Completed -> {
        // A proof Secret left by a failed release would keep its proof token alive; the canary is ours too.
        RollingBackStep.removeCanary(ctx);
        Credentials.discardProof(ctx);
      }
      default -> { }
    }
  }
}
