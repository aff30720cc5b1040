package io.cutover.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.RelyingParty;
import io.cutover.api.v1alpha1.TrustRebinding;
import io.cutover.api.v1alpha1.TrustSpec;
import io.cutover.plan.Identities;
import io.cutover.rbac.ServiceAccountIdentity;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrustPlannerTest {
  static final String OLD = "https://oidc.eks.eu-west-1.amazonaws.com/id/OLD0000000000000000000000000000";
  static final String NEW = "https://oidc.eks.eu-west-1.amazonaws.com/id/NEW1111111111111111111111111111";
  static final Identities SAME_NAME = new Identities("old", new ServiceAccountIdentity("payments", "api"), "new",
      new ServiceAccountIdentity("payments", "api"));
  static final Identities RENAMED = new Identities("old", new ServiceAccountIdentity("payments", "api"), "new",
      new ServiceAccountIdentity("payments-v2", "api"));

  static Stream<Arguments> cloudAnnotations() {
    return Stream.of(
        Arguments.of(Map.of(WorkloadIdentity.AWS_ROLE_ARN, "arn:aws:iam::111122223333:role/payments"), "AWS",
            "arn:aws:iam::111122223333:role/payments", "sts.amazonaws.com",
            List.of("arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/NEW",
                "sts:AssumeRoleWithWebIdentity", ":sub = system:serviceaccount:payments-v2:api"), "2048"),
        Arguments.of(Map.of(WorkloadIdentity.GKE_SERVICE_ACCOUNT, "payments@acme-prod.iam.gserviceaccount.com"), "GCP",
            "payments@acme-prod.iam.gserviceaccount.com", null,
            List.of("roles/iam.workloadIdentityUser", "serviceAccount:acme-prod.svc.id.goog[payments-v2/api]"),
            "same identity"),
        Arguments.of(Map.of(WorkloadIdentity.AZURE_CLIENT_ID, "c1", WorkloadIdentity.AZURE_TENANT_ID, "t1"), "Azure",
            "c1", "api://AzureADTokenExchange", List.of("federated identity credential", "tenant t1"), "at most 20"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("cloudAnnotations")
  void eachCloudAnnotationYieldsItsProvidersRebindingAndLimits(Map<String, String> annotations, String kind,
      String identity, String audience, List<String> changeMentions, String limitMention) {
    TrustPlan plan = TrustPlanner.plan(new TrustSpec(), RENAMED, annotations, OLD, NEW);

    assertThat(plan.issuerChanged()).isTrue();
    TrustRebinding r = plan.rebindings().stream().filter(x -> x.kind().equals(kind)).findFirst().orElseThrow();
    assertThat(plan.rebindings()).hasSize(1);
    assertThat(r.origin()).startsWith("Annotation:");
    assertThat(r.identity()).isEqualTo(identity);
    assertThat(r.audience()).isEqualTo(audience);
    assertThat(r.subject()).isEqualTo("system:serviceaccount:payments-v2:api");
    assertThat(r.oldIssuer()).isEqualTo(OLD);
    assertThat(r.newIssuer()).isEqualTo(NEW);
    assertThat(r.required()).isTrue();
    assertThat(r.change()).contains(changeMentions);
    assertThat(r.limits()).anyMatch(l -> l.contains(limitMention));
    assertThat(plan.targetAnnotations()).isEqualTo(annotations);
  }

  @Test
  void gkeWithTheSameNamespaceAndNameNeedsNoChangeBecauseThePoolMakesThemOneIdentity() {
    TrustPlan plan = TrustPlanner.plan(new TrustSpec(), SAME_NAME,
        Map.of(WorkloadIdentity.GKE_SERVICE_ACCOUNT, "payments@acme-prod.iam.gserviceaccount.com"), OLD, NEW);

    TrustRebinding r = plan.rebindings().get(0);
    assertThat(r.required()).isFalse();
    assertThat(r.limits()).anyMatch(l -> l.contains("acme-prod.svc.id.goog") && l.contains("cannot tell source from target"));
  }

  @Test
  void sameIssuerAndSubjectNeedNoRebindingForAPartyKeyedOnTheSubject() {
    RelyingParty vault = new RelyingParty("vault", RelyingParty.Kind.Vault, "vault");
    vault.setIdentityKey(RelyingParty.IdentityKey.Subject); // a role with alias_name_source=serviceaccount_name
    TrustSpec spec = new TrustSpec();
    spec.getRelyingParties().add(vault);
    spec.getRelyingParties().add(new RelyingParty("partner", RelyingParty.Kind.OIDC, "partner.example"));

    TrustPlan plan = TrustPlanner.plan(spec, SAME_NAME, Map.of(), OLD, OLD, SOURCE_UID, TARGET_UID);

    assertThat(plan.issuerChanged()).isFalse();
    assertThat(plan.required()).isEmpty();
    assertThat(plan.rebindings()).allSatisfy(r -> {
      assertThat(r.change()).startsWith("nothing to change");
      assertThat(r.identityKey()).isEqualTo("Subject");
      assertThat(r.oldKey()).isEqualTo("system:serviceaccount:payments:api").isEqualTo(r.newKey());
    });
  }

  static final String SOURCE_UID = "0f3c1a52-6b1e-4c9e-9d5a-1f2e3d4c5b6a";
  static final String TARGET_UID = "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";

  @Test
  void vaultKeysOnTheServiceAccountUidByDefaultSoEvenTheSameIssuerAndSubjectNeedARebinding() {
    TrustSpec spec = new TrustSpec();
    spec.getRelyingParties().add(new RelyingParty("vault", RelyingParty.Kind.Vault, "vault"));

    TrustRebinding r = TrustPlanner.plan(spec, SAME_NAME, Map.of(), OLD, OLD, SOURCE_UID, TARGET_UID)
        .rebindings().get(0);

    assertThat(r.required()).isTrue();
    assertThat(r.identityKey()).isEqualTo("ServiceAccountUid");
    assertThat(r.oldKey()).isEqualTo(SOURCE_UID);
    assertThat(r.newKey()).isEqualTo(TARGET_UID);
    assertThat(r.change()).doesNotStartWith("nothing to change")
        .contains("alias_name_source=serviceaccount_uid", "new Vault entity without the old entity's policies, groups"
            + " and metadata", "alias_name_source=serviceaccount_name", "whose alias is then payments/api",
            "vault write identity/entity-alias name=" + TARGET_UID + " canonical_id=OLD_ENTITY_ID",
            "vault write identity/lookup/entity alias_name=" + SOURCE_UID)
        .doesNotContain("trust the target's keys", "TARGET_UID"); // same issuer and subject: only the UID changes
    assertThat(r.limits()).anyMatch(l -> l.contains("at most one alias per auth mount"))
        .anyMatch(l -> l.contains("re-created as payments/api"));
    assertThat(r.toString()).doesNotContainPattern("eyJ[A-Za-z0-9_-]+"); // no token, only names and UIDs
  }

  @Test
  void beforeProvisioningTheVaultChangeNamesWhereTheTargetUidWillAppear() {
    TrustSpec spec = new TrustSpec();
    spec.getRelyingParties().add(new RelyingParty("vault", RelyingParty.Kind.Vault, "vault"));

    TrustRebinding r = TrustPlanner.plan(spec, RENAMED, Map.of(), OLD, NEW, SOURCE_UID, null).rebindings().get(0);

    assertThat(r.required()).isTrue();
    assertThat(r.newKey()).isNull();
    assertThat(r.change()).contains("trust the target's keys", "bound_subject system:serviceaccount:payments-v2:api",
        "name=TARGET_UID canonical_id", "TARGET_UID: status.provenance.targetUid", "whose alias is then payments-v2/api");
  }

  @Test
  void anOidcPartyDeclaredToKeyOnTheUidNeedsARebindingNamingBothUids() {
    RelyingParty partner = new RelyingParty("partner", RelyingParty.Kind.OIDC, "partner.example");
    partner.setIdentityKey(RelyingParty.IdentityKey.ServiceAccountUid);
    TrustSpec spec = new TrustSpec();
    spec.getRelyingParties().add(partner);

    TrustRebinding r = TrustPlanner.plan(spec, SAME_NAME, Map.of(), OLD, OLD, SOURCE_UID, TARGET_UID)
        .rebindings().get(0);

    assertThat(r.required()).isTrue();
    assertThat(r.identityKey()).isEqualTo("ServiceAccountUid");
    assertThat(r.change()).contains("kubernetes.io.serviceaccount.uid", "UID " + TARGET_UID + " instead of " + SOURCE_UID)
        .doesNotContain("Vault entity", "alias");
  }

  @Test
  void afterCutoverAVaultPartyKeyedOnTheUidIsOrphanedWithTheSourceUidUntilItsRemovalIsConfirmed() {
    RelyingParty vault = new RelyingParty("vault", RelyingParty.Kind.Vault, "vault");
    TrustSpec spec = new TrustSpec();
    spec.getRelyingParties().add(vault);
    var plan = TrustPlanner.plan(spec, SAME_NAME, Map.of(), OLD, OLD, SOURCE_UID, TARGET_UID).rebindings();

    assertThat(TrustGate.orphaned(plan, spec.getRelyingParties(), SAME_NAME)).singleElement().asString()
        .contains("vault", OLD, "system:serviceaccount:payments:api", "source UID " + SOURCE_UID);
    vault.setRemovalConfirmed(new io.cutover.api.v1alpha1.Confirmation("0123abc"));
    assertThat(TrustGate.orphaned(plan, spec.getRelyingParties(), SAME_NAME)).isEmpty();
  }

  @Test
  void cloudProvidersKeyOnTheSubjectWhateverIsDeclared() {
    for (RelyingParty.Kind kind : List.of(RelyingParty.Kind.AWS, RelyingParty.Kind.GCP, RelyingParty.Kind.Azure)) {
      assertThat(WorkloadIdentity.identityKey(kind, RelyingParty.IdentityKey.ServiceAccountUid))
          .isEqualTo(RelyingParty.IdentityKey.Subject);
    }
    assertThat(WorkloadIdentity.identityKey(RelyingParty.Kind.OIDC, null)).isEqualTo(RelyingParty.IdentityKey.Subject);
    assertThat(WorkloadIdentity.identityKey(RelyingParty.Kind.Vault, null))
        .isEqualTo(RelyingParty.IdentityKey.ServiceAccountUid);
  }

  @Test
  void aDeclaredPartyOfTheSameKindCarriesTheAnnotationsRebindingAndTheSpecMapsTheTargetValue() {
    TrustSpec spec = new TrustSpec();
    spec.getRelyingParties().add(new RelyingParty("aws-prod", RelyingParty.Kind.AWS, null));
    spec.getAnnotations().put(WorkloadIdentity.AWS_ROLE_ARN, "arn:aws:iam::444455556666:role/payments");

    TrustPlan plan = TrustPlanner.plan(spec, SAME_NAME, Map.of(WorkloadIdentity.AWS_ROLE_ARN,
        "arn:aws:iam::111122223333:role/payments", "example.com/unrelated", "x"), OLD, NEW);

    assertThat(plan.rebindings()).singleElement().satisfies(r -> {
      assertThat(r.name()).isEqualTo("aws-prod");
      assertThat(r.origin()).isEqualTo("Spec");
      assertThat(r.identity()).isEqualTo("arn:aws:iam::444455556666:role/payments");
      assertThat(r.audience()).isEqualTo("sts.amazonaws.com");
      assertThat(r.change()).contains("arn:aws:iam::444455556666:oidc-provider").doesNotContain("111122223333");
    });
    assertThat(plan.targetAnnotations()).containsExactly(
        Map.entry(WorkloadIdentity.AWS_ROLE_ARN, "arn:aws:iam::444455556666:role/payments"));
  }

  @Test
  void anAwsTrustPolicyWithBothIssuersOverTheQuotaIsReportedAsOverTheLimit() {
    String longOld = "https://" + "a".repeat(700) + ".example/id/old";
    String longNew = "https://" + "b".repeat(700) + ".example/id/new";

    TrustPlan plan = TrustPlanner.plan(new TrustSpec(), SAME_NAME,
        Map.of(WorkloadIdentity.AWS_ROLE_ARN, "arn:aws:iam::111122223333:role/payments"), longOld, longNew);
    TrustPlan small = TrustPlanner.plan(new TrustSpec(), SAME_NAME,
        Map.of(WorkloadIdentity.AWS_ROLE_ARN, "arn:aws:iam::111122223333:role/payments"), OLD, NEW);

    assertThat(plan.rebindings().get(0).limits()).anyMatch(l -> l.contains("OVER the limit"));
    assertThat(small.rebindings().get(0).limits()).noneMatch(l -> l.contains("OVER"));
  }

  @Test
  void declaredPartiesUseTheKindsDefaultAudienceUnlessTheSpecGivesOne() {
    TrustSpec spec = new TrustSpec();
    spec.getRelyingParties().add(new RelyingParty("entra", RelyingParty.Kind.Azure, null));
    spec.getRelyingParties().add(new RelyingParty("partner", RelyingParty.Kind.OIDC, "partner.example"));
    spec.getRelyingParties().add(new RelyingParty("vault", RelyingParty.Kind.Vault, null));

    TrustPlan plan = TrustPlanner.plan(spec, SAME_NAME, Map.of(), OLD, NEW);

    assertThat(plan.rebindings()).extracting(TrustRebinding::audience)
        .containsExactly("api://AzureADTokenExchange", "partner.example", null);
    assertThat(plan.rebindings().get(2).limits()).anyMatch(l -> l.contains("second mount"));
  }
}
