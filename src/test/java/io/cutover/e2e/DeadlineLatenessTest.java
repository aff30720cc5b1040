package io.cutover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.e2e.E2eEnvironment.Identity;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The cutover lateness (revocation finished minus deadline, recorded in status) with the real operator against the
 * sandbox: undisturbed, and with the operator down across the deadline. Measured values are printed; the bounds are
 * generous because the build machine may be heavily loaded.
 */
class DeadlineLatenessTest extends EndToEndTest {
  private static final long UNDISTURBED_BOUND_MS = 3_000;
  private static final long RESTART_BOUND_MS = 15_000;

  @Test
  void anUndisturbedCutoverRevokesRightAfterTheDeadlineWithThePreCutoverProofDoneBefore() {
    Identity id = env.seedIdentity("lateness", "ledger-api");
    env.create(env.migration("lateness-ledger", id, spec -> spec.getDualRun().setWindow("8s")));

    ServiceAccountMigration done = env.awaitPhase("lateness-ledger", Phase.Completed);

    var status = done.getStatus();
    long lateness = status.getCutover().getLatenessMillis();
    Instant deadline = Instant.parse(status.getDualRun().getDeadline());
    System.out.printf("e2e undisturbed cutover lateness: %d ms%n", lateness);
    assertThat(status.getCutover().getTrigger()).isEqualTo("Deadline");
    assertThat(Instant.parse(status.getCutover().getIntentAt())).isAfterOrEqualTo(deadline);
    assertThat(lateness).isBetween(0L, UNDISTURBED_BOUND_MS);
    assertThat(env.sourceServiceAccount(id)).isNull();
    // The pool recognised JOSDK's real reconcile tasks (it reads their resource to run due ones first).
    assertThat(env.operator().reconcilesRecognised()).isPositive();
  }

  @Test
  void anOperatorDownAcrossTheDeadlineRevokesRightAfterItsRestart() throws InterruptedException {
    Identity id = env.seedIdentity("downtime", "audit-api");
    env.create(env.migration("downtime-audit", id, spec -> spec.getDualRun().setWindow("5s")));
    ServiceAccountMigration dualRun = env.awaitPhase("downtime-audit", Phase.DualRun);
    Instant deadline = Instant.parse(dualRun.getStatus().getDualRun().getDeadline());

    env.stopOperator();
    Duration down = Duration.ofSeconds(3);
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), deadline.plus(down)).toMillis()));
    assertThat(env.sourceServiceAccount(id)).as("nothing revoked while the operator is down").isNotNull();
    Instant restart = Instant.now();
    env.startOperator();
    ServiceAccountMigration done = env.awaitPhase("downtime-audit", Phase.Completed);

    var status = done.getStatus();
    long lateness = status.getCutover().getLatenessMillis();
    long afterRestart = Duration.between(restart, Instant.parse(status.getCutover().getCompletedAt())).toMillis();
    System.out.printf("e2e operator down %d ms past the deadline: lateness %d ms, revocation %d ms after the restart%n",
        down.toMillis(), lateness, afterRestart);
    assertThat(status.getDualRun().getDeadline()).isEqualTo(deadline.toString());
    assertThat(lateness).isGreaterThanOrEqualTo(down.toMillis());
    assertThat(afterRestart).as("revoked right after the restart").isBetween(0L, RESTART_BOUND_MS);
    assertThat(env.sourceServiceAccount(id)).isNull();
  }
}
