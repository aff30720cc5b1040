package io.cutover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.config.CutoverOperator;
import io.cutover.e2e.E2eEnvironment.Identity;
import io.cutover.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** With leader election on, the operator takes a Lease in the control cluster and only then reconciles. */
class LeaderElectionTest extends EndToEndTest {

  @Test
  void anOperatorWithLeaderElectionHoldsTheLeaseAndMigrates() {
    env.stopOperator();
    env.startOperator(new CutoverOperator.Options(Set.of(), Sandbox.OPERATOR_NAMESPACE, 10, false));

    Identity id = env.seedIdentity("leader", "queue-api");
    env.create(env.migration("leader-queue", id, spec -> spec.getDualRun().setWindow("1s")));

    env.awaitPhase("leader-queue", Phase.Completed);
    Lease lease = env.control.leases().inNamespace(Sandbox.OPERATOR_NAMESPACE).withName(CutoverOperator.LEASE_NAME).get();
    assertThat(lease).isNotNull();
    assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
    assertThat(lease.getSpec().getLeaseDurationSeconds()).isPositive();
    assertThat(env.operator().metrics().scrape()).as("the leader gauge").contains("\ncutover_leader 1.0\n");
    assertThat(env.operator().ready()).isTrue();
  }
}
