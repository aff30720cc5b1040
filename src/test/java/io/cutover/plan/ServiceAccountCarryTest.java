package io.cutover.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.IdentityField;
import io.cutover.api.v1alpha1.IdentityLoss;
import io.cutover.api.v1alpha1.Ownership;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceAccountCarryTest {
  private static final String NS = "payments";

  private static ObjectMeta cutoverMetadata() {
    return new ObjectMetaBuilder().withNamespace(NS).withName("payments-api")
        .addToLabels(Ownership.MANAGED_BY_LABEL, Ownership.MANAGED_BY)
        .addToLabels(Ownership.MIGRATION_UID_LABEL, "uid-1")
        .addToAnnotations(Ownership.MIGRATION_ANNOTATION, "cutover-system/payments-api")
        .addToAnnotations(Ownership.SOURCE_UID_ANNOTATION, "source-uid").build();
  }

  private static ServiceAccountBuilder source() {
    return new ServiceAccountBuilder().withNewMetadata().withNamespace(NS).withName("payments-api").withUid("source-uid")
        .endMetadata();
  }

  private static ServiceAccountCarry.Result carry(ServiceAccount sa) {
    return carry(sa, Map.of(), List.of(), List.of(), List.of());
  }

  private static ServiceAccountCarry.Result carry(ServiceAccount sa, Map<String, String> trust,
      Collection<String> moving, Collection<String> onTarget, Collection<String> legacy) {
    return ServiceAccountCarry.carry(new ServiceAccountCarry.Input(sa, cutoverMetadata(), trust, moving, onTarget,
        legacy, NS));
  }

  private static IdentityField field(ServiceAccountCarry.Result r, String name) {
    return r.fields().stream().filter(f -> f.field().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no field " + name + " in " + r.fields()));
  }

  // ------------------------------------------------------------ automountServiceAccountToken

  @ParameterizedTest
  @ValueSource(strings = {"true", "false", "unset"})
  void automountServiceAccountTokenIsCarriedExactlyAndAlwaysReported(String value) {
    Boolean automount = value.equals("unset") ? null : Boolean.valueOf(value);
    var r = carry(source().withAutomountServiceAccountToken(automount).build());

    assertThat(r.target().getAutomountServiceAccountToken()).isEqualTo(automount);
    IdentityField f = field(r, "automountServiceAccountToken");
    assertThat(f.action()).isEqualTo(IdentityField.CARRIED);
    assertThat(f.source()).isEqualTo(automount == null ? null : value);
    assertThat(f.target()).isEqualTo(f.source());
    assertThat(r.losses()).isEmpty();
  }

  // ------------------------------------------------------------ imagePullSecrets

  @Test
  void anImagePullSecretThatMovesWithSpecSecretsIsReferenced() {
    var r = carry(source().addNewImagePullSecret("regcred").build(), Map.of(), List.of("regcred"),
        List.of(), List.of());

    assertThat(r.target().getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("regcred");
    assertThat(field(r, "imagePullSecrets[regcred]")).extracting(IdentityField::action, IdentityField::target)
        .containsExactly(IdentityField.CARRIED, "regcred");
    assertThat(r.losses()).isEmpty();
  }

  @Test
  void anImagePullSecretThatExistsOnTheTargetIsReferenced() {
    var r = carry(source().addNewImagePullSecret("regcred").build(), Map.of(), List.of(),
        Set.of("regcred"), List.of());

    assertThat(r.target().getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("regcred");
    assertThat(field(r, "imagePullSecrets[regcred]").reason()).contains("exists in namespace payments on the target");
    assertThat(r.losses()).isEmpty();
  }

  @Test
  void anImagePullSecretMissingOnTheTargetIsALossAndNotReferenced() {
    var r = carry(source().addNewImagePullSecret("regcred").addNewImagePullSecret("mirror")
        .build(), Map.of(), List.of("mirror"), List.of(), List.of());

    assertThat(r.target().getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("mirror");
    IdentityField f = field(r, "imagePullSecrets[regcred]");
    assertThat(f.action()).isEqualTo(IdentityField.LOST);
    assertThat(f.target()).isNull();
    assertThat(r.losses()).singleElement().satisfies(l -> {
      assertThat(l.id()).isEqualTo("ImagePullSecret/regcred");
      assertThat(l.kind()).isEqualTo(IdentityLoss.IMAGE_PULL_SECRET);
      assertThat(l.accepted()).isFalse();
      assertThat(l.reason()).contains("add regcred to spec.secrets").contains("create it in payments on the target");
    });
  }

  // ------------------------------------------------------------ secrets (mountable)

  @Test
  void aLegacyTokenSecretInTheMountableListIsReplacedNotCarried() {
    var r = carry(source().addNewSecret().withName("payments-api-token-x7k2p").endSecret().build(), Map.of(),
        List.of(), List.of(), List.of("payments-api-token-x7k2p"));

    assertThat(r.target().getSecrets()).isNullOrEmpty();
    IdentityField f = field(r, "secrets[payments-api-token-x7k2p]");
    assertThat(f.action()).isEqualTo(IdentityField.REPLACED);
    assertThat(f.reason()).contains("bound tokens").contains("revoked at cutover");
    assertThat(r.losses()).isEmpty();
  }

  @Test
  void aMountableSecretThatMovesOrExistsIsCarried() {
    var r = carry(source().addNewSecret().withName("db").endSecret().addNewSecret().withName("tls").endSecret().build(),
        Map.of(), List.of("db"), List.of("tls"), List.of());

    assertThat(r.target().getSecrets()).extracting(ObjectReference::getName).containsExactly("db", "tls");
    assertThat(field(r, "secrets[db]").action()).isEqualTo(IdentityField.CARRIED);
    assertThat(field(r, "secrets[tls]").action()).isEqualTo(IdentityField.CARRIED);
  }

  @Test
  void aMissingMountableSecretIsALossWhenTheSourceEnforcesTheList() {
    var r = carry(source().editMetadata().addToAnnotations(ServiceAccountCarry.ENFORCE_MOUNTABLE_SECRETS, "true")
        .endMetadata().addNewSecret().withName("db").endSecret().build());

    assertThat(r.target().getSecrets()).isNullOrEmpty();
    assertThat(field(r, "secrets[db]").action()).isEqualTo(IdentityField.LOST);
    assertThat(r.losses()).singleElement().satisfies(l -> {
      assertThat(l.id()).isEqualTo("MountableSecret/db");
      assertThat(l.kind()).isEqualTo(IdentityLoss.MOUNTABLE_SECRET);
      assertThat(l.accepted()).isFalse();
      assertThat(l.reason()).contains("add db to spec.secrets");
    });
    // and the limit itself moves: the target enforces its list as the source does
    assertThat(r.target().getMetadata().getAnnotations())
        .containsEntry(ServiceAccountCarry.ENFORCE_MOUNTABLE_SECRETS, "true");
  }

  @Test
  void aMissingMountableSecretIsDroppedWhenTheListLimitsNothing() {
    var r = carry(source().addNewSecret().withName("db").endSecret().build());

    assertThat(r.target().getSecrets()).isNullOrEmpty();
    IdentityField f = field(r, "secrets[db]");
    assertThat(f.action()).isEqualTo(IdentityField.DROPPED);
    assertThat(f.reason()).contains(ServiceAccountCarry.ENFORCE_MOUNTABLE_SECRETS);
    assertThat(r.losses()).isEmpty();
  }

  // ------------------------------------------------------------ labels and annotations

  @Test
  void labelsAndAnnotationsThatAreNotClusterSpecificAreCarried() {
    var r = carry(source().editMetadata().addToLabels("app", "payments").addToLabels("team", "core")
        .addToAnnotations("example.com/owner", "payments-team").endMetadata().build());

    assertThat(r.target().getMetadata().getLabels()).containsEntry("app", "payments").containsEntry("team", "core");
    assertThat(r.target().getMetadata().getAnnotations()).containsEntry("example.com/owner", "payments-team");
    assertThat(field(r, "labels[app]")).extracting(IdentityField::source, IdentityField::target, IdentityField::action)
        .containsExactly("payments", "payments", IdentityField.CARRIED);
    assertThat(field(r, "annotations[example.com/owner]").action()).isEqualTo(IdentityField.CARRIED);
  }

  static Stream<Arguments> clusterSpecificKeys() {
    return Stream.of(
        Arguments.of("annotation", "kubectl.kubernetes.io/last-applied-configuration", "kubectl"),
        Arguments.of("annotation", "meta.helm.sh/release-name", "Helm"),
        Arguments.of("annotation", "meta.helm.sh/release-namespace", "Helm"),
        Arguments.of("annotation", "argocd.argoproj.io/tracking-id", "Argo CD"),
        Arguments.of("label", "argocd.argoproj.io/instance", "Argo CD"),
        Arguments.of("label", "kustomize.toolkit.fluxcd.io/name", "Flux"),
        Arguments.of("label", "kustomize.toolkit.fluxcd.io/namespace", "Flux"),
        Arguments.of("label", "helm.toolkit.fluxcd.io/name", "Flux"),
        Arguments.of("label", "helm.toolkit.fluxcd.io/namespace", "Flux"),
        Arguments.of("label", "cutover.io/migration-uid", "Cutover"),
        Arguments.of("annotation", "cutover.io/provenance", "Cutover"),
        Arguments.of("annotation", "cutover.io/source-cluster", "Cutover"));
  }

  @ParameterizedTest(name = "{0} {1} is dropped")
  @MethodSource("clusterSpecificKeys")
  void clusterSpecificKeysAreDroppedWithTheirReason(String on, String key, String named) {
    var meta = source().editMetadata();
    meta = on.equals("label") ? meta.addToLabels(key, "from-the-source") : meta.addToAnnotations(key, "from-the-source");
    var r = carry(meta.endMetadata().build());

    Map<String, String> target = on.equals("label") ? r.target().getMetadata().getLabels()
        : r.target().getMetadata().getAnnotations();
    assertThat(target).doesNotContainEntry(key, "from-the-source");
    IdentityField f = field(r, (on.equals("label") ? "labels[" : "annotations[") + key + "]");
    assertThat(f.action()).isEqualTo(IdentityField.DROPPED);
    assertThat(f.target()).isNull();
    assertThat(f.reason()).contains(named);
    assertThat(r.losses()).isEmpty();
  }

  @Test
  void everyClusterSpecificKeyHasAReasonAndIsCoveredByTheTable() {
    assertThat(ServiceAccountCarry.CLUSTER_SPECIFIC).allSatisfy(c -> assertThat(c.reason()).isNotBlank());
    assertThat(ServiceAccountCarry.CLUSTER_SPECIFIC).allSatisfy(c -> assertThat(clusterSpecificKeys()
        .map(a -> (String) a.get()[1]).anyMatch(k -> c.prefix() ? k.startsWith(c.key()) : k.equals(c.key())))
        .as("%s is tested", c.key()).isTrue());
  }

  @Test
  void fluxPrefixesApplyToLabelsOnlyAndAFluxAnnotationIsCarried() {
    var r = carry(source().editMetadata().addToAnnotations("kustomize.toolkit.fluxcd.io/prune", "disabled")
        .endMetadata().build());

    assertThat(r.target().getMetadata().getAnnotations()).containsEntry("kustomize.toolkit.fluxcd.io/prune", "disabled");
  }

  @Test
  void theEnforceMountableSecretsAnnotationIsCarried() {
    var r = carry(source().editMetadata().addToAnnotations(ServiceAccountCarry.ENFORCE_MOUNTABLE_SECRETS, "true")
        .endMetadata().build());

    assertThat(field(r, "annotations[" + ServiceAccountCarry.ENFORCE_MOUNTABLE_SECRETS + "]").action())
        .isEqualTo(IdentityField.CARRIED);
    assertThat(r.target().getMetadata().getAnnotations())
        .containsEntry(ServiceAccountCarry.ENFORCE_MOUNTABLE_SECRETS, "true");
  }

  @Test
  void cutoversOwnMetadataWinsOverTheSourcesAndTheChangeIsReported() {
    var r = carry(source().editMetadata().addToLabels(Ownership.MANAGED_BY_LABEL, "Helm").endMetadata().build());

    assertThat(r.target().getMetadata().getLabels()).containsEntry(Ownership.MANAGED_BY_LABEL, Ownership.MANAGED_BY)
        .containsEntry(Ownership.MIGRATION_UID_LABEL, "uid-1");
    assertThat(r.target().getMetadata().getAnnotations())
        .containsEntry(Ownership.MIGRATION_ANNOTATION, "cutover-system/payments-api");
    assertThat(field(r, "labels[" + Ownership.MANAGED_BY_LABEL + "]"))
        .extracting(IdentityField::source, IdentityField::target, IdentityField::action)
        .containsExactly("Helm", Ownership.MANAGED_BY, IdentityField.CHANGED);
    assertThat(r.target().getMetadata().getName()).isEqualTo("payments-api");
    assertThat(r.target().getMetadata().getUid()).as("no source UID on the target").isNull();
  }

  @Test
  void workloadIdentityAnnotationsAreReportedButLeftToTheTrustPlan() {
    var r = carry(source().editMetadata().addToAnnotations("eks.amazonaws.com/role-arn", "arn:aws:iam::1:role/old")
        .addToAnnotations("iam.gke.io/gcp-service-account", "app@p.iam.gserviceaccount.com").endMetadata().build(),
        Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::2:role/new", "azure.workload.identity/client-id", "c-1"),
        List.of(), List.of(), List.of());

    assertThat(r.target().getMetadata().getAnnotations()).as("one writer: TrustHooks.decorateTarget")
        .doesNotContainKeys("eks.amazonaws.com/role-arn", "iam.gke.io/gcp-service-account",
            "azure.workload.identity/client-id");
    assertThat(field(r, "annotations[eks.amazonaws.com/role-arn]"))
        .extracting(IdentityField::source, IdentityField::target, IdentityField::action)
        .containsExactly("arn:aws:iam::1:role/old", "arn:aws:iam::2:role/new", IdentityField.CHANGED);
    assertThat(field(r, "annotations[iam.gke.io/gcp-service-account]"))
        .extracting(IdentityField::target, IdentityField::action, IdentityField::reason)
        .containsExactly("app@p.iam.gserviceaccount.com", IdentityField.CARRIED, "carried by the trust plan");
    assertThat(field(r, "annotations[azure.workload.identity/client-id]"))
        .extracting(IdentityField::source, IdentityField::target, IdentityField::action)
        .containsExactly(null, "c-1", IdentityField.CHANGED);
  }

  // ------------------------------------------------------------ other metadata

  @Test
  void ownerReferencesAndFinalizersAreDropped() {
    var r = carry(source().editMetadata().addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1")
        .withKind("ConfigMap").withName("owner").withUid("u-1").build()).addToFinalizers("example.com/keep")
        .endMetadata().build());

    assertThat(r.target().getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(r.target().getMetadata().getFinalizers()).isNullOrEmpty();
    assertThat(field(r, "ownerReferences[ConfigMap/owner]").action()).isEqualTo(IdentityField.DROPPED);
    assertThat(field(r, "finalizers[example.com/keep]").action()).isEqualTo(IdentityField.DROPPED);
    assertThat(r.losses()).isEmpty();
  }

  @Test
  void aFieldThisVersionDoesNotKnowIsASettingLoss() {
    ServiceAccount sa = source().build();
    sa.setAdditionalProperty("tokenPolicy", Map.of("maxAge", "1h"));

    var r = carry(sa);

    assertThat(field(r, "tokenPolicy").action()).isEqualTo(IdentityField.LOST);
    assertThat(r.losses()).extracting(IdentityLoss::id).containsExactly("Setting/tokenPolicy");
    assertThat(r.target().getAdditionalProperties()).doesNotContainKey("tokenPolicy");
  }

  @Test
  void valuesAreShownAtMost256Characters() {
    String long300 = "x".repeat(300);
    var r = carry(source().editMetadata().addToAnnotations("example.com/big", long300)
        .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", long300).endMetadata().build());

    assertThat(field(r, "annotations[example.com/big]").source()).hasSize(256);
    assertThat(field(r, "annotations[example.com/big]").target()).hasSize(256);
    assertThat(field(r, "annotations[kubectl.kubernetes.io/last-applied-configuration]").source()).hasSize(256);
    assertThat(r.target().getMetadata().getAnnotations()).as("the value itself is carried whole")
        .containsEntry("example.com/big", long300);
  }

  @Test
  void referencedSecretsAreThePullAndMountableSecretNames() {
    ServiceAccount sa = source().addNewImagePullSecret("regcred").addNewSecret().withName("db").endSecret()
        .addNewSecret().withName("regcred").endSecret().build();

    assertThat(ServiceAccountCarry.referencedSecrets(sa)).containsExactly("regcred", "db");
  }

  @Test
  void theDocsListEveryClusterSpecificKey() throws java.io.IOException {
    String concepts = java.nio.file.Files.readString(java.nio.file.Path.of("docs/concepts.md"));

    assertThat(ServiceAccountCarry.CLUSTER_SPECIFIC).allSatisfy(c -> assertThat(concepts)
        .contains("`" + c.key() + (c.prefix() ? "*`" : "`")));
  }
}
