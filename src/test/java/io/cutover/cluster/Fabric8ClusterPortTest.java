package io.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.Ownership;
import io.cutover.rbac.AccessCheck;
import io.cutover.rbac.ServiceAccountIdentity;
import io.cutover.sandbox.FaultInjector;
import io.cutover.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fabric8 adapter against a sandbox cluster: the real TokenRequest, TokenReview and SubjectAccessReview calls. */
class Fabric8ClusterPortTest {
  private static final String NS = "adapter";
  private static SandboxCluster cluster;
  private static KubernetesClient client;
  private static Fabric8ClusterPort port;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("adapter");
    client = cluster.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    port = new Fabric8ClusterPort("adapter", client);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static ServiceAccount serviceAccount(String name) {
    return client.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName(name).endMetadata().build()).create();
  }

  @Test
  void issuesABoundTokenThatReviewsWithItsAudienceAndDiesWithItsSecret() {
    ServiceAccount sa = serviceAccount("issuer-test");
    var secret = port.createIfAbsent(new SecretBuilder().withNewMetadata().withNamespace(NS).withName("bound")
        .endMetadata().withType("Opaque").build());

    IssuedToken issued = port.requestToken(new TokenRequestSpec(NS, "issuer-test", List.of("vault.example"), 600,
        "bound", secret.getMetadata().getUid()));

    assertThat(issued.expiresAt()).isAfter(Instant.now().plusSeconds(590));
    TokenReviewOutcome ok = port.reviewToken(issued.token(), List.of("vault.example"));
    assertThat(ok.authenticated()).isTrue();
    assertThat(ok.username()).isEqualTo("system:serviceaccount:" + NS + ":issuer-test");
    assertThat(ok.uid()).isEqualTo(sa.getMetadata().getUid());
    assertThat(ok.audiences()).containsExactly("vault.example");
    assertThat(port.reviewToken(issued.token(), List.of("other.example")).authenticated()).isFalse();

    assertThat(port.delete(ObjectRef.of("Secret", NS, "bound"), secret.getMetadata().getUid())).isTrue();
    // It authenticated a moment ago: kube-apiserver (and the sandbox) may answer from its 10 s success cache.
    TokenReviewOutcome dead = org.awaitility.Awaitility.await("rejected within the 10 s TokenReview cache")
        .atMost(java.time.Duration.ofSeconds(15)).pollInterval(java.time.Duration.ofMillis(250))
        .until(() -> port.reviewToken(issued.token(), List.of("vault.example")), r -> !r.authenticated());
    assertThat(dead.error()).isNotBlank().doesNotContain(issued.token().reveal());
  }

  @Test
  void writesAndReadsATokenWithItsTimesInOneSecret() {
    serviceAccount("holder");
    port.createIfAbsent(new SecretBuilder().withNewMetadata().withNamespace(NS).withName("holder-token").endMetadata()
        .withType("Opaque").build());
    IssuedToken issued = port.requestToken(new TokenRequestSpec(NS, "holder", List.of(), 3600, null, null));
    Instant issuedAt = Instant.parse("2026-01-01T00:00:00Z");

    port.writeToken(NS, "holder-token", issued, issuedAt);

    StoredToken stored = port.readToken(NS, "holder-token").orElseThrow();
    assertThat(stored.token()).isEqualTo(issued.token());
    assertThat(stored.issuedAt()).isEqualTo(issuedAt);
    assertThat(stored.expiresAt()).isEqualTo(issued.expiresAt());
    assertThat(port.readToken(NS, "absent")).isEmpty();
  }

  @Test
  void createIfAbsentReturnsWhatExistsInsteadOfFailing() {
    ServiceAccount first = port.createIfAbsent(new ServiceAccountBuilder().withNewMetadata().withNamespace(NS)
        .withName("twice").addToLabels("round", "one").endMetadata().build());
    ServiceAccount second = port.createIfAbsent(new ServiceAccountBuilder().withNewMetadata().withNamespace(NS)
        .withName("twice").addToLabels("round", "two").endMetadata().build());

    assertThat(second.getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
    assertThat(second.getMetadata().getLabels()).containsEntry("round", "one");
  }

  @Test
  void deleteWithAnotherUidLeavesTheObjectAndDeletingWhatIsGoneIsNoError() {
    ServiceAccount sa = serviceAccount("precious");

    assertThat(port.delete(ObjectRef.of("ServiceAccount", NS, "precious"), "not-" + sa.getMetadata().getUid())).isFalse();
    assertThat(port.serviceAccount(NS, "precious")).isPresent();
    assertThat(port.delete(ObjectRef.of("ServiceAccount", NS, "precious"), sa.getMetadata().getUid())).isTrue();
    assertThat(port.serviceAccount(NS, "precious")).isEmpty();
    assertThat(port.delete(ObjectRef.of("ServiceAccount", NS, "precious"), null)).isFalse();
  }

  @Test
  void removingTheIdentityFromABindingKeepsEveryOtherSubject() {
    client.rbac().roles().inNamespace(NS).resource(new RoleBuilder().withNewMetadata().withName("reader").endMetadata()
        .addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get").endRule().build()).create();
    client.rbac().roleBindings().inNamespace(NS).resource(new RoleBindingBuilder().withNewMetadata().withName("shared")
        .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "reader")
        .withSubjects(new SubjectBuilder().withKind("ServiceAccount").withName("leaving").build(),
            new SubjectBuilder().withKind("User").withName("system:serviceaccount:" + NS + ":leaving").build(),
            new SubjectBuilder().withKind("ServiceAccount").withNamespace(NS).withName("staying").build(),
            new SubjectBuilder().withKind("Group").withName("system:serviceaccounts:" + NS).build())
        .build()).create();
    ObjectRef binding = ObjectRef.of("RoleBinding", NS, "shared");

    assertThat(port.removeServiceAccountSubject(binding, NS, "leaving")).isTrue();
    assertThat(port.removeServiceAccountSubject(binding, NS, "leaving")).isFalse();

    assertThat(client.rbac().roleBindings().inNamespace(NS).withName("shared").get().getSubjects())
        .extracting(s -> s.getKind() + ":" + s.getName())
        .containsExactly("ServiceAccount:staying", "Group:system:serviceaccounts:" + NS);
    var leaving = new ServiceAccountIdentity(NS, "leaving");
    assertThat(port.reviewAccess(leaving.username(), List.of(), AccessCheck.resource(NS, "get", "", "configmaps", null, null))
        .allowed()).isFalse();
    assertThat(port.reviewAccess("system:serviceaccount:" + NS + ":staying", List.of(),
        AccessCheck.resource(NS, "get", "", "configmaps", null, null)).allowed()).isTrue();
  }

  /** A batch is sent concurrently: its answers must still be in the order of its checks, each as asked alone. */
  @Test
  void aBatchOfAccessReviewsAnswersEachCheckInItsOrder() {
    client.rbac().roles().inNamespace(NS).resource(new RoleBuilder().withNewMetadata().withName("batch-reader")
        .endMetadata().addNewRule().withApiGroups("").withResources("configmaps", "pods").withVerbs("get")
        .endRule().build()).create();
    client.rbac().roleBindings().inNamespace(NS).resource(new RoleBindingBuilder().withNewMetadata()
        .withName("batch-reader").endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "batch-reader")
        .withSubjects(new SubjectBuilder().withKind("ServiceAccount").withName("batch").withNamespace(NS).build())
        .build()).create();
    String user = new ServiceAccountIdentity(NS, "batch").username();
    List<String> resources = List.of("configmaps", "secrets", "pods", "services");
    List<AccessCheck> checks = new java.util.ArrayList<>();
    for (int i = 0; i < 3 * Fabric8ClusterPort.CONCURRENT_REVIEWS; i++) {
      checks.add(AccessCheck.resource(NS, i % 3 == 0 ? "list" : "get", "", resources.get(i % 4), null, null));
    }

    List<AccessReviewOutcome> batch = port.reviewAccessAll(user, List.of(), checks);

    List<Boolean> alone = checks.stream().map(c -> port.reviewAccess(user, List.of(), c).allowed()).toList();
    assertThat(batch).extracting(AccessReviewOutcome::allowed).containsExactlyElementsOf(alone);
    assertThat(alone).contains(true, false);
  }

  @Test
  void aFailedReviewFailsTheWholeBatch() {
    cluster.faults().script(FaultInjector.Rule.nth("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", 5,
        FaultInjector.Fault.UNAVAILABLE));
    try {
      List<AccessCheck> checks = java.util.Collections.nCopies(12,
          AccessCheck.resource(NS, "get", "", "configmaps", null, null));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> port.reviewAccessAll("someone", List.of(), checks))
          .isInstanceOf(ClusterAccessException.class);
    } finally {
      cluster.faults().off();
    }
  }

  @Test
  void legacyTokenSecretsAreThoseAnnotatedForTheServiceAccount() {
    serviceAccount("legacy");
    serviceAccount("neighbour");
    for (String[] s : new String[][] {{"legacy-token", "legacy"}, {"neighbour-token", "neighbour"}}) {
      client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(s[0])
          .withAnnotations(Map.of("kubernetes.io/service-account.name", s[1])).endMetadata()
          .withType("kubernetes.io/service-account-token").build()).create();
    }
    client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("look-alike")
        .withAnnotations(Map.of("kubernetes.io/service-account.name", "legacy")).endMetadata().withType("Opaque").build())
        .create();

    assertThat(port.legacyTokenSecrets(NS, "legacy")).extracting(s -> s.getMetadata().getName())
        .containsExactly("legacy-token");
  }

  @Test
  void podsRunningAsTheServiceAccountAreFoundByTheirSpec() {
    serviceAccount("runner");
    for (String[] p : new String[][] {{"runner-0", "runner"}, {"other-0", "default"}}) {
      client.pods().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
          .withName(p[0]).endMetadata().withNewSpec().withServiceAccountName(p[1]).addNewContainer().withName("c")
          .withImage("busybox").endContainer().endSpec().build()).create();
    }

    assertThat(port.podsRunningAs(NS, "runner")).extracting(p -> p.getMetadata().getName()).containsExactly("runner-0");
  }

  @Test
  void createSaysWhetherItCreatedAndFindReadsWhatIsHeld() {
    var sa = new ServiceAccountBuilder().withNewMetadata().withNamespace(NS).withName("made-here").endMetadata().build();
    var ref = io.cutover.api.v1alpha1.ObjectRef.of("ServiceAccount", NS, "made-here");
    assertThat(port.find(ref)).isEmpty();

    var first = port.create(sa);
    var second = port.create(sa);

    assertThat(first.createdNow()).isTrue();
    assertThat(second.createdNow()).as("409: found, not created").isFalse();
    assertThat(second.object().getMetadata().getUid()).isEqualTo(first.object().getMetadata().getUid());
    assertThat(port.find(ref)).get().extracting(o -> o.getMetadata().getUid())
        .isEqualTo(first.object().getMetadata().getUid());
  }

  @Test
  void issuerComesFromTheClustersDiscoveryDocument() {
    assertThat(port.issuer()).isEqualTo(cluster.issuer());
  }
}
