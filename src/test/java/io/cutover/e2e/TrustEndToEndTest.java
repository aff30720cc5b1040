package io.cutover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.api.v1alpha1.ClusterRef;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Confirmation;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ProvenanceLink;
import io.cutover.api.v1alpha1.RelyingParty;
import io.cutover.api.v1alpha1.SecretKeyRef;
import io.cutover.api.v1alpha1.SecretMove;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.TrustRebinding;
import io.cutover.e2e.E2eEnvironment.Identity;
import io.cutover.trust.Provenance;
import io.cutover.trust.SecretMoves;
import io.cutover.trust.WorkloadIdentity;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

/**
 * Trust beyond the cluster, end to end against the sandbox: each sandbox cluster is its own issuer, so every migration
 * here changes the issuer, as a migration between real clusters does.
 */
class TrustEndToEndTest extends EndToEndTest {
  static final String VAULT_AUDIENCE = "vault.example";

  /**
   * A stand-in for Vault's JWT auth: accepts a POSTed {"jwt": ...} only if it verifies against the target cluster's
   * published JWKS with the target issuer, the expected subject and audience. Written with jose4j directly, not with
   * Cutover's verifier, so the two check each other.
   */
  static final class JwtAuthEndpoint implements AutoCloseable {
    final com.sun.net.httpserver.HttpsServer server;
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger rejected = new AtomicInteger();
    /** Every token the endpoint accepted (test memory only; never printed). */
    final java.util.Queue<String> acceptedTokens = new java.util.concurrent.ConcurrentLinkedQueue<>();

    JwtAuthEndpoint(String jwks, String issuer, String subject, String audience) throws IOException {
      server = io.cutover.testing.TestTls.server(); // https only: the probe sends a token over nothing else
      server.createContext("/v1/auth/jwt/login", exchange -> {
        int code;
        try {
          JsonNode body = Serialization.jsonMapper().readTree(exchange.getRequestBody());
          JwtConsumer consumer = new JwtConsumerBuilder()
              .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
              .setExpectedIssuer(issuer).setExpectedSubject(subject).setExpectedAudience(audience)
              .setRequireExpirationTime().build();
          consumer.processToClaims(body.path("jwt").asText());
          acceptedTokens.add(body.path("jwt").asText());
          accepted.incrementAndGet();
          code = 200;
        } catch (Exception e) {
          rejected.incrementAndGet();
          code = 403;
        }
        exchange.sendResponseHeaders(code, -1);
        exchange.close();
      });
      server.start();
    }

    String url() {
      return io.cutover.testing.TestTls.url(server) + "/v1/auth/jwt/login";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  static RelyingParty party(String name, RelyingParty.Kind kind, String audience) {
    return new RelyingParty(name, kind, audience);
  }

  @Test
  void issuerChangeIsPlannedTheGateProbesTheRelyingPartyAndAfterCutoverTrustIsOrphanedUntilConfirmedRemoved()
      throws IOException {
    Identity id = env.seedIdentity("trust-probe", "billing-api");
    String targetIssuer = env.sandbox.target().issuer();
    String subject = "system:serviceaccount:trust-probe:billing-api";
    try (JwtAuthEndpoint vault = new JwtAuthEndpoint(env.target.raw("/openid/v1/jwks"), targetIssuer, subject,
        VAULT_AUDIENCE)) {
      RelyingParty p = party("vault-prod", RelyingParty.Kind.Vault, VAULT_AUDIENCE);
      p.setProbeUrl(vault.url());
      env.create(env.migration("trust-probe", id, spec -> {
        spec.getDualRun().setWindow("3s");
        spec.getTrust().getRelyingParties().add(p);
      }));

      ServiceAccountMigration done = env.awaitPhase("trust-probe", Phase.Completed);

      var plan = done.getStatus().getPlan();
      assertThat(plan.getSourceIssuer()).isEqualTo(env.sandbox.source().issuer());
      assertThat(plan.getTargetIssuer()).isEqualTo(targetIssuer);
      assertThat(plan.getIssuerChanged()).isTrue();
      TrustRebinding vaultPlan = plan.getTrust().get(0);
      assertThat(vaultPlan.required()).isTrue();
      assertThat(vaultPlan.newIssuer()).isEqualTo(targetIssuer);
      assertThat(vaultPlan.subject()).isEqualTo(subject);
      assertThat(vaultPlan.audience()).isEqualTo(VAULT_AUDIENCE);
      assertThat(vault.accepted.get()).as("the probe endpoint accepted a target token").isPositive();
      assertThat(done.getStatus().getTrust().getGate())
          .anyMatch(c -> c.name().equals("OfflineSignature:" + VAULT_AUDIENCE) && c.passed())
          .anyMatch(c -> c.name().equals("RelyingParty:vault-prod") && c.passed());
      assertThat(done.getStatus().getHistory()).as("gate passed before the dual run")
          .anyMatch(h -> h.phase() == Phase.DualRun);
      assertThat(E2eEnvironment.condition(done, "TrustRebound").orElseThrow().getStatus()).isEqualTo("True");
      // the gate's tokens were bound to the gate Secret, deleted after each evaluation: none still authenticates
      assertThat(env.target.secrets().inNamespace("trust-probe").list().getItems())
          .noneMatch(s -> s.getMetadata().getName().startsWith("cutover-gate-"));
      assertThat(vault.acceptedTokens).isNotEmpty();
      // kube-apiserver may answer a token that authenticated from its 10 s success cache: allow that bound.
      for (String gateToken : vault.acceptedTokens) {
        var review = E2eEnvironment.awaitRejected(env.target, gateToken, List.of(VAULT_AUDIENCE));
        assertThat(review.getError()).as("kube-apiserver's claims.go error for a deleted bound Secret")
            .contains("service account token has been invalidated");
      }

      var orphaned = env.awaitMigration("trust-probe", "OrphanedTrust",
          s -> E2eEnvironment.condition(s, "OldTrustRemoved").map(c -> "OrphanedTrust".equals(c.getReason())).orElse(false));
      assertThat(E2eEnvironment.condition(orphaned, "OldTrustRemoved").orElseThrow().getStatus()).isEqualTo("False");
      assertThat(orphaned.getStatus().getTrust().getOrphaned()).singleElement().asString()
          .contains("vault-prod").contains(env.sandbox.source().issuer()).contains(subject);
      assertThat(env.statusJson(orphaned)).doesNotContainPattern(E2eEnvironment.JWT);

      edit("trust-probe", spec -> spec.getTrust().getRelyingParties().get(0).setRemovalConfirmed(new Confirmation("0123abc")));
      var removed = env.awaitMigration("trust-probe", "OldTrustRemoved",
          s -> E2eEnvironment.condition(s, "OldTrustRemoved").map(c -> "True".equals(c.getStatus())).orElse(false));
      assertThat(removed.getStatus().getTrust().getOrphaned()).isEmpty();
      assertThat(E2eEnvironment.ready(removed).getStatus()).isEqualTo("True");
    }
  }

  @Test
  void relyingPartyNotConfirmedKeepsTheMigrationOutOfTheDualRunUntilACommitConfirmsIt() {
    Identity id = env.seedIdentity("trust-gate", "orders-api");
    var sourceBefore = env.sourceSnapshot(id);
    env.create(env.migration("trust-gate", id, spec -> {
      spec.getDualRun().setWindow("60s");
      spec.getTrust().getRelyingParties().add(party("partner-oidc", RelyingParty.Kind.OIDC, "partner.example"));
    }));

    ServiceAccountMigration waiting = env.awaitMigration("trust-gate", "TrustNotRebound",
        E2eEnvironment.readyReason("TrustNotRebound"));
    assertThat(waiting.getStatus().getPhase()).isEqualTo(Phase.Provisioning);
    assertThat(E2eEnvironment.ready(waiting).getMessage()).contains("partner-oidc").contains("confirmed.commit");
    assertThat(waiting.getStatus().getTrust().getGate())
        .anyMatch(c -> c.name().equals("OfflineSignature:partner.example") && c.passed())
        .anyMatch(c -> c.name().equals("RelyingParty:partner-oidc") && !c.passed());
    assertThat(env.target.serviceAccounts().inNamespace("trust-gate").withName("orders-api").get())
        .as("provisioned but held at the gate").isNotNull();
    // Stays at the gate: another reconcile does not let it through.
    env.awaitSettled("trust-gate", Phase.Provisioning, "False", "TrustNotRebound");
    assertThat(env.get("trust-gate").getStatus().getHistory()).noneMatch(h -> h.phase() == Phase.DualRun);
    assertThat(env.sourceSnapshot(id)).as("source untouched").isEqualTo(sourceBefore);

    edit("trust-gate", spec -> {
      spec.getCutover().setApproved(true);
      spec.getCutover().setApprovedBy(E2eEnvironment.requester());
      spec.getTrust().getRelyingParties().get(0).setConfirmed(new Confirmation("9f8e7d6"));
    });

    ServiceAccountMigration done = env.awaitPhase("trust-gate", Phase.Completed);
    assertThat(done.getStatus().getTrust().getGate())
        .anyMatch(c -> c.name().equals("RelyingParty:partner-oidc") && c.passed() && c.message().contains("9f8e7d6"));
    assertThat(done.getStatus().getHistory()).anyMatch(h -> h.phase() == Phase.DualRun);
  }

  @Test
  void cloudWorkloadIdentityAnnotationsArePlannedWithTheirLimitsAndCarriedToTheTargetReboundWhereMapped() {
    Identity id = env.seedIdentity("trust-cloud", "media-api");
    env.source.serviceAccounts().inNamespace("trust-cloud").withName("media-api").edit(sa -> {
      sa.getMetadata().setAnnotations(Map.of(
          WorkloadIdentity.AWS_ROLE_ARN, "arn:aws:iam::111122223333:role/media-old",
          WorkloadIdentity.GKE_SERVICE_ACCOUNT, "media@media-prod.iam.gserviceaccount.com",
          WorkloadIdentity.AZURE_CLIENT_ID, "00000000-0000-0000-0000-0000000000c1",
          WorkloadIdentity.AZURE_TENANT_ID, "00000000-0000-0000-0000-0000000000t1"));
      return sa;
    });
    env.create(env.migration("trust-cloud", id, spec -> {
      spec.getDualRun().setWindow("2s");
      spec.getTrust().getAnnotations().put(WorkloadIdentity.AWS_ROLE_ARN, "arn:aws:iam::444455556666:role/media-new");
      for (RelyingParty.Kind kind : List.of(RelyingParty.Kind.AWS, RelyingParty.Kind.Azure)) {
        RelyingParty p = party(kind.name().toLowerCase(), kind, null);
        p.setConfirmed(new Confirmation("abcdef1"));
        spec.getTrust().getRelyingParties().add(p);
      }
    }));

    ServiceAccountMigration done = env.awaitPhase("trust-cloud", Phase.Completed);
    var trust = done.getStatus().getPlan().getTrust();
    TrustRebinding aws = trust.stream().filter(r -> r.kind().equals("AWS")).findFirst().orElseThrow();
    assertThat(aws.identity()).isEqualTo("arn:aws:iam::444455556666:role/media-new");
    assertThat(aws.audience()).isEqualTo("sts.amazonaws.com");
    assertThat(aws.limits()).anyMatch(l -> l.contains("2048"));
    TrustRebinding azure = trust.stream().filter(r -> r.kind().equals("Azure")).findFirst().orElseThrow();
    assertThat(azure.audience()).isEqualTo("api://AzureADTokenExchange");
    assertThat(azure.limits()).anyMatch(l -> l.contains("at most 20 federated identity credentials"));
    TrustRebinding gcp = trust.stream().filter(r -> r.kind().equals("GCP")).findFirst().orElseThrow();
    assertThat(gcp.origin()).isEqualTo("Annotation:" + WorkloadIdentity.GKE_SERVICE_ACCOUNT);
    assertThat(gcp.required()).as("same namespace/name in the pool: the same identity").isFalse();
    assertThat(gcp.limits()).anyMatch(l -> l.contains("media-prod.svc.id.goog") && l.contains("same identity"));

    ServiceAccount target = env.target.serviceAccounts().inNamespace("trust-cloud").withName("media-api").get();
    assertThat(target.getMetadata().getAnnotations())
        .containsEntry(WorkloadIdentity.AWS_ROLE_ARN, "arn:aws:iam::444455556666:role/media-new")
        .containsEntry(WorkloadIdentity.GKE_SERVICE_ACCOUNT, "media@media-prod.iam.gserviceaccount.com")
        .containsEntry(WorkloadIdentity.AZURE_CLIENT_ID, "00000000-0000-0000-0000-0000000000c1")
        .containsEntry(WorkloadIdentity.AZURE_TENANT_ID, "00000000-0000-0000-0000-0000000000t1");
  }

  @Test
  void requireIdleWaitsWhileAPodRunsAsTheSourceIdentityAndCutsOverWhenItStops() {
    Identity id = env.seedIdentity("trust-idle", "batch-api");
    env.source.pods().inNamespace("trust-idle").resource(new PodBuilder().withNewMetadata().withName("batch-1")
        .withNamespace("trust-idle").endMetadata().withNewSpec().withServiceAccountName("batch-api")
        .addNewContainer().withName("main").withImage("busybox").endContainer().endSpec().build()).create();
    env.create(env.migration("trust-idle", id, spec -> {
      spec.getDualRun().setWindow("40s");
      spec.getCutover().setRequireIdle(true);
    }));

    ServiceAccountMigration waiting = env.awaitMigration("trust-idle", "AwaitingIdle",
        E2eEnvironment.readyReason("AwaitingIdle"));
    assertThat(waiting.getStatus().getPhase()).isEqualTo(Phase.DualRun);
    assertThat(E2eEnvironment.ready(waiting).getMessage()).contains("Pod trust-idle/batch-1");
    env.awaitSettled("trust-idle", Phase.DualRun, "False", "AwaitingIdle");
    assertThat(env.sourceServiceAccount(id)).as("not revoked while in use").isNotNull();

    env.source.pods().inNamespace("trust-idle").withName("batch-1").delete();

    ServiceAccountMigration done = env.awaitPhase("trust-idle", Phase.Completed);
    assertThat(done.getStatus().getCutover().getTrigger()).isEqualTo("Idle");
    assertThat(Instant.parse(done.getStatus().getCutover().getCompletedAt()))
        .isBefore(Instant.parse(done.getStatus().getDualRun().getDeadline()));
    assertThat(done.getStatus().getTrust() == null ? List.of() : done.getStatus().getTrust().getInUseAtCutover()).isEmpty();
    assertThat(env.sourceServiceAccount(id)).isNull();
  }

  @Test
  void clusterBoundSecretsBlockTheMigrationWithAClearReasonBeforeAnythingIsCreated() {
    Identity id = env.seedIdentity("trust-bound", "vault-agent");
    env.source.secrets().inNamespace("trust-bound").resource(new SecretBuilder().withNewMetadata()
        .withName("db-creds").withNamespace("trust-bound")
        .addNewOwnerReference().withApiVersion("bitnami.com/v1alpha1").withKind("SealedSecret").withName("db-creds")
        .withUid("5e5e5e5e-0000-0000-0000-000000000001").endOwnerReference().endMetadata()
        .withType("Opaque").withData(Map.of("password", b64("hunter2"))).build()).create();
    ServiceAccountMigration created = env.create(env.migration("trust-bound", id, spec -> {
      spec.setSecrets(List.of(id.legacySecret(), "db-creds"));
    }));

    ServiceAccountMigration failed = env.awaitSettled("trust-bound", Phase.Failed, "False", "ClusterBoundSecret");
    assertThat(E2eEnvironment.ready(failed).getMessage()).contains(id.legacySecret()).contains("service-account token");
    assertThat(failed.getStatus().getPlan().getSecrets()).extracting(SecretMove::name, SecretMove::action)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(id.legacySecret(), "Blocked"),
            org.assertj.core.groups.Tuple.tuple("db-creds", "Blocked"));
    assertThat(failed.getStatus().getPlan().getSecrets().get(1).reason()).contains("SealedSecret db-creds");
    assertThat(env.targetObjectsOf(created.getMetadata().getUid())).isEmpty();
    assertThat(env.statusJson(failed)).doesNotContain(b64("hunter2")).doesNotContain("hunter2");
  }

  @Test
  void aSecretOverTheSizeCapBlocksThePlanAndIsNeverCopied() {
    Identity id = env.seedIdentity("trust-large", "report-api");
    String big = "x".repeat(SecretMoves.MAX_DATA_BYTES);
    env.source.secrets().inNamespace("trust-large").resource(new SecretBuilder().withNewMetadata()
        .withName("bundle").withNamespace("trust-large").endMetadata()
        .withType("Opaque").withData(Map.of("dump", b64(big))).build()).create();
    ServiceAccountMigration created = env.create(env.migration("trust-large", id,
        spec -> spec.setSecrets(List.of("bundle"))));

    ServiceAccountMigration failed = env.awaitSettled("trust-large", Phase.Failed, "False",
        Conditions.Reason.SECRET_TOO_LARGE);
    assertThat(E2eEnvironment.ready(failed).getMessage()).contains("bundle")
        .contains((SecretMoves.MAX_DATA_BYTES + 4) + " bytes").contains(String.valueOf(SecretMoves.MAX_DATA_BYTES));
    assertThat(failed.getStatus().getPlan().getSecrets()).extracting(SecretMove::action).containsExactly("Blocked");
    assertThat(env.target.secrets().inNamespace("trust-large").withName("bundle").get()).as("never copied").isNull();
    assertThat(env.targetObjectsOf(created.getMetadata().getUid())).isEmpty();
  }

  @Test
  void movedSecretsArriveWithTheSameDigestOnlyDigestsAreRecordedAndTheSourceCopiesGoWithMoveSecrets() throws Exception {
    Identity id = env.seedIdentity("trust-move", "shop-api");
    Secret config = env.source.secrets().inNamespace("trust-move").resource(new SecretBuilder().withNewMetadata()
        .withName("shop-config").withNamespace("trust-move").withLabels(Map.of("team", "shop"))
        .withAnnotations(Map.of("kubectl.kubernetes.io/last-applied-configuration", "{}", "owner", "shop"))
        .endMetadata().withType("Opaque")
        .withData(Map.of("api-key", b64("k-123-secret"), "endpoint", b64("https://pay.example"))).build()).create();
    env.create(env.migration("trust-move", id, spec -> {
      spec.setSecrets(List.of("shop-config"));
      spec.setMoveSecrets(true);
    }));

    ServiceAccountMigration done = env.awaitPhase("trust-move", Phase.Completed);

    Secret copy = env.target.secrets().inNamespace("trust-move").withName("shop-config").get();
    assertThat(copy.getType()).isEqualTo("Opaque");
    assertThat(copy.getData()).isEqualTo(config.getData());
    assertThat(copy.getMetadata().getLabels()).containsEntry("team", "shop");
    assertThat(copy.getMetadata().getAnnotations()).containsEntry("owner", "shop")
        .doesNotContainKey("kubectl.kubernetes.io/last-applied-configuration");
    SecretMove move = done.getStatus().getPlan().getSecrets().get(0);
    String independent = independentDigest(config, done.getMetadata().getUid());
    assertThat(move.sourceDigest()).isEqualTo(independent);
    assertThat(move.targetDigest()).isEqualTo(independent);
    assertThat(env.statusJson(done)).doesNotContain("k-123-secret").doesNotContain(b64("k-123-secret"));
    assertThat(env.source.secrets().inNamespace("trust-move").withName("shop-config").get()).as("moved").isNull();
    assertThat(done.getStatus().getTrust().getSecretsRemovedFromSource()).containsExactly("shop-config");
  }

  @Test
  void provenanceChainsAcrossTwoSuccessiveMigrationsAToBToC() {
    Identity id = env.seedIdentity("prov-a", "ledger-api");
    String uidA = env.sourceServiceAccount(id).getMetadata().getUid();
    ServiceAccountMigration first = env.create(env.migration("prov-ab", id, spec -> spec.getTokens().setSecretName(null)));
    ServiceAccountMigration ab = env.awaitPhase("prov-ab", Phase.Completed);
    String uidB = ab.getStatus().getProvenance().getTargetUid();

    ServiceAccountMigration second = env.create(env.migration("prov-bc", id, spec -> {
      spec.getTokens().setSecretName(null);
      spec.getSource().setCluster(new ClusterRef("target", new SecretKeyRef("target-kubeconfig", "kubeconfig")));
      spec.getTarget().setCluster(new ClusterRef("source", new SecretKeyRef("source-kubeconfig", "kubeconfig")));
      spec.getTarget().setNamespace("prov-c");
    }));
    ServiceAccountMigration bc = env.awaitPhase("prov-bc", Phase.Completed);

    ServiceAccount c = env.source.serviceAccounts().inNamespace("prov-c").withName("ledger-api").get();
    List<ProvenanceLink> chain = Provenance.read(c.getMetadata().getAnnotations());
    assertThat(chain).hasSize(2);
    ProvenanceLink one = chain.get(0);
    ProvenanceLink two = chain.get(1);
    assertThat(List.of(one.cluster(), one.namespace(), one.name(), one.uid(), one.toCluster(), one.migrationUid()))
        .containsExactly("source", "prov-a", "ledger-api", uidA, "target", first.getMetadata().getUid());
    assertThat(List.of(two.cluster(), two.namespace(), two.name(), two.uid(), two.toCluster(), two.migrationUid()))
        .containsExactly("target", "prov-a", "ledger-api", uidB, "source", second.getMetadata().getUid());
    for (ProvenanceLink l : chain) {
      assertThat(l.issuedAt()).isNotNull();
      assertThat(l.approvedAt()).isNotNull();
      assertThat(l.cutoverAt()).isNotNull();
      assertThat(l.revoked()).anyMatch(r -> r.startsWith("ServiceAccount/prov-a/ledger-api"));
    }
    assertThat(bc.getStatus().getProvenance().getChain()).isEqualTo(chain);
  }

  /** Changes the spec as a user's GitOps commit would (an update of the whole spec). */
  static void edit(String name, java.util.function.Consumer<io.cutover.api.v1alpha1.ServiceAccountMigrationSpec> change) {
    env.control.resources(ServiceAccountMigration.class).inNamespace(E2eEnvironment.NS).withName(name).edit(sam -> {
      change.accept(sam.getSpec());
      return sam;
    });
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** HMAC-SHA256 over type and sorted data, keyed by the migration, as SecretMoves documents it, computed here independently. */
  static String independentDigest(Secret s, String migrationUid) throws Exception {
    Mac md = Mac.getInstance("HmacSHA256");
    md.init(new SecretKeySpec(("cutover.io/secret-digest/v1\0" + migrationUid).getBytes(StandardCharsets.UTF_8),
        "HmacSHA256"));
    List<byte[]> parts = new ArrayList<>();
    parts.add(s.getType().getBytes(StandardCharsets.UTF_8));
    new TreeMap<>(s.getData()).forEach((k, v) -> {
      parts.add(k.getBytes(StandardCharsets.UTF_8));
      parts.add(Base64.getDecoder().decode(v));
    });
    for (byte[] p : parts) {
      md.update(new byte[] {(byte) (p.length >>> 24), (byte) (p.length >>> 16), (byte) (p.length >>> 8), (byte) p.length});
      md.update(p);
    }
    return "hmac-sha256:" + HexFormat.of().formatHex(md.doFinal());
  }
}
