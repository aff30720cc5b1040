package io.cutover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.config.CutoverOperator;
import io.cutover.e2e.E2eEnvironment.Identity;
import io.cutover.sandbox.Sandbox;
import io.cutover.testing.ReliabilityReport;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With leader election on, replicas take a Lease in the control cluster and only the holder reconciles. */
class LeaderElectionTest {
  private static final CutoverOperator.Options ELECTED =
      new CutoverOperator.Options(Set.of(), Sandbox.OPERATOR_NAMESPACE, 10, false);
  /** Short Lease timings so a takeover fits in a test: a successor acquires within lease + retry = 3.5 s. */
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration RENEW = Duration.ofSeconds(2);
  private static final Duration RETRY = Duration.ofMillis(500);
  /** The bound on cutover lateness asserted when the leader died mid-window and the Lease expired before the deadline. */
  private static final Duration LATENESS_BOUND = Duration.ofSeconds(2);

  @TempDir
  Path dir;

  private static CutoverOperator.LeaderElection replica(String identity) {
    return new CutoverOperator.LeaderElection(identity, LEASE, RENEW, RETRY);
  }

  private static Lease lease(KubernetesClient control) {
    return control.leases().inNamespace(Sandbox.OPERATOR_NAMESPACE).withName(CutoverOperator.LEASE_NAME).get();
  }

  @Test
  void anOperatorWithLeaderElectionHoldsTheLeaseAndMigrates() {
    try (E2eEnvironment env = E2eEnvironment.startWithoutOperator(dir)) {
      env.startOperator(ELECTED);
      Identity id = env.seedIdentity("leader", "queue-api");
      env.create(env.migration("leader-queue", id, spec -> spec.getDualRun().setWindow("1s")));

      env.awaitPhase("leader-queue", Phase.Completed);
      Lease lease = lease(env.control);
      assertThat(lease).isNotNull();
      assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
      assertThat(lease.getSpec().getLeaseDurationSeconds()).isPositive();
      assertThat(env.operator().metrics().scrape()).as("the leader gauge").contains("\ncutover_leader 1.0\n");
      assertThat(env.operator().ready()).isTrue();
    }
  }

  @Test
  void whenTheLeaderDiesInTheDualRunWindowTheOtherReplicaCutsOverOnTimeAndRevokesOnce() {
    try (E2eEnvironment env = E2eEnvironment.startWithoutOperator(dir);
        KubernetesClient clientA = E2eEnvironment.productionClient(env.sandbox.control());
        KubernetesClient clientB = E2eEnvironment.productionClient(env.sandbox.control())) {
      Identity id = env.seedIdentity("replicas", "ledger-api");
      String saPath = "/api/v1/namespaces/replicas/serviceaccounts/ledger-api";
      AtomicInteger saDeletes = env.sandbox.source().faults().countRequests("DELETE", saPath);
      AtomicInteger legacyDeletes = env.sandbox.source().faults()
          .countRequests("DELETE", "/api/v1/namespaces/replicas/secrets/" + id.legacySecret());
      AtomicInteger tokenRequests = env.sandbox.target().faults()
          .countRequests("POST", "/api/v1/namespaces/replicas/serviceaccounts/ledger-api/token");

      CutoverOperator a = CutoverOperator.start(clientA, java.time.Clock.systemUTC(), ELECTED, replica("replica-a"));
      try {
        await("replica-a leads").atMost(E2eEnvironment.TIMEOUT).until(() -> lease(env.control) != null
            && "replica-a".equals(lease(env.control).getSpec().getHolderIdentity()));
        try (CutoverOperator b = CutoverOperator.start(clientB, java.time.Clock.systemUTC(), ELECTED, replica("replica-b"))) {
          env.create(env.migration("replicas-ledger", id, spec -> spec.getDualRun().setWindow("12s")));
          ServiceAccountMigration dualRun = env.awaitPhase("replicas-ledger", Phase.DualRun);
          Instant deadline = Instant.parse(dualRun.getStatus().getDualRun().getDeadline());
          assertThat(lease(env.control).getSpec().getHolderIdentity()).as("B only stands by").isEqualTo("replica-a");

          // The leader dies in the middle of the window without releasing its Lease (as JOSDK stops, as a crash).
          a.close();
          a = null;
          Instant killed = Instant.now();
          assertThat(killed.plus(LEASE).plus(RETRY)).as("the Lease expires before the deadline").isBefore(deadline);

          await("replica-b takes the Lease").atMost(E2eEnvironment.TIMEOUT).pollInterval(Duration.ofMillis(100))
              .until(() -> "replica-b".equals(lease(env.control).getSpec().getHolderIdentity()));
          Duration takeover = Duration.between(killed, Instant.now());
          ServiceAccountMigration done = env.awaitPhase("replicas-ledger", Phase.Completed);
          assertThat(b.metrics().scrape()).as("the successor's leader gauge").contains("\ncutover_leader 1.0\n");

          long lateness = done.getStatus().getCutover().getLatenessMillis();
          System.out.printf("two replicas: takeover %d ms after the leader died; cutover %d ms after the deadline%n",
              takeover.toMillis(), lateness);
          assertThat(lateness).as("cutover lateness (ms) after a takeover before the deadline")
              .isBetween(0L, LATENESS_BOUND.toMillis());
          assertThat(done.getStatus().getDualRun().getDeadline()).as("deadline unchanged by the takeover")
              .isEqualTo(deadline.toString());
          assertThat(env.sourceServiceAccount(id)).as("source ServiceAccount revoked").isNull();
          assertThat(saDeletes.get()).as("DELETEs of the source ServiceAccount").isEqualTo(1);
          assertThat(legacyDeletes.get()).as("DELETEs of the legacy token Secret").isEqualTo(1);
          assertThat(tokenRequests.get()).as("TokenRequests for the delivered token (no re-issue by the successor)")
              .isEqualTo(1);
          ReliabilityReport.add(ReliabilityReport.Counter.INVARIANT_CHECKS, 5);
        }
      } finally {
        if (a != null) {
          a.close();
        }
      }
    }
  }
}
