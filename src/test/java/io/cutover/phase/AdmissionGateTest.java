package io.cutover.phase;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.MigrationPolicy;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.policy.PolicyAuthority;
import io.cutover.policy.PolicyFixtures;
import io.cutover.policy.ProtectedIdentities;
import io.cutover.status.StatusEditor;
import io.cutover.testing.ReliabilityReport;
import org.junit.jupiter.api.Test;

/**
 * The gate before Pending and Planning: a migration its requester may not make never reads the source, and what was
 * admitted is pinned in status.authorization.
 */
class AdmissionGateTest {
  final MigrationHarness h = new MigrationHarness();
  final PolicyFixtures.Policies policies = new PolicyFixtures.Policies()
      .with(PolicyFixtures.POLICY, PolicyFixtures.paymentsPolicy());
  final PolicyFixtures.Grants grants = new PolicyFixtures.Grants()
      .onPolicy(PolicyFixtures.ALICE, MigrationPolicy.USE);

  AdmissionGateTest() {
    h.authority = new PolicyAuthority(policies, grants, ProtectedIdentities.standard("cutover", "cutover-system"));
    // The fixture source binds the identity to a ClusterRole too: its plan creates a ClusterRoleBinding.
    policies.byName.get(PolicyFixtures.POLICY).getAllow().setClusterRoles(true);
    h.sam.getSpec().setPolicy(PolicyFixtures.POLICY);
    h.sam.getSpec().setRequester(PolicyFixtures.user(PolicyFixtures.ALICE));
  }

  @Test
  void aTargetNamespaceOutsideThePolicyFailsNotPermittedWithZeroClusterRequests() {
    h.sam.getSpec().getTarget().setNamespace("orders");

    h.reconcile();
    h.reconcile();

    assertThat(h.phase()).isEqualTo(Phase.Failed);
    assertThat(h.condition(Conditions.READY)).isEqualTo("False/NotPermitted");
    assertThat(StatusEditor.find(h.status, Conditions.READY).orElseThrow().getMessage())
        .contains("payments").contains("orders")
        .as("says what to change").endsWith(io.cutover.policy.Decision.REMEDY);
    assertThat(h.source.calls()).as("source requests").isEmpty();
    assertThat(h.target.calls()).as("target requests").isEmpty();
    ReliabilityReport.increment(ReliabilityReport.Counter.MALFORMED_INPUTS);
  }

  /** Attack chain (d): a dry run of an identity the requester may not move reads nothing of it. */
  @Test
  void aDryRunOfAnIdentityOutsideThePolicyReadsNothing() {
    h.sam.getSpec().setDryRun(true);
    h.sam.getSpec().getSource().setNamespace("kube-system");
    h.sam.getSpec().getSource().setServiceAccount("coredns");

    h.reconcile();
    h.reconcile();

    assertThat(h.condition(Conditions.READY)).isEqualTo("False/NotPermitted");
    assertThat(h.status.getPlan()).as("no RBAC of the identity in status").isNull();
    assertThat(h.journal.calls()).isEmpty();
  }

  @Test
  void aRequesterWithoutUseFailsNotPermittedNamingTheGrantToAskFor() {
    grants.revoke(PolicyFixtures.ALICE, MigrationPolicy.USE, MigrationPolicy.PLURAL, PolicyFixtures.POLICY, "");

    h.reconcile();
    h.reconcile();

    assertThat(h.condition(Conditions.READY)).isEqualTo("False/NotPermitted");
    assertThat(StatusEditor.find(h.status, Conditions.READY).orElseThrow().getMessage())
        .contains("alice may not use migrationpolicies.cutover.io payments");
    assertThat(h.journal.calls()).isEmpty();
  }

  @Test
  void aPermittedMigrationPassesTheGatePlansAndPinsWhatWasAdmitted() {
    h.reconcile(); // Pending -> Planning
    h.reconcile(); // Planning reads and plans

    assertThat(h.phase()).as(h.status.getHistory().toString()).isEqualTo(Phase.Planned);
    assertThat(h.source.calls()).as("the gate let it through to the source").isNotEmpty();
    var pinned = h.status.getAuthorization();
    assertThat(pinned.getPolicy()).isEqualTo("payments");
    assertThat(pinned.getRequester().getUsername()).isEqualTo("alice");
    assertThat(pinned.getSourceKubeconfigSecret()).isEqualTo("eu-old-kubeconfig");
    assertThat(pinned.getTargetKubeconfigSecret()).isEqualTo("eu-new-kubeconfig");
  }

  @Test
  void theGateAlsoGuardsARePlanAfterASpecChange() {
    h.sam.getSpec().setDryRun(true);
    h.reconcile();
    h.reconcile();
    assertThat(h.phase()).isEqualTo(Phase.Planned);
    h.journal.clear();

    // the spec is edited to an invalid window; Planned re-plans, and the gate refuses before reading
    h.sam.getSpec().getDualRun().setWindow("0s");
    h.sam.getMetadata().setGeneration(2L);
    h.reconcile(); // Planned -> Planning
    h.reconcile(); // Planning: gate

    assertThat(h.phase()).isEqualTo(Phase.Failed);
    assertThat(h.condition(Conditions.READY)).isEqualTo("False/InvalidSpec");
    assertThat(h.journal.calls()).isEmpty();
  }
}
