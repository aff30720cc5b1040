package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.BoundObjectReference;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenReviewTest {

  /** A clock the test moves; the cluster reads it for issuing and validating tokens. */
  static final class MovableClock extends Clock {
    volatile Instant now = Instant.now();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static final String NS = "review";
  static final MovableClock clock = new MovableClock();
  static SandboxCluster cluster;
  static KubernetesClient client;
  static int counter;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("token-review", clock);
    client = cluster.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @BeforeEach
  void resetClock() {
    clock.now = Instant.now();
  }

  static ServiceAccount newServiceAccount() {
    return client.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("sa-" + (++counter)).endMetadata().build()).create();
  }

  static String token(ServiceAccount sa, List<String> audiences, BoundObjectReference bound) {
    return client.serviceAccounts().inNamespace(NS).withName(sa.getMetadata().getName())
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withAudiences(audiences).withBoundObjectRef(bound)
            .endSpec().build())
        .getStatus().getToken();
  }

  static TokenReviewStatus review(String token, List<String> audiences) {
    TokenReview review = new TokenReviewBuilder().withNewSpec().withToken(token).withAudiences(audiences).endSpec()
        .build();
    return client.authentication().v1().tokenReviews().create(review).getStatus();
  }

  @Test
  void authenticatesAFreshTokenAsItsServiceAccount() {
    ServiceAccount sa = newServiceAccount();
    String token = token(sa, null, null);
    TokenReviewStatus status = review(token, null);
    assertThat(status.getAuthenticated()).isTrue();
    assertThat(status.getUser().getUsername())
        .isEqualTo("system:serviceaccount:" + NS + ":" + sa.getMetadata().getName());
    assertThat(status.getUser().getUid()).isEqualTo(sa.getMetadata().getUid());
    assertThat(status.getUser().getGroups())
        .containsExactly("system:serviceaccounts", "system:serviceaccounts:" + NS, "system:authenticated");
    assertThat(status.getUser().getExtra().get("authentication.kubernetes.io/credential-id"))
        .containsExactly("JTI=" + Jwt.claims(token).path("jti").asText());
    assertThat(status.getAudiences()).containsExactly(cluster.issuer());
    assertThat(status.getError()).isNull();
  }

  @Test
  void rejectsTokenAfterServiceAccountRecreatedWithNewUid() {
    ServiceAccount sa = newServiceAccount();
    String token = token(sa, null, null);
    client.serviceAccounts().resource(sa).delete();
    ServiceAccount recreated = client.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder()
        .withNewMetadata().withName(sa.getMetadata().getName()).endMetadata().build()).create();
    TokenReviewStatus status = review(token, null);
    assertThat(status.getAuthenticated()).isFalse();
    assertThat(status.getError()).doesNotContain(token).isEqualTo("[invalid bearer token, service account UID ("
        + recreated.getMetadata().getUid() + ") does not match claim (" + sa.getMetadata().getUid() + ")]");
    assertThat(status.getUser()).isNull();
  }

  @Test
  void rejectsTokenOfADeletedServiceAccount() {
    ServiceAccount sa = newServiceAccount();
    String token = token(sa, null, null);
    client.serviceAccounts().resource(sa).delete();
    TokenReviewStatus status = review(token, null);
    assertThat(status.getAuthenticated()).isFalse();
    assertThat(status.getError())
        .isEqualTo("[invalid bearer token, serviceaccounts \"" + sa.getMetadata().getName() + "\" not found]");
  }

  @Test
  void audiencesAreTheIntersection() {
    ServiceAccount sa = newServiceAccount();
    String token = token(sa, List.of("vault", "sts"), null);
    TokenReviewStatus status = review(token, List.of("sts", "elsewhere"));
    assertThat(status.getAuthenticated()).isTrue();
    assertThat(status.getAudiences()).containsExactly("sts");
  }

  @Test
  void rejectsTokenWithoutAnyRequestedAudience() {
    ServiceAccount sa = newServiceAccount();
    String token = token(sa, List.of("vault"), null);
    TokenReviewStatus status = review(token, List.of("sts"));
    assertThat(status.getAuthenticated()).isFalse();
    assertThat(status.getError()).doesNotContain(token).isEqualTo(
        "[invalid bearer token, token audiences [\"vault\"] is invalid for the target audiences [\"sts\"]]");
  }

  @Test
  void withoutRequestedAudiencesTheApiServersOwnAreRequired() {
    ServiceAccount sa = newServiceAccount();
    assertThat(review(token(sa, List.of("vault"), null), null).getAuthenticated()).isFalse();
    assertThat(review(token(sa, List.of("vault", cluster.issuer()), null), null).getAuthenticated()).isTrue();
  }

  @Test
  void rejectsAnExpiredToken() {
    ServiceAccount sa = newServiceAccount();
    String token = token(sa, null, null);
    clock.now = clock.now.plus(Duration.ofSeconds(3600 + 61));
    TokenReviewStatus status = review(token, null);
    assertThat(status.getAuthenticated()).isFalse();
    assertThat(status.getError()).isEqualTo("[invalid bearer token, service account token has expired]");
  }

  @Test
  void acceptsATokenWithinTheOneMinuteLeewayAfterExpiry() {
    ServiceAccount sa = newServiceAccount();
    String token = token(sa, null, null);
    clock.now = clock.now.plus(Duration.ofSeconds(3600 + 30));
    assertThat(review(token, null).getAuthenticated()).isTrue();
  }

  @Test
  void rejectsATokenBeforeItsNotBefore() {
    ServiceAccount sa = newServiceAccount();
    clock.now = clock.now.plus(Duration.ofMinutes(10));
    String token = token(sa, null, null);
    clock.now = clock.now.minus(Duration.ofMinutes(10));
    assertThat(review(token, null).getAuthenticated()).isFalse();
  }

  @Test
  void rejectsATokenSignedByAnotherCluster() {
    try (SandboxCluster other = SandboxCluster.start("elsewhere")) {
      other.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata()
          .build()).create();
      ServiceAccount foreign = other.client().serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder()
          .withNewMetadata().withName("sa-foreign").endMetadata().build()).create();
      String token = other.client().serviceAccounts().inNamespace(NS).withName("sa-foreign")
          .tokenRequest(new TokenRequestBuilder().withNewSpec().withAudiences(cluster.issuer()).endSpec().build())
          .getStatus().getToken();
      client.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata()
          .withName("sa-foreign").withUid(foreign.getMetadata().getUid()).endMetadata().build()).create();
      assertThat(review(token, null).getAuthenticated()).isFalse();
    }
  }

  @Test
  void rejectsATamperedToken() {
    ServiceAccount sa = newServiceAccount();
    String token = token(sa, null, null);
    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA";
    assertThat(review(forged, null).getAuthenticated()).isFalse();
    TokenReviewStatus notAJwt = review("not-a-jwt", null);
    assertThat(notAJwt.getAuthenticated()).isFalse();
    assertThat(notAJwt.getError()).as("claimed by no authenticator").isEqualTo("invalid bearer token");
  }

  @Test
  void podBoundTokenCarriesThePodAndDiesWithIt() {
    ServiceAccount sa = newServiceAccount();
    var pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata()
        .withName(sa.getMetadata().getName() + "-pod").endMetadata().withNewSpec()
        .withServiceAccountName(sa.getMetadata().getName()).addNewContainer().withName("c").withImage("i")
        .endContainer().endSpec().build()).create();
    String token = token(sa, null, new BoundObjectReference("v1", "Pod", pod.getMetadata().getName(), null));
    TokenReviewStatus status = review(token, null);
    assertThat(status.getAuthenticated()).isTrue();
    assertThat(status.getUser().getExtra().get("authentication.kubernetes.io/pod-name"))
        .containsExactly(pod.getMetadata().getName());
    assertThat(status.getUser().getExtra().get("authentication.kubernetes.io/pod-uid"))
        .containsExactly(pod.getMetadata().getUid());
    client.pods().resource(pod).delete();
    assertThat(review(token, null).getAuthenticated()).as("answered from the 10 s success cache").isTrue();
    clock.now = clock.now.plus(TokenCache.SUCCESS_TTL);
    TokenReviewStatus afterTheCache = review(token, null);
    assertThat(afterTheCache.getAuthenticated()).isFalse();
    assertThat(afterTheCache.getError()).isEqualTo("[invalid bearer token, service account token has been invalidated]");
  }

  @Test
  void secretBoundTokenDiesWhenTheSecretIsRecreated() {
    ServiceAccount sa = newServiceAccount();
    String secretName = sa.getMetadata().getName() + "-anchor";
    var secret = client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(secretName)
        .endMetadata().build()).create();
    String token = token(sa, null, new BoundObjectReference("v1", "Secret", secretName, null));
    assertThat(review(token, null).getAuthenticated()).isTrue();
    client.secrets().resource(secret).delete();
    var recreated = client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata()
        .withName(secretName).endMetadata().build()).create();
    clock.now = clock.now.plus(TokenCache.SUCCESS_TTL);
    TokenReviewStatus status = review(token, null);
    assertThat(status.getAuthenticated()).as("rejected once the 10 s success cache has let go").isFalse();
    assertThat(status.getError()).isEqualTo("[invalid bearer token, secret UID (" + recreated.getMetadata().getUid()
        + ") does not match service account secret ref claim (" + secret.getMetadata().getUid() + ")]");
  }
}
