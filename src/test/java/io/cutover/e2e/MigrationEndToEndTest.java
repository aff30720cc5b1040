package io.cutover.e2e;

import static io.cutover.e2e.E2eEnvironment.AUDIENCE;
import static io.cutover.e2e.E2eEnvironment.JWT;
import static io.cutover.e2e.E2eEnvironment.allowed;
import static io.cutover.e2e.E2eEnvironment.ready;
import static io.cutover.e2e.E2eEnvironment.review;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.e2e.E2eEnvironment.Access;
import io.cutover.e2e.E2eEnvironment.Identity;
import io.cutover.api.v1alpha1.RevocationHorizon;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjectionBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The happy path of a whole migration, checked on source and target through their own APIs. */
class MigrationEndToEndTest extends EndToEndTest {

  @Test
  void automaticMigrationMovesIdentityAndPermissionsToTargetAndRevokesTheSourceAfterTheDeadline() throws Exception {
    Identity id = env.seedIdentity("happy", "orders-api");
    String legacyToken = env.legacyToken(id).orElseThrow();
    ServiceAccount sourceSa = env.sourceServiceAccount(id);
    assertThat(review(env.source, legacyToken, List.of()).getAuthenticated())
        .as("the legacy token authenticates on the source before the migration").isTrue();

    // What the source identity may and may not do, decided by the source's own SubjectAccessReview.
    List<Access> grantedOnSource = List.of(
        new Access("happy", "get", "configmaps", "app-config"),
        new Access("happy", "watch", "secrets", "app-config"),
        new Access("happy", "list", "pods", null),
        new Access("happy", "get", "pods", "orders-api-0"),
        new Access(null, "list", "nodes", null),
        new Access(null, "get", "nodes", "node-1"));
    List<Access> notGrantedOnSource = List.of(
        new Access("happy", "get", "secrets", "other-secret"),
        new Access("happy", "delete", "pods", "orders-api-0"),
        new Access("happy", "create", "configmaps", null),
        new Access(null, "delete", "nodes", "node-1"),
        new Access("kube-system", "get", "pods", "etcd-0"),
        new Access("happy", "create", "serviceaccounts/token", "orders-api"));
    Map<Access, Boolean> sourceVerdicts = new LinkedHashMap<>();
    for (Access a : grantedOnSource) {
      sourceVerdicts.put(a, true);
    }
    for (Access a : notGrantedOnSource) {
      sourceVerdicts.put(a, false);
    }
    sourceVerdicts.forEach((a, expected) -> assertThat(allowed(env.source, id.username(), id.groups(), a))
        .as("source SubjectAccessReview for %s", a).isEqualTo(expected));

    // A Pod running as the identity with the kubelet's default projected token (3607 s, the API server's audience),
    // and a token bound to it as the kubelet would get one: kube-apiserver extends its exp to one year.
    env.source.pods().inNamespace("happy").resource(new PodBuilder().withNewMetadata().withName("orders-api-0")
        .endMetadata().withNewSpec().withServiceAccountName("orders-api").addNewContainer().withName("app")
        .withImage("orders:1").endContainer().addToVolumes(new VolumeBuilder().withName("kube-api-access-x")
            .withNewProjected().addToSources(new VolumeProjectionBuilder().withServiceAccountToken(
                new ServiceAccountTokenProjectionBuilder().withPath("token").withExpirationSeconds(3607L).build())
                .build()).endProjected().build()).endSpec().build()).create();
    String podToken = env.source.serviceAccounts().inNamespace("happy").withName("orders-api").tokenRequest(
        new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3607L).withNewBoundObjectRef()
            .withApiVersion("v1").withKind("Pod").withName("orders-api-0").endBoundObjectRef().endSpec().build())
        .getStatus().getToken();
    assertThat(review(env.source, podToken, List.of()).getAuthenticated()).isTrue();

    ServiceAccountMigration created = env.create(env.migration("happy-orders", id, spec -> spec.getDualRun().setWindow("4s")));
    String migrationUid = created.getMetadata().getUid();

    ServiceAccountMigration dualRun = env.awaitPhase("happy-orders", Phase.DualRun);
    Instant deadline = Instant.parse(dualRun.getStatus().getDualRun().getDeadline());
    assertThat(Instant.now()).as("observed DualRun before its deadline").isBefore(deadline);
    assertThat(env.sourceServiceAccount(id)).as("source SA while in DualRun").isNotNull();
    assertThat(env.source.secrets().inNamespace("happy").withName(id.legacySecret()).get())
        .as("legacy token Secret while in DualRun").isNotNull();
    assertThat(review(env.source, legacyToken, List.of()).getAuthenticated())
        .as("legacy token still authenticates in DualRun").isTrue();

    // Reviewed all along (so kube-apiserver's cache stays warm): the first instant the Pod-bound token is rejected.
    CompletableFuture<Instant> podTokenRejectedAt = CompletableFuture.supplyAsync(() -> {
      Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
          .until(() -> !Boolean.TRUE.equals(review(env.source, podToken, List.of()).getAuthenticated()));
      return Instant.now();
    });

    ServiceAccountMigration done = env.awaitPhase("happy-orders", Phase.Completed);
    var status = done.getStatus();

    // Status: Ready, the deadline honoured, nothing revoked before it.
    assertThat(ready(done).getStatus()).isEqualTo("True");
    assertThat(status.getDualRun().getDeadline()).isEqualTo(deadline.toString());
    assertThat(Instant.parse(status.getCutover().getIntentAt())).as("cutover intent").isAfterOrEqualTo(deadline);
    assertThat(Instant.parse(status.getCutover().getCompletedAt())).as("cutover completed").isAfterOrEqualTo(deadline);
    assertThat(status.getCutover().getTrigger()).isEqualTo("Deadline");
    assertThat(status.getCutover().getLatenessMillis()).isNotNegative();
    String json = env.statusJson(done);
    assertThat(json).as("status JSON").doesNotContainPattern(JWT).doesNotContain(legacyToken)
        .doesNotContain("certificate-authority-data").doesNotContain("client-key-data")
        .doesNotContain("current-context").doesNotContain("kind: Config");

    // Target: the delivered token authenticates as the target SA with the requested audience.
    ServiceAccount targetSa = env.target.serviceAccounts().inNamespace("happy").withName("orders-api").get();
    assertThat(targetSa).as("target ServiceAccount").isNotNull();
    assertThat(status.getProvenance().getTargetUid()).isEqualTo(targetSa.getMetadata().getUid());
    Secret delivered = env.target.secrets().inNamespace("happy").withName("orders-api-token").get();
    assertThat(delivered).as("delivered token Secret on the target").isNotNull();
    String token = E2eEnvironment.decode(delivered.getData().get("token"));
    assertThat(json).doesNotContain(token);
    TokenReviewStatus reviewed = review(env.target, token, List.of(AUDIENCE));
    assertThat(reviewed.getAuthenticated()).as("delivered token on the target").isTrue();
    assertThat(reviewed.getAudiences()).containsExactly(AUDIENCE);
    assertThat(reviewed.getUser().getUsername()).isEqualTo(id.username());
    assertThat(reviewed.getUser().getUid()).isEqualTo(targetSa.getMetadata().getUid());
    assertThat(review(env.target, token, List.of("some-other-audience")).getAuthenticated())
        .as("the delivered token is bound to the requested audience only").isFalse();
    assertThat(review(env.source, token, List.of(AUDIENCE)).getAuthenticated())
        .as("the target's token does not authenticate on the source").isFalse();

    // Target: every source permission is held, nothing the source did not have.
    sourceVerdicts.forEach((a, expected) -> assertThat(allowed(env.target, id.username(), id.groups(), a))
        .as("target SubjectAccessReview for %s", a).isEqualTo(expected));

    // Target: provenance on the ServiceAccount and on every object the migration created.
    assertThat(targetSa.getMetadata().getLabels()).containsEntry("cutover.io/migration-uid", migrationUid);
    assertThat(targetSa.getMetadata().getAnnotations())
        .containsEntry("cutover.io/source-cluster", "source")
        .containsEntry("cutover.io/source-namespace", "happy")
        .containsEntry("cutover.io/source-name", "orders-api")
        .containsEntry("cutover.io/source-uid", sourceSa.getMetadata().getUid())
        .containsKey("cutover.io/created-at");
    Instant createdAt = Instant.parse(targetSa.getMetadata().getAnnotations().get("cutover.io/created-at"));
    assertThat(createdAt).isBeforeOrEqualTo(Instant.now()).isAfter(Instant.parse(created.getMetadata().getCreationTimestamp()).minusSeconds(1));
    List<String> owned = env.targetObjectsOf(migrationUid);
    assertThat(owned).contains("ServiceAccount/happy/orders-api")
        .anyMatch(o -> o.startsWith("Role/happy/")).anyMatch(o -> o.startsWith("RoleBinding/happy/"))
        .anyMatch(o -> o.startsWith("ClusterRole//")).anyMatch(o -> o.startsWith("ClusterRoleBinding//"));
    for (HasMetadata rbac : List.<HasMetadata>of(
        env.target.rbac().roles().inNamespace("happy").withLabel("cutover.io/migration-uid", migrationUid).list().getItems().get(0),
        env.target.rbac().roleBindings().inNamespace("happy").withLabel("cutover.io/migration-uid", migrationUid).list().getItems().get(0))) {
      assertThat(rbac.getMetadata().getAnnotations()).as("provenance of %s", rbac.getMetadata().getName())
          .containsEntry("cutover.io/source-cluster", "source")
          .containsEntry("cutover.io/source-namespace", "happy")
          .containsKey("cutover.io/source-name").containsKey("cutover.io/source-uid").containsKey("cutover.io/created-at");
    }

    // Source: identity, legacy credentials and bindings revoked; the legacy token no longer authenticates.
    assertThat(env.sourceServiceAccount(id)).as("source ServiceAccount after cutover").isNull();
    assertThat(env.source.secrets().inNamespace("happy").withName(id.legacySecret()).get()).as("legacy Secret").isNull();
    var roleBinding = env.source.rbac().roleBindings().inNamespace("happy").withName(id.role()).get();
    var clusterRoleBinding = env.source.rbac().clusterRoleBindings().withName(id.clusterRole()).get();
    for (List<Subject> subjects : new java.util.ArrayList<>(java.util.Arrays.asList(
        roleBinding == null ? null : roleBinding.getSubjects(),
        clusterRoleBinding == null ? null : clusterRoleBinding.getSubjects()))) {
      if (subjects != null) {
        assertThat(subjects).noneMatch(s -> "orders-api".equals(s.getName()) && "happy".equals(s.getNamespace()));
      }
    }
    assertThat(E2eEnvironment.awaitRejected(env.source, legacyToken, List.of()).getAuthenticated())
        .as("the legacy token read before cutover no longer authenticates").isFalse();

    // The revocation horizon, per credential kind and verifier, from what the plan saw and when the revocation ended.
    assertThat(status.getPlan().getLongestProjectedTokenSeconds()).isEqualTo(365L * 24 * 3600);
    assertThat(status.getPlan().getProjectedTokenExtended()).isTrue();
    Instant completed = Instant.parse(status.getCutover().getCompletedAt());
    Map<String, RevocationHorizon> horizon = new LinkedHashMap<>();
    status.getCutover().getRevocationHorizon().forEach(h -> horizon.put(h.credential() + "@" + h.verifier(), h));
    assertThat(horizon).containsOnlyKeys("BoundToken@SourceApiServer", "BoundToken@OfflineVerifier",
        "LegacyToken@SourceApiServer", "LegacyToken@OfflineVerifier");
    Instant apiServerUntil = Instant.parse(horizon.get("BoundToken@SourceApiServer").until());
    assertThat(apiServerUntil).isEqualTo(completed.plusSeconds(10));
    assertThat(Instant.parse(horizon.get("BoundToken@OfflineVerifier").until()))
        .as("the Pod's projected token: one year").isEqualTo(completed.plusSeconds(365L * 24 * 3600));
    assertThat(horizon.get("LegacyToken@SourceApiServer").until()).isEqualTo(completed.plusSeconds(10).toString());
    assertThat(horizon.get("LegacyToken@OfflineVerifier").until()).as("a legacy token has no exp").isNull();
    assertThat(podTokenRejectedAt.get(30, TimeUnit.SECONDS)).as("the Pod-bound token is rejected by the stated horizon")
        .isBeforeOrEqualTo(apiServerUntil.plusSeconds(1));
    assertThat(E2eEnvironment.condition(done, "OldTrustRemoved")).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo("NoRelyingParty");
      assertThat(c.getMessage()).contains("by " + apiServerUntil);
    });
    sourceVerdicts.keySet().forEach(a -> assertThat(allowed(env.source, id.username(), id.groups(), a))
        .as("source keeps no grant for %s", a).isFalse());
  }
}
