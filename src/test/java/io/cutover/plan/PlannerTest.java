package io.cutover.plan;

import static io.cutover.plan.PlanFixtures.MIGRATION_UID;
import static io.cutover.plan.PlanFixtures.NS;
import static io.cutover.plan.PlanFixtures.OTHER_MIGRATION_UID;
import static io.cutover.plan.PlanFixtures.SA;
import static io.cutover.plan.PlanFixtures.rule;
import static io.cutover.plan.PlanFixtures.saSubject;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.BindingRef;
import io.cutover.api.v1alpha1.IdentityLoss;
import io.cutover.api.v1alpha1.LegacySecretRef;
import io.cutover.api.v1alpha1.Ownership;
import io.cutover.api.v1alpha1.RbacSpec;
import io.cutover.api.v1alpha1.RuleRef;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.cluster.MutableClock;
import io.cutover.cluster.Journal;
import io.cutover.cluster.TestingClusterPort;
import io.cutover.observe.Observer;
import io.cutover.rbac.EffectiveRules;
import io.cutover.rbac.Grant;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

  private MutableClock clock;
  private Journal journal;
  private TestingClusterPort source;
  private TestingClusterPort target;
  private ServiceAccountMigration sam;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(NOW);
    journal = new Journal();
    source = new TestingClusterPort(PlanFixtures.SOURCE, clock, journal);
    target = new TestingClusterPort(PlanFixtures.TARGET, clock, journal);
    PlanFixtures.standardSource(source);
    PlanFixtures.standardTarget(target);
    sam = PlanFixtures.migration();
  }

  private Plan plan() {
    Identities ids = Identities.of(sam);
    var observed = Observer.source(source, ids.source());
    List<String> namespaces = EffectiveRules.grantsFor(observed.rbac(), ids.source()).stream()
        .map(Grant::bindingNamespace).filter(Objects::nonNull).map(ids::targetNamespaceFor).distinct().toList();
    var referenced = observed.serviceAccount().map(ServiceAccountCarry::referencedSecrets).orElse(java.util.Set.of());
    var targetObserved = Observer.target(target, ids.target(), namespaces, sam.getSpec().getTokens().getSecretName(),
        referenced);
    return Planner.plan(new Planner.Input("cutover-system", "payments-api", MIGRATION_UID, 1, sam.getSpec(), ids),
        observed, targetObserved, NOW);
  }

  private static <T extends HasMetadata> List<T> ofType(Plan plan, Class<T> type) {
    return plan.targetObjects().stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static String failureReason(Plan plan) {
    return plan.failure().map(Plan.Failure::reason).orElse(null);
  }

  @Test
  void missingSourceServiceAccountFailsWithSourceServiceAccountNotFound() {
    source.remove("ServiceAccount", NS, SA);

    Plan plan = plan();

    assertThat(failureReason(plan)).isEqualTo("SourceServiceAccountNotFound");
    assertThat(plan.targetObjects()).isEmpty();
  }

  @Test
  void unlabelledTargetServiceAccountIsNotTakenOver() {
    PlanFixtures.serviceAccount(target, NS, SA);

    Plan plan = plan();

    assertThat(failureReason(plan)).isEqualTo("TargetServiceAccountExists");
    assertThat(plan.targetObjects()).isEmpty();
  }

  @Test
  void targetServiceAccountOfAnotherMigrationFailsWithTargetOwnedByAnotherMigration() {
    target.put(new ServiceAccountBuilder().withNewMetadata().withNamespace(NS).withName(SA)
        .addToLabels(Ownership.MIGRATION_UID_LABEL, OTHER_MIGRATION_UID).endMetadata().build());

    Plan plan = plan();

    assertThat(failureReason(plan)).isEqualTo("TargetOwnedByAnotherMigration");
  }

  @Test
  void anExistingDeliverySecretNotCreatedByThisMigrationIsRefused() {
    sam.getSpec().getTokens().setSecretName("payments-api-token");
    target.put(new SecretBuilder().withNewMetadata().withNamespace(NS).withName("payments-api-token").endMetadata().build());

    Plan plan = plan();

    assertThat(failureReason(plan)).isEqualTo("TargetObjectConflict");
    assertThat(plan.failure().orElseThrow().message()).contains("spec.tokens.secretName");
  }

  @Test
  void derivedNamesDifferBetweenMigrationsWhoseUidsShareTheirFirstCharacters() {
    String a = TargetObjects.shortUid("00000000-0000-0000-0000-000000000178");
    String b = TargetObjects.shortUid("00000000-0000-0000-0000-000000000179");
    assertThat(a).isNotEqualTo(b).hasSize(10).matches("[0-9a-f]+");
    assertThat(TargetObjects.shortUid(MIGRATION_UID)).isEqualTo(TargetObjects.shortUid(MIGRATION_UID));
  }

  @Test
  void targetServiceAccountOfThisMigrationIsResumedNotRefused() {
    target.put(new ServiceAccountBuilder().withNewMetadata().withNamespace(NS).withName(SA)
        .addToLabels(Ownership.MIGRATION_UID_LABEL, MIGRATION_UID).endMetadata().build());

    assertThat(plan().failure()).isEmpty();
  }

  @Test
  void mirrorCopiesRoleAndBindingWithTheSubjectRewrittenAndProvenance() {
    sam.getSpec().getTarget().setNamespace("payments-v2");
    sam.getSpec().getTarget().setServiceAccount("api");
    ServiceAccount sourceSa = source.get(ServiceAccount.class, "ServiceAccount", NS, SA).orElseThrow();
    Role sourceRole = source.get(Role.class, "Role", NS, "secret-reader").orElseThrow();
    RoleBinding sourceBinding = source.get(RoleBinding.class, "RoleBinding", NS, "secret-reader").orElseThrow();

    Plan plan = plan();

    assertThat(plan.failure()).isEmpty();
    // the target namespace is missing, so it is created first
    assertThat(plan.targetObjects().get(0)).isInstanceOf(Namespace.class);
    assertThat(plan.targetObjects().get(0).getMetadata().getName()).isEqualTo("payments-v2");

    ServiceAccount sa = ofType(plan, ServiceAccount.class).get(0);
    assertThat(sa.getMetadata().getNamespace()).isEqualTo("payments-v2");
    assertThat(sa.getMetadata().getName()).isEqualTo("api");
    assertThat(sa.getMetadata().getAnnotations()).containsEntry(Ownership.SOURCE_UID_ANNOTATION,
        sourceSa.getMetadata().getUid());

    Role role = ofType(plan, Role.class).get(0);
    assertThat(role.getMetadata().getNamespace()).isEqualTo("payments-v2");
    assertThat(role.getMetadata().getName()).isEqualTo("cutover-" + TargetObjects.shortUid(MIGRATION_UID) + "-secret-reader");
    assertThat(role.getRules()).hasSize(1);
    assertThat(role.getRules().get(0).getVerbs()).containsExactly("get");
    assertThat(role.getRules().get(0).getResources()).containsExactly("secrets");
    assertProvenance(role, sourceRole);

    RoleBinding binding = ofType(plan, RoleBinding.class).get(0);
    assertThat(binding.getMetadata().getNamespace()).isEqualTo("payments-v2");
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects()).hasSize(1);
    assertThat(binding.getSubjects().get(0).getKind()).isEqualTo("ServiceAccount");
    assertThat(binding.getSubjects().get(0).getNamespace()).isEqualTo("payments-v2");
    assertThat(binding.getSubjects().get(0).getName()).isEqualTo("api");
    assertProvenance(binding, sourceBinding);

    // roles come before the bindings that refer to them
    assertThat(plan.targetObjects().indexOf(role)).isLessThan(plan.targetObjects().indexOf(binding));
  }

  private static void assertProvenance(HasMetadata created, HasMetadata from) {
    assertThat(created.getMetadata().getLabels()).containsEntry(Ownership.MIGRATION_UID_LABEL, MIGRATION_UID)
        .containsEntry(Ownership.MANAGED_BY_LABEL, Ownership.MANAGED_BY);
    assertThat(created.getMetadata().getAnnotations())
        .containsEntry(Ownership.MIGRATION_ANNOTATION, "cutover-system/payments-api")
        .containsEntry(Ownership.SOURCE_CLUSTER_ANNOTATION, PlanFixtures.SOURCE)
        .containsEntry(Ownership.SOURCE_KIND_ANNOTATION, from.getKind())
        .containsEntry(Ownership.SOURCE_NAMESPACE_ANNOTATION, from.getMetadata().getNamespace())
        .containsEntry(Ownership.SOURCE_NAME_ANNOTATION, from.getMetadata().getName())
        .containsEntry(Ownership.SOURCE_UID_ANNOTATION, from.getMetadata().getUid())
        .containsEntry(Ownership.CREATED_AT_ANNOTATION, NOW.toString());
  }

  @Test
  void builtInClusterRoleIsBoundNotCopiedWhileACustomOneIsCopied() {
    PlanFixtures.clusterRole(source, "metrics-reader", false, rule("get", "metrics.k8s.io", "pods"));
    PlanFixtures.clusterRoleBinding(source, "payments-metrics", "metrics-reader", saSubject(NS, SA));

    Plan plan = plan();

    assertThat(plan.failure()).isEmpty();
    assertThat(ofType(plan, ClusterRole.class)).extracting(r -> r.getMetadata().getName())
        .containsExactly("cutover-" + TargetObjects.shortUid(MIGRATION_UID) + "-metrics-reader");
    List<ClusterRoleBinding> bindings = ofType(plan, ClusterRoleBinding.class);
    assertThat(bindings).extracting(b -> b.getMetadata().getName() + "->" + b.getRoleRef().getName())
        .containsExactlyInAnyOrder("cutover-" + TargetObjects.shortUid(MIGRATION_UID) + "-payments-view->view",
            "cutover-" + TargetObjects.shortUid(MIGRATION_UID) + "-payments-metrics->cutover-" + TargetObjects.shortUid(MIGRATION_UID) + "-metrics-reader");
    assertThat(plan.status().getBindings()).filteredOn(b -> b.name().equals("payments-view"))
        .extracting(BindingRef::builtInRole).containsExactly(true);
    assertThat(plan.status().getBindings()).filteredOn(b -> b.name().equals("payments-metrics"))
        .extracting(BindingRef::builtInRole).containsExactly(false);
  }

  @Test
  void extraTargetBindingThatGrantsMoreIsAnEscalation() {
    PlanFixtures.role(target, NS, "secret-admin", rule("get,delete", "", "secrets"));
    PlanFixtures.roleBinding(target, NS, "secret-admin", "Role", "secret-admin", saSubject(NS, SA));

    Plan plan = plan();

    assertThat(failureReason(plan)).isEqualTo("EscalationDetected");
    assertThat(plan.status().getEscalations()).extracting(RuleRef::verbs).contains(List.of("delete"));
  }

  @Test
  void escalationIsAcceptedWhenAllowedButStillReported() {
    PlanFixtures.role(target, NS, "secret-admin", rule("get,delete", "", "secrets"));
    PlanFixtures.roleBinding(target, NS, "secret-admin", "Role", "secret-admin", saSubject(NS, SA));
    sam.getSpec().getRbac().setAllowEscalation(true);

    Plan plan = plan();

    assertThat(plan.failure()).isEmpty();
    assertThat(plan.status().getEscalations()).isNotEmpty();
  }

  @Test
  void mirrorWithoutExtraTargetGrantsHasNoEscalation() {
    Plan plan = plan();

    assertThat(plan.failure()).isEmpty();
    assertThat(plan.status().getEscalations()).isEmpty();
    assertThat(plan.status().getLosses()).isEmpty();
  }

  @Test
  void roleBindingInANamespaceMissingOnTheTargetIsReportedAsLoss() {
    PlanFixtures.namespace(source, "ledger");
    PlanFixtures.role(source, "ledger", "ledger-writer", rule("create", "", "configmaps"));
    PlanFixtures.roleBinding(source, "ledger", "ledger-writer", "Role", "ledger-writer", saSubject(NS, SA));

    Plan plan = plan();

    assertThat(failureReason(plan)).as("a loss stops the move unless accepted").isEqualTo("LossesNotAccepted");
    assertThat(plan.failure().get().message()).contains("Permission/create configmaps in namespace ledger")
        .contains("spec.acceptLosses");
    assertThat(plan.status().getIdentityLosses()).extracting(IdentityLoss::id, IdentityLoss::accepted)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Permission/create configmaps in namespace ledger", false));
    assertThat(plan.status().getLosses()).hasSize(1);
    RuleRef loss = plan.status().getLosses().get(0);
    assertThat(loss.namespace()).isEqualTo("ledger");
    assertThat(loss.verbs()).containsExactly("create");
    assertThat(loss.note()).contains("ledger").contains("does not exist");
    assertThat(plan.targetObjects()).noneMatch(o -> "ledger".equals(o.getMetadata().getNamespace()));
    // nothing that cannot be carried is asked of the target's SubjectAccessReview
    assertThat(plan.accessChecks()).noneMatch(c -> "ledger".equals(c.namespace()));
  }

  @Test
  void requireModeFailsWhenTheTargetLacksAPermission() {
    sam.getSpec().getRbac().setMode(RbacSpec.Mode.Require);
    PlanFixtures.clusterRoleBinding(target, "payments-view", "view", saSubject(NS, SA));

    Plan plan = plan();

    assertThat(failureReason(plan)).isEqualTo("RbacRequirementNotMet");
    assertThat(plan.failure().get().message()).contains("1 source permission").contains("secrets");
  }

  @Test
  void requireModePassesWhenTheTargetAlreadyGrantsEverythingAndCopiesNothing() {
    sam.getSpec().getRbac().setMode(RbacSpec.Mode.Require);
    PlanFixtures.role(target, NS, "secret-reader", rule("get", "", "secrets"));
    PlanFixtures.roleBinding(target, NS, "secret-reader", "Role", "secret-reader", saSubject(NS, SA));
    PlanFixtures.clusterRoleBinding(target, "payments-view", "view", saSubject(NS, SA));

    Plan plan = plan();

    assertThat(plan.failure()).isEmpty();
    assertThat(plan.targetObjects()).noneMatch(o -> o instanceof Role || o instanceof RoleBinding
        || o instanceof ClusterRole || o instanceof ClusterRoleBinding);
    assertThat(plan.accessChecks()).isNotEmpty();
  }

  @Test
  void skipModeCreatesNoRbacObjectsAndChecksNothing() {
    sam.getSpec().getRbac().setMode(RbacSpec.Mode.Skip);

    Plan plan = plan();

    assertThat(plan.failure()).isEmpty();
    assertThat(plan.targetObjects()).allMatch(o -> o instanceof ServiceAccount);
    assertThat(plan.accessChecks()).isEmpty();
    assertThat(plan.status().getIdentityLosses()).as("reported, and accepted by the mode the spec chose")
        .isNotEmpty().allMatch(l -> l.accepted() && l.reason().contains("Skip"));
  }

  /** Issue 17: permissions that reach the identity through its groups, and losses that stop the move. */
  @org.junit.jupiter.api.Nested
  class WholeIdentity {
    private io.fabric8.kubernetes.api.model.rbac.Subject group(String name) {
      return new io.fabric8.kubernetes.api.model.rbac.SubjectBuilder().withKind("Group")
          .withApiGroup("rbac.authorization.k8s.io").withName(name).build();
    }

    /** Every ServiceAccount of the source namespace may get ServiceAccounts there, by a group binding; planned. */
    private Plan planWithTheNamespaceGroupReadingServiceAccounts() {
      PlanFixtures.role(source, NS, "sa-reader", rule("get", "", "serviceaccounts"));
      PlanFixtures.roleBinding(source, NS, "all-sas-read-sas", "Role", "sa-reader", group("system:serviceaccounts:" + NS));
      Plan plan = plan();
      assertThat(plan.failure()).isEmpty();
      return plan;
    }

    @Test
    void aPermissionGrantedThroughTheNamespaceGroupIsCarriedToTheIdentityAloneAndProven() {
      Plan plan = planWithTheNamespaceGroupReadingServiceAccounts();
      RoleBinding carried = ofType(plan, RoleBinding.class).stream()
          .filter(b -> b.getMetadata().getName().endsWith("all-sas-read-sas")).findFirst().orElseThrow();
      assertThat(carried.getSubjects()).as("never a group binding on the target: it would widen every identity there")
          .singleElement().satisfies(sub -> {
            assertThat(sub.getKind()).isEqualTo("ServiceAccount");
            assertThat(sub.getNamespace()).isEqualTo(NS);
            assertThat(sub.getName()).isEqualTo(SA);
          });
      assertThat(ofType(plan, Role.class)).anyMatch(r -> r.getRules().get(0).getResources().contains("serviceaccounts"));
      assertThat(plan.status().getEffectiveRules()).filteredOn(r -> "Group".equals(r.subjectKind()))
          .anyMatch(r -> r.note().contains("(group)") && r.note().contains("alone"));
      assertThat(plan.accessChecks()).as("the access proof covers it")
          .anyMatch(c -> NS.equals(c.namespace()) && "serviceaccounts".equals(c.resource()) && "get".equals(c.verb()));
      assertThat(plan.status().getIdentityLosses()).isEmpty();
    }

    @Test
    void aClusterWideGrantToSystemAuthenticatedIsCarriedByAClusterRoleBindingNamingOnlyTheIdentity() {
      PlanFixtures.clusterRole(source, "node-reader", false, rule("get,list", "", "nodes"));
      PlanFixtures.clusterRoleBinding(source, "everyone-reads-nodes", "node-reader", group("system:authenticated"));

      Plan plan = plan();

      assertThat(plan.failure()).isEmpty();
      ClusterRoleBinding carried = ofType(plan, ClusterRoleBinding.class).stream()
          .filter(b -> b.getMetadata().getName().endsWith("everyone-reads-nodes")).findFirst().orElseThrow();
      assertThat(carried.getSubjects()).extracting(sub -> sub.getKind() + ":" + sub.getNamespace() + "/" + sub.getName())
          .containsExactly("ServiceAccount:" + NS + "/" + SA);
      assertThat(ofType(plan, ClusterRole.class)).anyMatch(r -> r.getMetadata().getName().endsWith("node-reader"));
    }

    @Test
    void aGroupGrantTheTargetAlreadyGivesItsIdentitiesIsNotCopied() {
      PlanFixtures.clusterRole(source, "node-reader", false, rule("get,list", "", "nodes"));
      PlanFixtures.clusterRoleBinding(source, "everyone-reads-nodes", "node-reader", group("system:serviceaccounts"));
      PlanFixtures.clusterRole(target, "nodes-for-all", false, rule("list,get", "", "nodes"));
      PlanFixtures.clusterRoleBinding(target, "nodes-for-all", "nodes-for-all", group("system:authenticated"));

      Plan plan = plan();

      assertThat(plan.failure()).isEmpty();
      assertThat(plan.targetObjects()).noneMatch(o -> o.getMetadata().getName().contains("everyone-reads-nodes")
          || o.getMetadata().getName().contains("node-reader"));
      assertThat(plan.status().getEffectiveRules()).filteredOn(r -> "Group".equals(r.subjectKind()))
          .singleElement().satisfies(r -> assertThat(r.note()).contains("the target's own bindings grant it"));
      assertThat(plan.status().getIdentityLosses()).isEmpty();
    }

    @Test
    void aGroupGrantOfWhatTheIdentityAlsoHoldsByNameAddsNoBinding() {
      // the standard source grants get secrets by name; the same Role bound to the namespace's group as well
      PlanFixtures.roleBinding(source, NS, "every-sa-reads", "Role", "secret-reader", group("system:serviceaccounts:" + NS));

      Plan plan = plan();

      assertThat(plan.failure()).isEmpty();
      assertThat(plan.targetObjects()).noneMatch(o -> o.getMetadata().getName().contains("every-sa-reads"));
      assertThat(plan.status().getEffectiveRules()).filteredOn(r -> "Group".equals(r.subjectKind()))
          .singleElement().satisfies(r -> assertThat(r.note()).contains("also granted by name"));
    }

    @Test
    void underANamespaceMappingTheNamespaceGroupGrantLandsInTheTargetNamespace() {
      var t = new io.cutover.api.v1alpha1.TargetSpec();
      t.setCluster(sam.getSpec().getTarget().getCluster());
      t.setNamespace("payments-v2");
      t.setServiceAccount("api");
      sam.getSpec().setTarget(t);
      PlanFixtures.namespace(target, "payments-v2");
      Plan plan = planWithTheNamespaceGroupReadingServiceAccounts();
      RoleBinding carried = ofType(plan, RoleBinding.class).stream()
          .filter(b -> b.getMetadata().getName().endsWith("all-sas-read-sas")).findFirst().orElseThrow();
      assertThat(carried.getMetadata().getNamespace()).isEqualTo("payments-v2");
      assertThat(carried.getSubjects()).extracting(sub -> sub.getNamespace() + "/" + sub.getName())
          .containsExactly("payments-v2/api");
    }

    @Test
    void aLossListedInAcceptLossesLetsThePlanGoOnAndIsShownAsAccepted() {
      PlanFixtures.namespace(source, "ledger");
      PlanFixtures.role(source, "ledger", "ledger-writer", rule("create", "", "configmaps"));
      PlanFixtures.roleBinding(source, "ledger", "all-sas", "Role", "ledger-writer", group("system:serviceaccounts"));
      sam.getSpec().setAcceptLosses(List.of("Permission/create configmaps in namespace ledger"));

      Plan plan = plan();

      assertThat(plan.failure()).isEmpty();
      assertThat(plan.status().getIdentityLosses()).singleElement().satisfies(l -> {
        assertThat(l.accepted()).isTrue();
        assertThat(l.kind()).isEqualTo(IdentityLoss.PERMISSION);
        assertThat(l.reason()).contains("ledger");
      });
    }

    @Test
    void aLossThatAppearsAfterTheAcceptanceStillStopsTheMove() {
      PlanFixtures.namespace(source, "ledger");
      PlanFixtures.role(source, "ledger", "ledger-writer", rule("create", "", "configmaps"));
      PlanFixtures.roleBinding(source, "ledger", "writer", "Role", "ledger-writer", saSubject(NS, SA));
      sam.getSpec().setAcceptLosses(List.of("Permission/create configmaps in namespace ledger"));
      assertThat(plan().failure()).isEmpty();

      PlanFixtures.role(source, "ledger", "ledger-deleter", rule("delete", "", "configmaps"));
      PlanFixtures.roleBinding(source, "ledger", "deleter", "Role", "ledger-deleter", saSubject(NS, SA));
      Plan plan = plan();

      assertThat(failureReason(plan)).isEqualTo("LossesNotAccepted");
      assertThat(plan.failure().get().message()).contains("1 thing(s)")
          .contains("Permission/delete configmaps in namespace ledger")
          .doesNotContain("Permission/create configmaps");
    }

    @Test
    void anAcceptanceMatchesOnlyTheExactId() {
      PlanFixtures.namespace(source, "ledger");
      PlanFixtures.role(source, "ledger", "ledger-writer", rule("create", "", "configmaps"));
      PlanFixtures.roleBinding(source, "ledger", "writer", "Role", "ledger-writer", saSubject(NS, SA));
      sam.getSpec().setAcceptLosses(List.of("Permission/create configmaps", "create configmaps in namespace ledger",
          "Permission/create configmaps in namespace ledger "));

      assertThat(failureReason(plan())).isEqualTo("LossesNotAccepted");
    }
  }

  @Test
  void planningReadsButWritesNothingOnEitherCluster() {
    sam.getSpec().setDryRun(true);

    plan();

    assertThat(journal.calls()).isNotEmpty();
    assertThat(journal.calls()).noneMatch(Journal.Call::isWrite);
  }

  @Test
  void legacyTokenSecretsAreListedWithTheirLastUsedLabel() {
    PlanFixtures.legacySecret(source, NS, "payments-api-token-old", SA, null);
    PlanFixtures.legacySecret(source, NS, "other-token-abcde", "other", "2024-12-01");

    Plan plan = plan();

    assertThat(plan.status().getLegacyTokenSecrets()).allSatisfy(s -> assertThat(s.uid()).isNotBlank())
        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("uid").containsExactlyInAnyOrder(
        new LegacySecretRef(PlanFixtures.LEGACY_SECRET, PlanFixtures.LEGACY_LAST_USED, null),
        new LegacySecretRef("payments-api-token-old", null, null));
  }

  @Test
  void workloadsRunningAsTheIdentityAreListed() {
    Plan plan = plan();

    assertThat(plan.status().getWorkloads()).extracting(r -> r.kind() + "/" + r.name())
        .containsExactly("Pod/payments-api-5d9c");
  }

  @Test
  void theTargetServiceAccountCarriesWhatTheSourcesCarriesAndTheStatusSaysSoFieldByField() {
    source.put(new ServiceAccountBuilder().withNewMetadata().withNamespace(NS).withName(SA).withUid("source-sa-uid")
        .addToLabels("app", "payments").addToAnnotations("example.com/owner", "payments-team")
        .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{\"kind\":\"ServiceAccount\"}")
        .endMetadata().withAutomountServiceAccountToken(false)
        .addNewImagePullSecret("regcred").addNewImagePullSecret("mirror").addNewImagePullSecret("gone")
        .addNewSecret().withName(PlanFixtures.LEGACY_SECRET).endSecret().build());
    source.put(new SecretBuilder().withNewMetadata().withNamespace(NS).withName("regcred").endMetadata()
        .withType("kubernetes.io/dockerconfigjson").build());
    sam.getSpec().setSecrets(new java.util.ArrayList<>(List.of("regcred")));
    target.put(new SecretBuilder().withNewMetadata().withNamespace(NS).withName("mirror").endMetadata().build());

    Plan plan = plan();

    ServiceAccount sa = ofType(plan, ServiceAccount.class).get(0);
    assertThat(sa.getAutomountServiceAccountToken()).as("automount false moves").isFalse();
    assertThat(sa.getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("regcred", "mirror");
    assertThat(sa.getSecrets()).as("the legacy token Secret is replaced by bound tokens").isNullOrEmpty();
    assertThat(sa.getMetadata().getLabels()).containsEntry("app", "payments")
        .containsEntry(Ownership.MIGRATION_UID_LABEL, MIGRATION_UID);
    assertThat(sa.getMetadata().getAnnotations()).containsEntry("example.com/owner", "payments-team")
        .doesNotContainKey("kubectl.kubernetes.io/last-applied-configuration")
        .containsEntry(Ownership.SOURCE_UID_ANNOTATION, "source-sa-uid");
    assertThat(plan.status().getIdentity()).extracting(f -> f.field() + "=" + f.action()).containsExactly(
        "automountServiceAccountToken=Carried",
        "imagePullSecrets[regcred]=Carried", "imagePullSecrets[mirror]=Carried", "imagePullSecrets[gone]=Lost",
        "secrets[" + PlanFixtures.LEGACY_SECRET + "]=Replaced",
        "labels[app]=Carried",
        "annotations[example.com/owner]=Carried", "annotations[kubectl.kubernetes.io/last-applied-configuration]=Dropped");
    assertThat(plan.status().getIdentityLosses()).extracting(l -> l.id() + " accepted=" + l.accepted())
        .containsExactly("ImagePullSecret/gone accepted=false");
  }

  @Test
  void aSourceServiceAccountWithAutomountUnsetGivesATargetWithAutomountUnset() {
    Plan plan = plan();

    assertThat(ofType(plan, ServiceAccount.class).get(0).getAutomountServiceAccountToken()).isNull();
    assertThat(plan.status().getIdentity()).singleElement().satisfies(f -> {
      assertThat(f.field()).isEqualTo("automountServiceAccountToken");
      assertThat(f.target()).isNull();
    });
    assertThat(plan.status().getIdentityLosses()).isEmpty();
  }
}
