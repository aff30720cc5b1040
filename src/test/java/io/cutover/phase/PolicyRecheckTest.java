package io.cutover.phase;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.MigrationPolicy;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.cluster.AccessReviewOutcome;
import io.cutover.cluster.ClusterAccessException;
import io.cutover.policy.PolicyAuthority;
import io.cutover.policy.PolicyFixtures;
import io.cutover.policy.ProtectedIdentities;
import io.cutover.rbac.AccessCheck;
import io.cutover.status.StatusEditor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The policy is asked again before every step that writes: a grant revoked, a policy edited or deleted, or a spec
 * that no longer matches what was admitted stops the migration by rolling back, before anything of the source is
 * revoked; the approver is recorded.
 */
class PolicyRecheckTest {
  final MigrationHarness h = new MigrationHarness();
  final PolicyFixtures.Policies policies = new PolicyFixtures.Policies()
      .with(PolicyFixtures.POLICY, PolicyFixtures.paymentsPolicy());
  /** The grants, and whether the control cluster answers at all. */
  final PolicyFixtures.Grants grants = new PolicyFixtures.Grants() {
    @Override
    public AccessReviewOutcome reviewAccess(String user, List<String> groups, AccessCheck check) {
      if (controlDown) {
        throw new ClusterAccessException("ClusterUnreachable", "control cluster: SubjectAccessReview: connection refused", true);
      }
      return super.reviewAccess(user, groups, check);
    }
  }.onPolicy(PolicyFixtures.ALICE, MigrationPolicy.USE);
  boolean controlDown;

  PolicyRecheckTest() {
    h.authority = new PolicyAuthority(policies, grants, ProtectedIdentities.standard("cutover", "cutover-system"));
    // The fixture source binds the identity to a ClusterRole too: its plan creates a ClusterRoleBinding.
    policies.byName.get(PolicyFixtures.POLICY).getAllow().setClusterRoles(true);
    h.sam.getSpec().setPolicy(PolicyFixtures.POLICY);
    h.sam.getSpec().setRequester(PolicyFixtures.user(PolicyFixtures.ALICE));
    h.sam.getSpec().getCutover().setApproval(io.cutover.api.v1alpha1.CutoverSpec.Approval.Manual);
  }

  private void toDualRun() {
    assertThat(h.runUntil(Phase.DualRun, 30)).isEqualTo(Phase.DualRun);
    h.writes.clear();
  }

  private void assertRolledBackNotPermitted(String because) {
    assertThat(h.runUntil(Phase.RolledBack, 30)).isEqualTo(Phase.RolledBack);
    assertThat(h.status.getHistory()).anySatisfy(t -> {
      assertThat(t.phase()).isEqualTo(Phase.RollingBack);
      assertThat(t.reason()).isEqualTo(Conditions.Reason.NOT_PERMITTED);
      assertThat(t.message()).contains(because);
    });
    assertThat(h.writes).as("nothing of the source is touched").noneMatch(w -> w.startsWith(SOURCE_WRITE));
  }

  private static final String SOURCE_WRITE = io.cutover.plan.PlanFixtures.SOURCE + " ";

  @Test
  void aGrantRevokedDuringTheDualRunRollsBackBeforeRevocation() {
    toDualRun();
    grants.revoke(PolicyFixtures.ALICE, MigrationPolicy.USE, MigrationPolicy.PLURAL, PolicyFixtures.POLICY, "");

    assertRolledBackNotPermitted("alice may not use migrationpolicies.cutover.io payments");
  }

  @Test
  void aPolicyDeletedDuringTheDualRunRollsBack() {
    toDualRun();
    policies.byName.clear();

    assertRolledBackNotPermitted("MigrationPolicy payments does not exist");
  }

  @Test
  void aPolicyNarrowedDuringProvisioningRollsBackBeforeTheNextTargetWrite() {
    h.runUntil(Phase.Provisioning, 30);
    policies.byName.get(PolicyFixtures.POLICY).getTarget().setNamespaces(new java.util.ArrayList<>(List.of("orders")));
    h.writes.clear();

    h.reconcile();

    assertThat(h.phase()).isEqualTo(Phase.RollingBack);
    assertThat(h.writes).as("no target write after the policy stopped permitting it")
        .allMatch(w -> w.startsWith("control status"));
  }

  @Test
  void aSpecThatNoLongerMatchesThePlannedIdentityRollsBack() {
    toDualRun();
    // The CRD makes spec.source immutable; an older CRD (or a sandbox without CEL) might not.
    h.sam.getSpec().getSource().setServiceAccount("billing-api");

    assertRolledBackNotPermitted("spec.source changed since the migration was admitted");
  }

  @Test
  void theApproverIsRecordedWhenTheCutoverIsApproved() {
    grants.onPolicy(PolicyFixtures.BOB, MigrationPolicy.APPROVE);
    toDualRun();
    h.sam.getSpec().getCutover().setApproved(true);
    h.sam.getSpec().getCutover().setApprovedBy(PolicyFixtures.user(PolicyFixtures.BOB));

    assertThat(h.runUntil(Phase.Completed, 40)).isEqualTo(Phase.Completed);
    assertThat(h.status.getAuthorization().getApprovedBy().getUsername()).isEqualTo("bob");
  }

  @Test
  void anApprovalBySomeoneWithoutApproveRollsBackInsteadOfCuttingOver() {
    toDualRun();
    h.sam.getSpec().getCutover().setApproved(true);
    h.sam.getSpec().getCutover().setApprovedBy(PolicyFixtures.user(PolicyFixtures.BOB));

    assertRolledBackNotPermitted("the approver bob may not approve");
  }

  @Test
  void notKnowingIsNotPermissionAtTheDeadlineItRollsBackAndBeforeItItRetries() {
    toDualRun();
    controlDown = true;

    StepResult before = h.reconcile();
    assertThat(h.phase()).as("before the deadline: retried").isEqualTo(Phase.DualRun);
    assertThat(before).isNotInstanceOf(StepResult.Advance.class);

    h.clock.set(h.deadline());
    h.reconcile();
    assertThat(h.phase()).isEqualTo(Phase.RollingBack);
    assertThat(StatusEditor.find(h.status, Conditions.READY).orElseThrow().getMessage())
        .contains("could not confirm at the deadline");
  }
}
