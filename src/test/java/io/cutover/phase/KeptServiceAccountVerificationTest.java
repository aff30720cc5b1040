package io.cutover.phase;

import static io.cutover.plan.PlanFixtures.NS;
import static io.cutover.plan.PlanFixtures.SA;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.CheckResult;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.RevokeSpec;
import io.cutover.cluster.Journal.Call;
import io.cutover.plan.PlanFixtures;
import io.cutover.plan.TargetObjects;
import io.cutover.status.StatusEditor;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code revoke.serviceAccount: Keep} (issue 15 item 7): the kept ServiceAccount's tokens still authenticate, so
 * verification asks the source, by SubjectAccessReview as the old identity with its groups, for every permission the
 * plan granted it by name. One still allowed — here through a group binding left on the source — keeps the migration
 * in Verifying with Verified=False reason PermissionsRemain, naming it; none allowed completes it, with a message that
 * says what was proven and that the ServiceAccount is kept.
 */
class KeptServiceAccountVerificationTest {
  private static final Instant DEADLINE = MigrationHarness.START.plus(Duration.ofMinutes(15));
  private static final String CANARY = "cutover-canary-" + TargetObjects.shortUid(PlanFixtures.MIGRATION_UID);
  private static final String OLD_USER = "system:serviceaccount:" + NS + ":" + SA;

  private static MigrationHarness keeping() {
    MigrationHarness h = new MigrationHarness();
    h.sam.getSpec().getCutover().getRevoke().setServiceAccount(RevokeSpec.ServiceAccountAction.Keep);
    return h;
  }

  /** Left on the source: every ServiceAccount of the namespace may read its Secrets, the old identity included. */
  private static MigrationHarness keepingWithANamespaceGroupGrant() {
    MigrationHarness h = keeping();
    PlanFixtures.roleBinding(h.source, NS, "all-payments-secrets", "Role", "secret-reader",
        group("system:serviceaccounts:" + NS));
    return h;
  }

  private static String verifiedMessage(MigrationHarness h) {
    return StatusEditor.find(h.status, Conditions.VERIFIED).orElseThrow().getMessage();
  }

  private static MigrationHarness atVerifying(MigrationHarness h) {
    assertThat(h.runWhileAdvancing(10)).isEqualTo(Phase.DualRun);
    h.clock.set(DEADLINE);
    h.reconcile();
    h.reconcile();
    assertThat(h.phase()).isEqualTo(Phase.Verifying);
    assertThat(h.source.exists("ServiceAccount", NS, SA)).as("the source ServiceAccount is kept")
        .isEqualTo(h.sam.getSpec().getCutover().getRevoke().getServiceAccount() == RevokeSpec.ServiceAccountAction.Keep);
    h.journal.clear();
    return h;
  }

  private static Subject group(String name) {
    return new SubjectBuilder().withKind("Group").withApiGroup(PlanFixtures.RBAC_GROUP).withName(name).build();
  }

  private static List<Call> sourceAccessReviews(MigrationHarness h) {
    return h.journal.calls().stream()
        .filter(c -> c.cluster().equals(PlanFixtures.SOURCE) && c.operation().equals("reviewAccess")).toList();
  }

  private static CheckResult check(MigrationHarness h, String name) {
    return h.status.getVerification().getChecks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aGroupOfTheNamespaceStillGrantingAPlannedPermissionEndsVerifiedFalsePermissionsRemainNamingIt() {
    MigrationHarness h = atVerifying(keepingWithANamespaceGroupGrant());
    String canary = h.source.readToken(NS, CANARY).orElseThrow().token().reveal();

    StepResult r = h.reconcile();

    assertThat(r).isInstanceOf(StepResult.Retry.class);
    assertThat(((StepResult.Retry) r).reason()).isEqualTo(Conditions.Reason.PERMISSIONS_REMAIN);
    assertThat(h.phase()).isEqualTo(Phase.Verifying);
    assertThat(h.condition(Conditions.VERIFIED)).isEqualTo("False/PermissionsRemain");
    assertThat(h.condition(Conditions.READY)).isEqualTo("False/PermissionsRemain");
    String message = verifiedMessage(h);
    assertThat(message).contains("get secrets in " + NS).contains(OLD_USER).doesNotContain(canary);
    assertThat(check(h, VerifyingStep.PERMISSIONS_DENIED).passed()).isFalse();
    // the bindings that named it are gone: what remains is the group's
    assertThat(check(h, "NoSourceBindings").passed()).isTrue();
    assertThat(sourceAccessReviews(h)).isNotEmpty().allSatisfy(c -> assertThat(c.arg(0)).isEqualTo(OLD_USER));
  }

  @Test
  void allServiceAccountsOfTheClusterStillGrantingAPlannedClusterWidePermissionIsReportedToo() {
    MigrationHarness h = keeping();
    PlanFixtures.clusterRoleBinding(h.source, "every-sa-views", "view", group("system:serviceaccounts"));
    atVerifying(h);

    h.reconcile();

    assertThat(h.condition(Conditions.VERIFIED)).isEqualTo("False/PermissionsRemain");
    assertThat(verifiedMessage(h))
        .contains("list pods cluster-wide").doesNotContain("secrets");
  }

  @Test
  void theGroupGrantRemovedTheNextVerificationCompletes() {
    MigrationHarness h = atVerifying(keepingWithANamespaceGroupGrant());
    h.reconcile();
    assertThat(h.condition(Conditions.VERIFIED)).isEqualTo("False/PermissionsRemain");

    h.source.remove("RoleBinding", NS, "all-payments-secrets");
    h.reconcile();

    assertThat(h.phase()).isEqualTo(Phase.Completed);
    assertThat(h.condition(Conditions.VERIFIED)).isEqualTo("True/Verified");
  }

  @Test
  void nothingRemainingVerifiesSayingWhatWasProvenAndThatTheServiceAccountIsKept() {
    MigrationHarness h = atVerifying(keeping());
    int planned = io.cutover.plan.Planner.sourceAccessChecks(h.status.getPlan()).size();

    h.reconcile();

    assertThat(h.phase()).isEqualTo(Phase.Completed);
    assertThat(h.ready()).isTrue();
    assertThat(h.condition(Conditions.VERIFIED)).isEqualTo("True/Verified");
    String verified = verifiedMessage(h);
    assertThat(verified).contains("kept").contains("still authenticate")
        .contains("denies all " + planned + " permission(s)").doesNotContain("revoked");
    assertThat(StatusEditor.find(h.status, Conditions.READY).orElseThrow().getMessage())
        .contains("kept").doesNotContain("is revoked");
    // one SubjectAccessReview per planned permission (get secrets; get/list/watch of pods, services, configmaps)
    assertThat(planned).isEqualTo(10);
    assertThat(sourceAccessReviews(h)).hasSize(planned);
    assertThat(check(h, VerifyingStep.PERMISSIONS_DENIED).passed()).isTrue();
  }

  @Test
  void keptWithItsBindingsTooItHoldsEveryPlannedPermissionAndIsNeverVerified() {
    MigrationHarness h = keeping();
    h.sam.getSpec().getCutover().getRevoke().setBindings(false);
    atVerifying(h);

    h.reconcile();

    assertThat(h.phase()).isEqualTo(Phase.Verifying);
    assertThat(h.condition(Conditions.VERIFIED)).isEqualTo("False/PermissionsRemain");
    assertThat(verifiedMessage(h))
        .contains("still allowed 10 of the 10 permission(s)");
  }

  @Test
  void aGroupGrantThePlanDidNotMirrorIsNotAskedAbout() {
    MigrationHarness h = keeping();
    // A permission only a group grants: not the identity's own, not mirrored, so not the identity's to lose.
    PlanFixtures.role(h.source, NS, "lease-reader", PlanFixtures.rule("get", "coordination.k8s.io", "leases"));
    PlanFixtures.roleBinding(h.source, NS, "lease-reader", "Role", "lease-reader", group("system:serviceaccounts:" + NS));
    PlanFixtures.role(h.target, NS, "lease-reader", PlanFixtures.rule("get", "coordination.k8s.io", "leases"));
    PlanFixtures.roleBinding(h.target, NS, "lease-reader", "Role", "lease-reader", group("system:serviceaccounts:" + NS));
    atVerifying(h);

    h.reconcile();

    assertThat(h.phase()).isEqualTo(Phase.Completed);
    assertThat(sourceAccessReviews(h)).noneMatch(c -> c.args().toString().contains("leases"));
  }

  @Test
  void withTheServiceAccountDeletedNoAccessReviewIsAskedOnTheSource() {
    MigrationHarness h = atVerifying(new MigrationHarness());

    h.reconcile();

    assertThat(h.phase()).isEqualTo(Phase.Completed);
    assertThat(sourceAccessReviews(h)).isEmpty();
    assertThat(StatusEditor.find(h.status, Conditions.READY).orElseThrow().getMessage()).contains("is revoked");
  }
}
