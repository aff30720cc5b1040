package io.cutover.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The happy path, end to end on the real control planes, with the operator and migrator holding only shipped RBAC. */
@RealClusterTest
class MigrationOnRealClustersTest {
  /** kube-apiserver caches a successful token authentication for 10 s; a revoked token must fail within that plus slack. */
  static final Duration REJECTION_BOUND = Duration.ofSeconds(20);
  private final RealEnvironment env = RealEnvironment.get();

  @Test
  void anIdentityMovesAndItsRealOldCredentialsStopAuthenticatingByTheStatedHorizon() throws Exception {
    Scenario s = new Scenario(env, "rh-payments", "payments-api").seed(Scenario.CONFIGMAP_GET, Scenario.PODS)
        .grantMigratorOnTarget(Scenario.CONFIGMAP_GET, Scenario.PODS, Scenario.NODES);
    String legacy = s.legacyToken();
    assertThat(Scenario.review(env.source, legacy, List.of()).getAuthenticated())
        .as("the real legacy token authenticates before the move").isTrue();

    // The seeded Pod runs as the identity: kube-apiserver's ServiceAccount admission gave it the kubelet's projected
    // token (3607 s), and a token bound to it, as the kubelet asks for one, is extended to a year.
    var client = env.source.client();
    String podToken = client.serviceAccounts().inNamespace("rh-payments").withName("payments-api").tokenRequest(
        new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3607L).withNewBoundObjectRef()
            .withApiVersion("v1").withKind("Pod").withName("payments-api-0").endBoundObjectRef().endSpec().build())
        .getStatus().getToken();
    assertThat(Scenario.review(env.source, podToken, List.of()).getAuthenticated()).isTrue();

    long start = System.nanoTime();
    s.apply(s.migrationYaml("rh-payments", "15s", ""));
    // Reviewed all along, so the real TokenReview cache stays warm: the first instant the old token is rejected.
    CompletableFuture<Instant> rejectedAt = CompletableFuture.supplyAsync(() -> {
      Awaitility.await().atMost(Scenario.MIGRATION_TIMEOUT).pollInterval(Duration.ofMillis(250))
          .until(() -> !Boolean.TRUE.equals(Scenario.review(env.source, podToken, List.of()).getAuthenticated()));
      return Instant.now();
    });
    ServiceAccountMigration done = s.awaitPhase("rh-payments", Phase.Completed, Phase.Failed, Phase.RolledBack);
    Duration endToEnd = Duration.ofNanos(System.nanoTime() - start);

    assertThat(done.getStatus().getPhase()).as("phase; conditions: %s", done.getStatus().getConditions())
        .isEqualTo(Phase.Completed);
    assertThat(Scenario.condition(done, "Ready")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(done.getStatus().getVerification().getChecks()).as("the operator's own proof on the real TokenReview")
        .anySatisfy(c -> {
          assertThat(c.name()).isEqualTo("SourceCanaryRejected");
          assertThat(c.passed()).isTrue();
        });
    Duration legacyRejected = Scenario.untilRejected(env.source, legacy, REJECTION_BOUND);

    // The stated revocation horizon holds on the real API server: no later than until (+1 s of polling).
    var horizon = done.getStatus().getCutover().getRevocationHorizon();
    Instant until = horizon.stream().filter(h -> h.credential().equals("BoundToken")
        && h.verifier().equals("SourceApiServer")).map(h -> Instant.parse(h.until())).findFirst().orElseThrow();
    Instant rejected = rejectedAt.get(REJECTION_BOUND.toSeconds(), TimeUnit.SECONDS);
    assertThat(rejected).as("the Pod-bound token's rejection by the real TokenReview").isBeforeOrEqualTo(until.plusSeconds(1));
    assertThat(done.getStatus().getPlan().getLongestProjectedTokenSeconds())
        .as("the kube-api-access volume admission added, extended to a year").isEqualTo(365L * 24 * 3600);
    Instant completed = Instant.parse(done.getStatus().getCutover().getCompletedAt());
    assertThat(horizon).anySatisfy(h -> {
      assertThat(h.credential() + "@" + h.verifier()).isEqualTo("BoundToken@OfflineVerifier");
      assertThat(h.until()).isEqualTo(completed.plusSeconds(365L * 24 * 3600).toString());
    });

    Secret delivered = env.target.client().secrets().inNamespace("rh-payments").withName("payments-api-token").get();
    assertThat(delivered).as("the token Secret on the target").isNotNull();
    String issued = new String(Base64.getDecoder().decode(delivered.getData().get("token")), StandardCharsets.UTF_8);
    TokenReviewStatus onTarget = Scenario.review(env.target, issued, List.of(Scenario.AUDIENCE));
    assertThat(onTarget.getAuthenticated()).isTrue();
    assertThat(onTarget.getUser().getUsername()).isEqualTo(s.username());
    assertThat(onTarget.getAudiences()).containsExactly(Scenario.AUDIENCE);
    assertThat(env.source.client().serviceAccounts().inNamespace("rh-payments").withName("payments-api").get())
        .as("the source ServiceAccount is deleted").isNull();

    String log = Files.readString(env.operator().log());
    // A 403 answer, not a timestamp's milliseconds (08.403).
    assertThat(log).as("the operator's log").doesNotContainPattern("(?<![.\\d])403(?!\\d)")
        .doesNotContainIgnoringCase("forbidden");
    Timings.record("one migration end to end (15 s window)", endToEnd);
    Timings.record("legacy token rejected by the real TokenReview, after Completed", legacyRejected);
  }
}
