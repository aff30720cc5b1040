package io.cutover.phase;

import static io.cutover.plan.PlanFixtures.NS;
import static io.cutover.plan.PlanFixtures.SA;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.CutoverSpec;
import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.Ownership;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.cluster.Journal;
import io.cutover.cluster.IssuedRecord;
import io.cutover.cluster.TestingClusterPort;
import io.cutover.cluster.Journal.Call;
import io.cutover.cluster.TestingClusterPort.FailureMode;
import io.cutover.cluster.Token;
import io.cutover.plan.PlanFixtures;
import io.cutover.plan.TargetObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PhaseStepsTest {
  private static final Instant DEADLINE = MigrationHarness.START.plus(Duration.ofMinutes(15));
  private static final String CANARY = "cutover-canary-" + TargetObjects.shortUid(PlanFixtures.MIGRATION_UID);

  /** Drives a fresh migration through Pending, Planning, Planned and Provisioning into DualRun. */
  static MigrationHarness inDualRun(MigrationHarness h) {
    assertThat(h.runWhileAdvancing(10)).isEqualTo(Phase.DualRun);
    return h;
  }

  static MigrationHarness inDualRun() {
    return inDualRun(new MigrationHarness());
  }

  /** Source calls that revoke something of the identity: deleting its SA or legacy secrets, removing its subjects. */
  static boolean isSourceRevocation(Call c) {
    if (!c.cluster().equals(PlanFixtures.SOURCE)) {
      return false;
    }
    return c.operation().equals("removeServiceAccountSubject")
        || (c.operation().equals("delete") && c.arg(0).equals("ServiceAccount"))
        || (c.operation().equals("delete") && c.arg(0).equals("Secret") && !c.arg(2).equals(CANARY));
  }

  static Set<String> sourceState(TestingClusterPort source) {
    Set<String> out = new TreeSet<>();
    for (HasMetadata o : source.objects()) {
      String id = o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName() + "@" + o.getMetadata().getUid();
      if (o instanceof RoleBinding b) {
        id += " subjects=" + b.getSubjects().stream().map(s -> s.getKind() + ":" + s.getNamespace() + ":" + s.getName()).toList();
      } else if (o instanceof ClusterRoleBinding b) {
        id += " subjects=" + b.getSubjects().stream().map(s -> s.getKind() + ":" + s.getNamespace() + ":" + s.getName()).toList();
      }
      out.add(id);
    }
    return out;
  }

  @Nested
  class Planning {
    @Test
    void aPermissionTheMigratorMayNotGrantOnTheTargetFailsThePlanNamingItBeforeAnyWrite() {
      MigrationHarness h = new MigrationHarness();
      // The mirrored Role reads Secrets; the migrator may write them (its own scope) but not read them.
      h.target.denyMigrator(c -> "secrets".equals(c.resource()) && "get".equals(c.verb()));

      assertThat(lacksPermissionBeforeAnyWrite(h)).contains("may not grant").contains("get secrets")
          .contains("docs/operations.md").doesNotContain("configmaps");
    }

    /** Runs Planning; asserts it failed with MigratorLacksPermission before the dual run and any write; the message. */
    private String lacksPermissionBeforeAnyWrite(MigrationHarness h) {
      for (int i = 0; i < 4; i++) {
        h.reconcile();
      }
      assertThat(h.phase()).isEqualTo(Phase.Failed);
      assertThat(h.status.getDualRun()).isNull();
      assertThat(h.journal.calls()).noneMatch(Call::isWrite);
      var ready = h.status.getConditions().stream().filter(c -> c.getType().equals(Conditions.READY)).findFirst()
          .orElseThrow();
      assertThat(ready.getReason()).isEqualTo(Conditions.Reason.MIGRATOR_LACKS_PERMISSION);
      return ready.getMessage();
    }

    @Test
    void aMigratorHoldingEveryMirroredPermissionIsAskedOncePerPermissionAndGoesOn() {
      MigrationHarness h = new MigrationHarness();

      for (int i = 0; i < 3; i++) {
        h.reconcile();
      }

      assertThat(h.phase()).isEqualTo(Phase.Provisioning);
      for (var cluster : List.of(h.source, h.target)) {
        List<String> asked = cluster.calls().stream().filter(c -> c.operation().equals("mayI"))
            .map(c -> c.args().toString()).toList();
        assertThat(asked).as(cluster.clusterName()).isNotEmpty().doesNotHaveDuplicates();
      }
    }

    @Test
    void aTargetNamespaceOutsideTheMigratorsScopeFailsThePlanNamingItBeforeAnyWrite() {
      MigrationHarness h = new MigrationHarness();
      // The migrator is bound in no namespace of the target (deploy/remote applied, deploy/remote/namespace not).
      h.target.denyMigrator(c -> c.namespace() != null && !c.resource().startsWith("cluster"));

      assertThat(lacksPermissionBeforeAnyWrite(h))
          .contains("create serviceaccounts in namespace " + PlanFixtures.NS + " on " + PlanFixtures.TARGET)
          .contains("create serviceaccounts/token in namespace " + PlanFixtures.NS)
          .contains("deploy/remote/namespace").contains("Nothing was written");
    }

    @Test
    void aSourceTheMigratorMayNotRevokeOnFailsThePlanBeforeTheDualRunNotAtCutover() {
      MigrationHarness h = new MigrationHarness();
      h.source.denyMigrator(c -> "delete".equals(c.verb()));

      assertThat(lacksPermissionBeforeAnyWrite(h))
          .contains("delete serviceaccounts in namespace " + PlanFixtures.NS + " on " + PlanFixtures.SOURCE)
          .contains("delete secrets in namespace " + PlanFixtures.NS);
    }
  }

  @Nested
  class Planned {
    @Test
    void opensTheWindowWithDeadlineNowPlusWindowBeforeAnythingExistsOnTheTarget() {
      MigrationHarness h = new MigrationHarness();
      h.reconcile(); // Pending
      h.reconcile(); // Planning
      h.target.journal().clear();
      h.reconcile(); // Planned

      assertThat(h.phase()).isEqualTo(Phase.Provisioning);
      assertThat(h.status.getDualRun().getStartedAt()).isEqualTo(MigrationHarness.START.toString());
      assertThat(h.deadline()).isEqualTo(DEADLINE);
      assertThat(h.target.writes()).isEmpty();
    }

    @Test
    void reRunFromProvisioningKeepsTheExistingDeadline() {
      MigrationHarness h = new MigrationHarness();
      h.reconcile();
      h.reconcile();
      h.reconcile();
      assertThat(h.phase()).isEqualTo(Phase.Provisioning);
      h.clock.advance(Duration.ofMinutes(5));

      StepContext ctx = h.context();
      new PlannedStep().run(ctx);

      assertThat(ctx.status().getDualRun().getDeadline()).isEqualTo(DEADLINE.toString());
      assertThat(ctx.status().getDualRun().getStartedAt()).isEqualTo(MigrationHarness.START.toString());
    }

    @Test
    void dryRunPlansAndRestsInPlannedWritingNothing() {
      MigrationHarness h = new MigrationHarness();
      h.sam.getSpec().setDryRun(true);

      for (int i = 0; i < 5; i++) {
        h.reconcile();
      }

      assertThat(h.phase()).isEqualTo(Phase.Planned);
      assertThat(h.ready()).isTrue();
      assertThat(h.status.getDualRun()).isNull();
      assertThat(h.journal.calls()).isNotEmpty().noneMatch(Call::isWrite);
    }
  }

  @Nested
  class Provisioning {
    @Test
    void anObjectSomeoneElseCreatedUnderAPlannedNameIsNeverAdoptedAndTheMigrationRollsBack() {
      MigrationHarness h = new MigrationHarness();
      h.reconcile(); // Pending
      h.reconcile(); // Planning
      h.reconcile(); // Planned: the window opens
      String mirrored = "cutover-" + TargetObjects.shortUid(PlanFixtures.MIGRATION_UID) + "-secret-reader";
      h.target.put(new io.fabric8.kubernetes.api.model.rbac.RoleBuilder().withNewMetadata().withNamespace(NS)
          .withName(mirrored).endMetadata().build());

      StepResult r = h.reconcile(); // Provisioning

      assertThat(r).isInstanceOf(StepResult.Advance.class);
      assertThat(((StepResult.Advance) r).to()).isEqualTo(Phase.RollingBack);
      assertThat(((StepResult.Advance) r).reason()).isEqualTo("TargetObjectConflict");
      assertThat(h.target.issuedTokens()).isEmpty();
      assertThat(h.runWhileAdvancing(5)).isEqualTo(Phase.RolledBack);
      assertThat(h.target.exists("Role", NS, mirrored)).as("the foreign Role is left alone").isTrue();
      assertThat(h.target.exists("ServiceAccount", NS, "payments-api")).isFalse();
    }
    @Test
    void aTargetNamespaceAnotherMigrationCreatedMeanwhileIsSharedAndRollbackLeavesIt() {
      MigrationHarness h = new MigrationHarness();
      String nsUid = h.target.namespace(NS).orElseThrow().getMetadata().getUid();
      assertThat(h.target.delete(io.cutover.api.v1alpha1.ObjectRef.of("Namespace", null, NS), nsUid)).isTrue();
      h.reconcile(); // Pending
      h.reconcile(); // Planning: the namespace is missing, so the plan creates it
      h.reconcile(); // Planned: the window opens
      assertThat(h.status.getPlan().getTargetNamespaceExists()).isFalse();
      // A second migration of the same wave creates the namespace first (it carries that migration's provenance).
      h.target.put(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(NS)
          .addToLabels(Ownership.MANAGED_BY_LABEL, Ownership.MANAGED_BY)
          .addToAnnotations(Ownership.CREATED_BY_MIGRATION_UID_ANNOTATION, PlanFixtures.OTHER_MIGRATION_UID)
          .endMetadata().build());

      h.reconcile(); // Provisioning: records what it will create
      h.reconcile(); // Provisioning: creates it

      assertThat(h.phase()).as("a namespace is shared, not a conflict").isEqualTo(Phase.DualRun);
      assertThat(h.target.exists("ServiceAccount", NS, SA)).isTrue();
      h.sam.getSpec().setRollback(true);
      assertThat(h.runWhileAdvancing(5)).isEqualTo(Phase.RolledBack);
      assertThat(h.target.exists("ServiceAccount", NS, SA)).isFalse();
      assertThat(h.target.exists("Namespace", null, NS)).as("rollback never deletes a shared namespace").isTrue();
    }

    @Test
    void aNamespaceThisMigrationCreatesCarriesProvenanceButNoOwnershipLabel() {
      MigrationHarness h = new MigrationHarness();
      String nsUid = h.target.namespace(NS).orElseThrow().getMetadata().getUid();
      h.target.delete(io.cutover.api.v1alpha1.ObjectRef.of("Namespace", null, NS), nsUid);

      h.reconcile();
      h.reconcile();
      h.reconcile();
      h.reconcile(); // Provisioning: records what it will create
      h.reconcile(); // Provisioning: creates it

      var created = h.target.namespace(NS).orElseThrow().getMetadata();
      assertThat(created.getLabels()).containsEntry(Ownership.MANAGED_BY_LABEL, Ownership.MANAGED_BY)
          .doesNotContainKey(Ownership.MIGRATION_UID_LABEL);
      assertThat(created.getAnnotations()).containsEntry(Ownership.CREATED_BY_MIGRATION_UID_ANNOTATION, PlanFixtures.MIGRATION_UID)
          .containsKeys(Ownership.MIGRATION_ANNOTATION, Ownership.CREATED_AT_ANNOTATION);
    }
  }

  @Nested
  class DualRun {
    @Test
    void beforeTheDeadlineWaitsUntilThePreCutoverProofAndWritesNothingOnTheSource() {
      MigrationHarness h = inDualRun();
      h.journal.clear();
      h.clock.advance(Duration.ofMinutes(5));

      StepResult r = h.reconcile();

      assertThat(r).isInstanceOf(StepResult.Wait.class);
      assertThat(((StepResult.Wait) r).until()).isEqualTo(DEADLINE.minus(CutoverLead.BASE));
      assertThat(h.source.writes()).isEmpty();
      assertThat(h.phase()).isEqualTo(Phase.DualRun);
    }

    @Test
    void atTheDeadlineReprovesTheTargetMintsTheCanaryAndCutsOver() {
      MigrationHarness h = inDualRun();
      h.journal.clear();
      h.clock.set(DEADLINE);

      StepResult r = h.reconcile();

      assertThat(r).isInstanceOf(StepResult.Advance.class);
      assertThat(h.phase()).isEqualTo(Phase.CuttingOver);
      assertThat(h.status.getCutover().getTrigger()).isEqualTo("Deadline");
      assertThat(h.journal.calls()).anyMatch(c -> c.cluster().equals(PlanFixtures.TARGET)
          && c.operation().equals("reviewToken") && c.outcome().startsWith("authenticated"));
      assertThat(h.condition(Conditions.TARGET_PROVEN)).isEqualTo("True/Proven");
      assertThat(h.source.readToken(NS, CANARY)).isPresent();
      assertThat(h.journal.calls()).noneMatch(PhaseStepsTest::isSourceRevocation);
    }

    @Test
    void brokenTargetAtTheDeadlineRevokesNothingAndRetriesWhenOnDeadlineIsCutover() {
      MigrationHarness h = inDualRun();
      Set<String> before = sourceState(h.source);
      h.target.remove("ServiceAccount", NS, SA);
      h.journal.clear();
      h.clock.set(DEADLINE);

      StepResult r = h.reconcile();

      assertThat(r).isInstanceOf(StepResult.Retry.class);
      assertThat(((StepResult.Retry) r).reason()).isEqualTo(Conditions.Reason.TARGET_NOT_PROVEN);
      assertThat(h.phase()).isEqualTo(Phase.DualRun);
      assertThat(h.journal.calls()).noneMatch(PhaseStepsTest::isSourceRevocation);
      assertThat(sourceState(h.source)).isEqualTo(before);
    }

    @Test
    void brokenTargetAtTheDeadlineRollsBackWhenOnDeadlineIsRollback() {
      MigrationHarness h = new MigrationHarness();
      h.sam.getSpec().getDualRun().setOnDeadline(DualRunSpec.OnDeadline.Rollback);
      inDualRun(h);
      Set<String> before = sourceState(h.source);
      h.target.remove("ServiceAccount", NS, SA);
      h.clock.set(DEADLINE);

      h.reconcile();

      assertThat(h.phase()).isEqualTo(Phase.RollingBack);
      assertThat(h.journal.calls()).noneMatch(PhaseStepsTest::isSourceRevocation);
      assertThat(sourceState(h.source)).isEqualTo(before);
    }

    @Test
    void brokenTargetWithApprovalAndOnDeadlineRollbackRollsBackAsTargetNotProven() {
      MigrationHarness h = new MigrationHarness();
      h.sam.getSpec().getDualRun().setOnDeadline(DualRunSpec.OnDeadline.Rollback);
      inDualRun(h);
      h.sam.getSpec().getCutover().setApproved(true);
      h.target.remove("ServiceAccount", NS, SA);

      StepResult r = h.reconcile();

      assertThat(((StepResult.Advance) r).reason()).isEqualTo(Conditions.Reason.TARGET_NOT_PROVEN);
      assertThat(h.phase()).isEqualTo(Phase.RollingBack);
      assertThat(h.journal.calls()).noneMatch(PhaseStepsTest::isSourceRevocation);
    }

    @Test
    void manualApprovalMissingAtTheDeadlineRollsBack() {
      MigrationHarness h = new MigrationHarness();
      h.sam.getSpec().getCutover().setApproval(CutoverSpec.Approval.Manual);
      inDualRun(h);
      h.clock.set(DEADLINE);

      StepResult r = h.reconcile();

      assertThat(((StepResult.Advance) r).reason()).isEqualTo(Conditions.Reason.DEADLINE_WITHOUT_APPROVAL);
      assertThat(h.phase()).isEqualTo(Phase.RollingBack);
      assertThat(h.journal.calls()).noneMatch(PhaseStepsTest::isSourceRevocation);
    }

    @Test
    void manualApprovalPendingBeforeTheDeadlineWaitsForApproval() {
      MigrationHarness h = new MigrationHarness();
      h.sam.getSpec().getCutover().setApproval(CutoverSpec.Approval.Manual);
      inDualRun(h);

      StepResult r = h.reconcile();

      assertThat(((StepResult.Wait) r).reason()).isEqualTo(Conditions.Reason.AWAITING_APPROVAL);
      assertThat(((StepResult.Wait) r).until()).isEqualTo(DEADLINE);
    }

    @Test
    void approvalBeforeTheDeadlineCutsOverEarlyWithTriggerApproved() {
      MigrationHarness h = new MigrationHarness();
      h.sam.getSpec().getCutover().setApproval(CutoverSpec.Approval.Manual);
      inDualRun(h);
      h.clock.advance(Duration.ofMinutes(3));
      h.sam.getSpec().getCutover().setApproved(true);

      h.reconcile();

      assertThat(h.phase()).isEqualTo(Phase.CuttingOver);
      assertThat(h.status.getCutover().getTrigger()).isEqualTo("Approved");
      assertThat(h.status.getCutover().getIntentAt()).isEqualTo(MigrationHarness.START.plus(Duration.ofMinutes(3)).toString());
    }
  }

  @Nested
  class CanaryToken {
    @Test
    void isKeptWhileItOutlivesTheRevocationAndMintedAnewWhenItWouldExpireTooSoon() {
      MigrationHarness h = inDualRun();
      Canary.ensure(h.context());
      assertThat(h.source.issuedTokens()).hasSize(1);

      h.clock.advance(Duration.ofSeconds(100)); // 500 s left: enough
      Canary.ensure(h.context());
      assertThat(h.source.issuedTokens()).hasSize(1);

      h.clock.advance(Duration.ofSeconds(300)); // 200 s left: too little to prove a revocation with
      Canary.ensure(h.context());
      assertThat(h.source.issuedTokens()).hasSize(2);
      assertThat(h.source.readToken(NS, CANARY).orElseThrow().expiresAt())
          .isEqualTo(h.clock.instant().plusSeconds(Credentials.PROOF_SECONDS));
    }
  }

  @Nested
  class CuttingOver {
    private MigrationHarness atCuttingOver() {
      MigrationHarness h = inDualRun();
      h.clock.set(DEADLINE);
      h.reconcile();
      assertThat(h.phase()).isEqualTo(Phase.CuttingOver);
      return h;
    }

    @Test
    void revokesLegacySecretsBindingsAndTheServiceAccountAndRecordsLateness() {
      MigrationHarness h = atCuttingOver();
      h.clock.advance(Duration.ofMillis(1500));

      h.reconcile();

      assertThat(h.phase()).isEqualTo(Phase.Verifying);
      assertThat(h.source.exists("Secret", NS, PlanFixtures.LEGACY_SECRET)).isFalse();
      assertThat(h.source.exists("ServiceAccount", NS, SA)).isFalse();
      // Bindings whose only subject was the identity are deleted (an update would need the role's permissions).
      assertThat(h.source.exists("RoleBinding", NS, "secret-reader")).isFalse();
      assertThat(h.source.exists("ClusterRoleBinding", null, "payments-view")).isFalse();
      assertThat(h.status.getCutover().getLatenessMillis()).isEqualTo(1500L);
      assertThat(h.status.getCutover().getCompletedAt()).isEqualTo(DEADLINE.plusMillis(1500).toString());
      assertThat(h.status.getCutover().getRevoked()).extracting(ObjectRef::kind, ObjectRef::name).contains(
          org.assertj.core.groups.Tuple.tuple("Secret", PlanFixtures.LEGACY_SECRET),
          org.assertj.core.groups.Tuple.tuple("RoleBinding", "secret-reader"),
          org.assertj.core.groups.Tuple.tuple("ClusterRoleBinding", "payments-view"),
          org.assertj.core.groups.Tuple.tuple("ServiceAccount", SA));
      assertThat(h.condition(Conditions.REVOKED)).isEqualTo("True/Revoked");
    }

    @Test
    void keepsOtherSubjectsOfASharedBinding() {
      MigrationHarness h = new MigrationHarness();
      PlanFixtures.serviceAccount(h.source, NS, "batch");
      PlanFixtures.roleBinding(h.source, NS, "shared", "Role", "secret-reader",
          PlanFixtures.saSubject(NS, SA), PlanFixtures.saSubject(NS, "batch"));
      inDualRun(h);
      h.clock.set(DEADLINE);
      h.reconcile();
      h.reconcile();

      assertThat(h.source.get(RoleBinding.class, "RoleBinding", NS, "shared").orElseThrow().getSubjects())
          .extracting(s -> s.getName()).containsExactly("batch");
      assertThat(h.source.exists("ServiceAccount", NS, "batch")).isTrue();
    }

    @Test
    void aPlannedLegacySecretNameNowHoldingAnotherIdentitysSecretIsNotDeleted() {
      MigrationHarness h = atCuttingOver();
      PlanFixtures.serviceAccount(h.source, NS, "batch");
      h.source.remove("Secret", NS, PlanFixtures.LEGACY_SECRET);
      PlanFixtures.legacySecret(h.source, NS, PlanFixtures.LEGACY_SECRET, "batch", null);

      h.reconcile();

      assertThat(h.phase()).isEqualTo(Phase.Verifying);
      assertThat(h.source.exists("Secret", NS, PlanFixtures.LEGACY_SECRET)).as("batch's Secret is not ours to revoke").isTrue();
      assertThat(h.status.getCutover().getRevoked()).extracting(r -> r.kind() + "/" + r.name())
          .doesNotContain("Secret/" + PlanFixtures.LEGACY_SECRET);
    }

    @Test
    void aReCreatedServiceAccountWithANewUidIsNotDeleted() {
      MigrationHarness h = atCuttingOver();
      String plannedUid = h.status.getPlan().getSourceUid();
      h.source.remove("ServiceAccount", NS, SA);
      ServiceAccount recreated = h.source.put(new ServiceAccountBuilder().withNewMetadata().withNamespace(NS).withName(SA)
          .endMetadata().build());
      assertThat(recreated.getMetadata().getUid()).isNotEqualTo(plannedUid);

      h.reconcile();

      assertThat(h.source.get(ServiceAccount.class, "ServiceAccount", NS, SA)).map(s -> s.getMetadata().getUid())
          .contains(recreated.getMetadata().getUid());
    }

    @Test
    void reRunAfterACrashMidRevocationReachesTheSameStateAndLosesNothing() {
      MigrationHarness reference = atCuttingOver();
      reference.reconcile();
      assertThat(reference.phase()).isEqualTo(Phase.Verifying);

      MigrationHarness h = atCuttingOver();
      // the first binding edit is applied but its answer is lost; then the operator dies before writing status
      h.source.failNext("removeServiceAccountSubject", 1, FailureMode.AFTER, true);
      h.crashNext();
      StepResult first = h.reconcile();
      assertThat(first).isInstanceOf(StepResult.Retry.class);
      assertThat(h.phase()).isEqualTo(Phase.CuttingOver);
      // a crash after the step but before its status write
      h.crashNext();
      h.reconcile();
      assertThat(h.phase()).isEqualTo(Phase.CuttingOver);

      h.reconcile();

      assertThat(h.phase()).isEqualTo(Phase.Verifying);
      assertThat(stripUids(sourceState(h.source))).isEqualTo(stripUids(sourceState(reference.source)));
      assertThat(h.status.getCutover().getRevoked()).containsExactlyInAnyOrderElementsOf(
          reference.status.getCutover().getRevoked());
    }

    private Set<String> stripUids(Set<String> state) {
      Set<String> out = new TreeSet<>();
      state.forEach(s -> out.add(s.replaceAll("@[0-9a-f-]+", "")));
      return out;
    }
  }

  @Nested
  class Verifying {
    private MigrationHarness atVerifying() {
      MigrationHarness h = inDualRun();
      h.clock.set(DEADLINE);
      h.reconcile();
      h.reconcile();
      assertThat(h.phase()).isEqualTo(Phase.Verifying);
      return h;
    }

    @Test
    void passesWhenTheCanaryIsRejectedAndNoLegacySecretRemains() {
      MigrationHarness h = atVerifying();
      Token canary = h.source.readToken(NS, CANARY).orElseThrow().token();

      h.reconcile();

      assertThat(h.phase()).isEqualTo(Phase.Completed);
      assertThat(h.ready()).isTrue();
      assertThat(h.condition(Conditions.VERIFIED)).isEqualTo("True/Verified");
      assertThat(h.source.reviewToken(canary, List.of()).authenticated()).isFalse();
      assertThat(h.status.getVerification().getChecks()).anyMatch(c -> c.name().equals("SourceCanaryRejected") && c.passed());
      // the canary's Secret is removed once it has served
      assertThat(h.source.exists("Secret", NS, CANARY)).isFalse();
    }

    @Test
    void anExpiredCanaryIsNotTakenAsProofAndTheServiceAccountUidIsCheckedInstead() {
      MigrationHarness h = atVerifying();
      h.clock.advance(Duration.ofSeconds(Credentials.PROOF_SECONDS + 1)); // the verification ran late

      h.reconcile();

      assertThat(h.phase()).isEqualTo(Phase.Completed);
      assertThat(h.status.getVerification().getChecks()).noneMatch(c -> c.name().equals("SourceCanaryRejected"));
      assertThat(h.status.getVerification().getChecks())
          .anyMatch(c -> c.name().equals("SourceServiceAccountGone") && c.passed());
    }

    @Test
    void anExpiredCanaryWithTheServiceAccountStillThereFails() {
      MigrationHarness h = atVerifying();
      String plannedUid = h.status.getPlan().getSourceUid();
      h.clock.advance(Duration.ofSeconds(Credentials.PROOF_SECONDS + 1));
      h.source.put(new ServiceAccountBuilder().withNewMetadata().withNamespace(NS).withName(SA).withUid(plannedUid)
          .endMetadata().build());

      StepResult r = h.reconcile();

      assertThat(r).isInstanceOf(StepResult.Retry.class);
      assertThat(h.phase()).isEqualTo(Phase.Verifying);
      assertThat(h.condition(Conditions.VERIFIED)).isEqualTo("False/VerificationFailed");
    }

    @Test
    void failsWhenALegacySecretIsReCreated() {
      MigrationHarness h = atVerifying();
      PlanFixtures.legacySecret(h.source, NS, "payments-api-token-new", SA, null);

      StepResult r = h.reconcile();

      assertThat(r).isInstanceOf(StepResult.Retry.class);
      assertThat(((StepResult.Retry) r).reason()).isEqualTo(Conditions.Reason.VERIFICATION_FAILED);
      assertThat(h.phase()).isEqualTo(Phase.Verifying);
      assertThat(h.ready()).isFalse();
      assertThat(h.condition(Conditions.VERIFIED)).isEqualTo("False/VerificationFailed");
    }

    @Test
    void failsWhileTheCanaryStillAuthenticates() {
      MigrationHarness h = atVerifying();
      // someone re-creates the ServiceAccount with the old UID (as a restore from backup would)
      h.source.put(new ServiceAccountBuilder().withNewMetadata().withNamespace(NS).withName(SA)
          .withUid(h.status.getPlan().getSourceUid()).endMetadata().build());

      StepResult r = h.reconcile();

      assertThat(r).isInstanceOf(StepResult.Retry.class);
      assertThat(h.status.getVerification().getChecks()).anyMatch(c -> c.name().equals("SourceCanaryRejected") && !c.passed());
    }

    @Test
    void failsWhenTheTargetLostAPermissionAfterCutover() {
      MigrationHarness h = atVerifying();
      String mirrored = "cutover-" + TargetObjects.shortUid(PlanFixtures.MIGRATION_UID) + "-secret-reader";
      h.target.remove("RoleBinding", NS, mirrored);

      StepResult r = h.reconcile();

      assertThat(r).isInstanceOf(StepResult.Retry.class);
      assertThat(h.phase()).isEqualTo(Phase.Verifying);
    }
  }

  @Nested
  class RollingBack {
    @Test
    void removesOnlyThisMigrationsObjectsAndLeavesTheSourceAsItWas() {
      MigrationHarness h = new MigrationHarness();
      h.sam.getSpec().getCutover().setApproval(CutoverSpec.Approval.Manual);
      PlanFixtures.namespace(h.target, "orders");
      h.target.put(new ServiceAccountBuilder().withNewMetadata().withNamespace("orders").withName("orders-api")
          .addToLabels(Ownership.MIGRATION_UID_LABEL, PlanFixtures.OTHER_MIGRATION_UID).endMetadata().build());
      PlanFixtures.serviceAccount(h.target, NS, "unrelated");
      Set<String> sourceBefore = sourceState(h.source);
      inDualRun(h);
      assertThat(h.target.storedOwnedBy(PlanFixtures.MIGRATION_UID)).isNotEmpty();
      h.clock.set(DEADLINE);

      assertThat(h.runWhileAdvancing(5)).isEqualTo(Phase.RolledBack);

      assertThat(h.target.storedOwnedBy(PlanFixtures.MIGRATION_UID)).isEmpty();
      assertThat(h.target.exists("ServiceAccount", NS, SA)).isFalse();
      assertThat(h.target.exists("ServiceAccount", "orders", "orders-api")).isTrue();
      assertThat(h.target.exists("ServiceAccount", NS, "unrelated")).isTrue();
      assertThat(h.target.exists("ClusterRole", null, "view")).isTrue();
      assertThat(h.target.exists("Namespace", null, NS)).isTrue();
      assertThat(sourceState(h.source)).isEqualTo(sourceBefore);
      assertThat(h.journal.calls()).noneMatch(PhaseStepsTest::isSourceRevocation);
    }
  }

  @Nested
  class DeliveredToken {
    private static final String SECRET = "payments-api-token";

    private MigrationHarness delivering() {
      MigrationHarness h = new MigrationHarness();
      h.sam.getSpec().getTokens().setSecretName(SECRET);
      h.sam.getSpec().getTokens().setExpirationSeconds(3600L);
      h.sam.getSpec().getDualRun().setWindow("2h");
      h.target.maxTokenSeconds(3000L); // the API server grants less than asked
      return inDualRun(h);
    }

    private List<IssuedRecord> delivered(MigrationHarness h) {
      return h.target.issuedTokens().stream().filter(t -> SECRET.equals(t.boundSecretName())).toList();
    }

    @Test
    void isBoundToTheDeliverySecretAndRenewedAtEightyPercentOfItsRealLifetime() {
      MigrationHarness h = delivering();

      List<IssuedRecord> issued = delivered(h);
      assertThat(issued).hasSize(1);
      Secret secret = h.target.get(Secret.class, "Secret", NS, SECRET).orElseThrow();
      assertThat(issued.get(0).boundSecretUid()).isEqualTo(secret.getMetadata().getUid());
      assertThat(h.status.getToken().getExpiresAt()).isEqualTo(MigrationHarness.START.plusSeconds(3000).toString());
      assertThat(h.status.getToken().getRenewAt()).isEqualTo(MigrationHarness.START.plusSeconds(2400).toString());
      Token inSecret = h.target.readToken(NS, SECRET).orElseThrow().token();
      assertThat(h.target.reviewToken(inSecret, List.of("vault.eu-new.example")).authenticated()).isTrue();
      // deleting the Secret it is bound to revokes it
      h.target.remove("Secret", NS, SECRET);
      assertThat(h.target.isLive(issued.get(0))).isFalse();
    }

    @Test
    void aLostAnswerToTheTokenWriteDoesNotLeaveTwoFreshTokens() {
      MigrationHarness h = delivering();
      Instant renewAt = Instant.parse(h.status.getToken().getRenewAt());
      h.clock.set(renewAt);
      h.target.failNext("writeToken", 1, FailureMode.AFTER, true);
      assertThat(h.reconcile()).isInstanceOf(StepResult.Retry.class);
      h.clock.advance(Duration.ofSeconds(1));

      h.reconcile();

      Instant now = h.clock.instant();
      List<IssuedRecord> fresh = h.target.writtenInto(NS, SECRET).stream()
          .filter(h.target::isLive)
          .filter(r -> now.isBefore(r.issuedAt().plusMillis(Duration.between(r.issuedAt(), r.expiresAt()).toMillis() * 8 / 10)))
          .toList();
      assertThat(fresh).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void isNotReIssuedBeforeItsRenewalTimeAndIsRenewedOnceAtIt() {
      MigrationHarness h = delivering();

      StepResult early = h.reconcile();
      assertThat(((StepResult.Wait) early).until()).isEqualTo(MigrationHarness.START.plusSeconds(2400));
      h.clock.set(MigrationHarness.START.plusSeconds(2399));
      h.reconcile();
      assertThat(delivered(h)).hasSize(1);

      h.clock.set(MigrationHarness.START.plusSeconds(2400));
      h.reconcile();
      h.reconcile();

      assertThat(delivered(h)).hasSize(2);
      assertThat(h.status.getToken().getRenewals()).isEqualTo(1);
      assertThat(h.status.getToken().getRenewAt()).isEqualTo(MigrationHarness.START.plusSeconds(2400 + 2400).toString());
      Token inSecret = h.target.readToken(NS, SECRET).orElseThrow().token();
      assertThat(h.target.reviewToken(inSecret, List.of("vault.eu-new.example")).authenticated()).isTrue();
    }
  }
}
