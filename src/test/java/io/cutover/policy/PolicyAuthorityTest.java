package io.cutover.policy;

import static io.cutover.policy.PolicyFixtures.ALICE;
import static io.cutover.policy.PolicyFixtures.BOB;
import static io.cutover.policy.PolicyFixtures.POLICY;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.BindingRef;
import io.cutover.api.v1alpha1.MigrationPolicy;
import io.cutover.api.v1alpha1.MigrationPolicySpec;
import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.PlanStatus;
import io.cutover.api.v1alpha1.PolicyCluster;
import io.cutover.api.v1alpha1.RelyingParty;
import io.cutover.api.v1alpha1.RevokeSpec;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.validate.SpecDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who may migrate what ({@link PolicyAuthority} over {@link PolicyRules}): the policy's rules, the requester's
 * {@code use} and the approver's {@code approve}, the default without a policy, and the identities that never move.
 * Each refusal names what to change. The attack chains of issue 15 (a)-(f) are here as unit cases; they are run
 * end to end on the real control plane in {@code real.PolicyOnRealClustersTest}.
 */
class PolicyAuthorityTest {
  final MigrationPolicySpec policy = PolicyFixtures.paymentsPolicy();
  final PolicyFixtures.Policies policies = new PolicyFixtures.Policies().with(POLICY, policy);
  final PolicyFixtures.Grants grants = new PolicyFixtures.Grants().onPolicy(ALICE, MigrationPolicy.USE);
  final PolicyAuthority authority = new PolicyAuthority(policies, grants,
      ProtectedIdentities.standard("cutover", "cutover-system"));
  final ServiceAccountMigration sam = PolicyFixtures.migration();

  Decision decide(Consumer<ServiceAccountMigrationSpec> change) {
    change.accept(sam.getSpec());
    return authority.decide(sam, SpecDefaults.withDefaults(sam.getSpec()));
  }

  @Test
  void aMigrationInsideItsPolicyByARequesterHoldingUseIsPermitted() {
    Decision d = decide(s -> { });
    assertThat(d.refusals()).isEmpty();
    assertThat(grants.asked).containsExactly("alice use migrationpolicies payments ");
  }

  @Test
  void aRequesterWithoutUseOnThePolicyIsRefusedNamingTheVerbAndPolicy() {
    grants.revoke(ALICE, MigrationPolicy.USE, MigrationPolicy.PLURAL, POLICY, "");
    assertThat(decide(s -> { }).message()).isEqualTo("the requester alice may not use migrationpolicies.cutover.io payments");
  }

  @Test
  void aPolicyThatDoesNotExistIsRefusedBeforeAnyGrantIsAsked() {
    policies.byName.clear();
    assertThat(decide(s -> { }).message()).isEqualTo("MigrationPolicy payments does not exist (spec.policy)");
    assertThat(grants.asked).isEmpty();
  }

  @Test
  void aMigrationWithoutARequesterIsRefused() {
    assertThat(decide(s -> s.setRequester(null)).message()).startsWith("spec.requester is required");
  }

  @Test
  void everyPartOfTheScopeIsChecked() {
    assertThat(decide(s -> s.getTarget().setNamespace("orders")).message())
        .isEqualTo("policy payments does not permit target namespace orders (target.namespaces [payments])");
    sam.getSpec().getTarget().setNamespace(null);
    policy.getSource().setServiceAccounts(new ArrayList<>(List.of("payments-api")));
    assertThat(decide(s -> s.getSource().setServiceAccount("billing-api")).message())
        .contains("does not permit source ServiceAccount billing-api");
    sam.getSpec().getSource().setServiceAccount("payments-api");
    assertThat(decide(s -> s.getSource().getCluster().getKubeconfigSecretRef().setName("other-kubeconfig")).message())
        .isEqualTo("policy payments does not permit source cluster eu-old (kubeconfig Secret other-kubeconfig)");
    sam.getSpec().getSource().getCluster().getKubeconfigSecretRef().setName("eu-old-kubeconfig");
    sam.getMetadata().setNamespace("team-a");
    assertThat(decide(s -> { }).message())
        .isEqualTo("policy payments is not for migrations in namespace team-a (migrationNamespaces [cutover-system])");
  }

  @Test
  void namespaceAndNamePatternsMatchPrefixesEndingInAStar() {
    policy.getTarget().setNamespaces(new ArrayList<>(List.of("pay*")));
    policy.getSource().setServiceAccounts(new ArrayList<>(List.of("payments-*")));
    assertThat(decide(s -> s.getTarget().setNamespace("payouts")).refusals()).isEmpty();
    assertThat(decide(s -> s.getTarget().setNamespace("orders")).refusals()).hasSize(1);
    assertThat(PolicyRules.matches(List.of("*"), "anything")).isTrue();
    assertThat(PolicyRules.matches(List.of("pay"), "payments")).isFalse();
  }

  @Test
  void aClusterNamedOnlyByNameMatchesAnyKubeconfigSecretOfThatName() {
    policy.getSource().setClusters(new ArrayList<>(List.of(new PolicyCluster("eu-old", null))));
    assertThat(decide(s -> s.getSource().getCluster().getKubeconfigSecretRef().setName("x-kubeconfig")).refusals())
        .isEmpty();
  }

  /** Attack chains (a) and (c): the migrator's own identity and kube-system's never move, whatever a policy says. */
  @ParameterizedTest
  @ValueSource(strings = {"kube-system", "kube-public", "kube-node-lease", "cutover", "cutover-system"})
  void protectedNamespacesNeverMoveEvenUnderAPolicyThatNamesThem(String ns) {
    policy.getSource().setNamespaces(new ArrayList<>(List.of("*")));
    policy.getTarget().setNamespaces(new ArrayList<>(List.of("*")));
    assertThat(decide(s -> s.getSource().setNamespace(ns)).message()).contains("spec.source: namespace " + ns
        + " is protected");
    assertThat(decide(s -> s.getTarget().setNamespace(ns)).message()).contains("spec.target: namespace " + ns
        + " is protected");
  }

  /** Attack chain (a): an identity bound to the migrator's role is refused from its plan, in any namespace. */
  @Test
  void aPlanMovingAnIdentityBoundToTheMigratorsRoleIsRefused() {
    PlanStatus plan = new PlanStatus();
    plan.getBindings().add(new BindingRef("ClusterRoleBinding", null, "sneaky", "ClusterRole", "cutover-migrator",
        "ServiceAccount", false));
    Decision d = authority.decidePlan(sam, SpecDefaults.withDefaults(sam.getSpec()), plan);
    assertThat(d.message()).contains("bound to the migrator's role cutover-migrator");
  }

  @Test
  void aPlanWritingOutsideTheTargetNamespacesOrClusterWideIsRefusedUnlessAllowed() {
    PlanStatus plan = new PlanStatus();
    plan.getTargetObjects().add(ObjectRef.of("RoleBinding", "orders", "payments-api-reader"));
    plan.getTargetObjects().add(ObjectRef.of("ClusterRole", null, "payments-api-nodes"));
    plan.getTargetObjects().add(ObjectRef.of("Namespace", null, "payments"));
    Decision d = authority.decidePlan(sam, SpecDefaults.withDefaults(sam.getSpec()), plan);
    assertThat(d.refusals()).hasSize(2);
    assertThat(d.message()).contains("RoleBinding").contains("namespace orders").contains("allow.clusterRoles");
    policy.getAllow().setClusterRoles(true);
    policy.getTarget().getNamespaces().add("orders");
    assertThat(authority.decidePlan(sam, SpecDefaults.withDefaults(sam.getSpec()), plan).refusals()).isEmpty();
  }

  /** Attack chains (b), (e) and (f) and the other options: each refused unless the policy allows it. */
  @Test
  void everyOptionIsRefusedUnlessThePolicyAllowsIt() {
    assertThat(decide(s -> s.getRbac().setAllowEscalation(true)).message())
        .isEqualTo("policy payments does not allow spec.rbac.allowEscalation");
    policy.getAllow().setEscalation(true);
    assertThat(decide(s -> { }).refusals()).isEmpty();

    assertThat(decide(s -> s.setSecrets(new ArrayList<>(List.of("argocd-cluster-x")))).message())
        .isEqualTo("policy payments does not allow copying Secret argocd-cluster-x (allow.secrets [])");
    policy.getAllow().setSecrets(new ArrayList<>(List.of("argocd-*")));
    assertThat(decide(s -> { }).refusals()).isEmpty();
    sam.getSpec().setSecrets(new ArrayList<>());

    assertThat(decide(s -> s.setMoveSecrets(true)).message()).contains("spec.moveSecrets");
    sam.getSpec().setMoveSecrets(false);

    assertThat(decide(s -> s.getCutover().getRevoke().setServiceAccount(RevokeSpec.ServiceAccountAction.Keep))
        .message()).contains("allow.revocationOff");
    sam.getSpec().getCutover().getRevoke().setServiceAccount(RevokeSpec.ServiceAccountAction.Delete);

    assertThat(decide(s -> s.getTokens().setAudiences(new ArrayList<>(List.of("https://kubernetes.default.svc"))))
        .message()).contains("audience https://kubernetes.default.svc");
    sam.getSpec().getTokens().setAudiences(new ArrayList<>(List.of("vault.eu-new.example")));

    assertThat(decide(s -> s.getDualRun().setWindow("1h")).refusals()).isEmpty();
    policy.getAllow().setMaxWindow("15m");
    assertThat(decide(s -> { }).message()).isEqualTo("policy payments allows a dual-run window of at most 15m, not 1h");
  }

  @Test
  void aProbeGoesOnlyToAHostThePolicyListsAndARelyingPartysDefaultAudienceMustBeAllowed() {
    RelyingParty aws = new RelyingParty();
    aws.setName("aws");
    aws.setKind(RelyingParty.Kind.AWS);
    aws.setProbeUrl("https://sts.example.com/probe");
    Decision d = decide(s -> s.getTrust().getRelyingParties().add(aws));
    assertThat(d.message()).contains("does not allow probing host sts.example.com").contains("audience sts.amazonaws.com");
    policy.getAllow().getProbeHosts().add("sts.example.com");
    policy.getAllow().getAudiences().add("sts.amazonaws.com");
    assertThat(decide(s -> { }).refusals()).isEmpty();
  }

  @Test
  void anApprovalNeedsApproveOnThePolicyAndASecondPersonUnlessSelfApprovalIsAllowed() {
    assertThat(decide(s -> s.getCutover().setApproved(true)).message())
        .startsWith("spec.cutover.approvedBy is required with approved: true");

    sam.getSpec().getCutover().setApprovedBy(PolicyFixtures.user(ALICE));
    assertThat(decide(s -> { }).message()).contains("the approver alice may not approve migrationpolicies.cutover.io"
        + " payments").contains("does not allow the requester to approve their own cutover");

    grants.onPolicy(BOB, MigrationPolicy.APPROVE);
    sam.getSpec().getCutover().setApprovedBy(PolicyFixtures.user(BOB));
    assertThat(decide(s -> { }).refusals()).isEmpty();

    grants.onPolicy(ALICE, MigrationPolicy.APPROVE);
    policy.getAllow().setSelfApproval(true);
    sam.getSpec().getCutover().setApprovedBy(PolicyFixtures.user(ALICE));
    assertThat(decide(s -> { }).refusals()).isEmpty();
  }

  /** Without spec.policy: only within the migration's own namespace of the operator's cluster, as the requester may. */
  @Test
  void withoutAPolicyAMigrationStaysInItsOwnNamespaceOfTheOwnClusterAndNeedsTheRequestersOwnRights() {
    sam.getSpec().setPolicy(null);
    assertThat(decide(s -> { }).message()).contains("stays on the operator's own cluster")
        .contains("only within its own namespace cutover-system");

    sam.getMetadata().setNamespace("payments");
    sam.getSpec().getSource().setCluster(null);
    sam.getSpec().getTarget().setCluster(null);
    sam.getSpec().getTokens().setAudiences(new ArrayList<>());
    Decision refused = decide(s -> { });
    assertThat(refused.message()).contains("the requester alice may not create serviceaccounts/token in namespace payments")
        .contains("may not delete secrets in namespace payments");

    for (var check : PolicyAuthority.ownNamespaceRights("payments", SpecDefaults.withDefaults(sam.getSpec()))) {
      grants.grant(ALICE, check.verb(), check.resource() + (check.subresource() == null ? "" : "/" + check.subresource()),
          "", "payments");
    }
    assertThat(decide(s -> { }).refusals()).isEmpty();
    assertThat(decide(s -> s.getRbac().setAllowEscalation(true)).message())
        .isEqualTo("the default without spec.policy does not allow spec.rbac.allowEscalation");
  }
}
