package io.cutover.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real control planes behave as the rest of the real-cluster tests assume. */
@RealClusterTest
class ControlPlaneTest {
  private final RealEnvironment env = RealEnvironment.get();

  @Test
  void eachClusterHasItsOwnIssuerAndRejectsTheOthersTokens() {
    KubernetesClient source = env.source.client();
    String token = appToken(source, "cp-issuer");

    TokenReview onSource = review(source, token);
    TokenReview onTarget = review(env.target.client(), token);

    assertThat(onSource.getStatus().getAuthenticated()).isTrue();
    assertThat(onSource.getStatus().getUser().getUsername()).isEqualTo("system:serviceaccount:cp-issuer:app");
    assertThat(onTarget.getStatus().getAuthenticated()).isNotEqualTo(Boolean.TRUE);
  }

  @Test
  void theTokenControllerFillsALegacyTokenSecret() {
    KubernetesClient source = env.source.client();
    source.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("cp-legacy").endMetadata().build())
        .serverSideApply();
    await().atMost(Duration.ofSeconds(30)).until(() ->
        source.serviceAccounts().inNamespace("cp-legacy").withName("default").get() != null);
    source.serviceAccounts().inNamespace("cp-legacy").resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("app").endMetadata().build()).serverSideApply();
    source.secrets().inNamespace("cp-legacy").resource(new SecretBuilder().withNewMetadata().withName("app-token")
        .withAnnotations(Map.of("kubernetes.io/service-account.name", "app")).endMetadata()
        .withType("kubernetes.io/service-account-token").build()).create();

    Secret filled = source.secrets().inNamespace("cp-legacy").withName("app-token")
        .waitUntilCondition(s -> s != null && s.getData() != null && s.getData().containsKey("token"),
            30, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(filled.getData()).containsKeys("token", "ca.crt", "namespace");
    assertThat(source.configMaps().inNamespace("cp-legacy").withName("kube-root-ca.crt").get()).isNotNull();
  }

  /**
   * What "revoked" means on a real API server: a token whose ServiceAccount is deleted may still authenticate for
   * up to 10 s, from kube-apiserver's cache of successful authentications (keyed by token and audiences), and then
   * no longer. The time is recorded; the bound is the cache's 10 s plus slack.
   */
  @Test
  void aRevokedTokenStaysAcceptedForAtMostTheTokenReviewCacheWindow() {
    KubernetesClient source = env.source.client();
    String token = appToken(source, "cp-cache");
    assertThat(review(source, token).getStatus().getAuthenticated()).isTrue();

    source.serviceAccounts().inNamespace("cp-cache").withName("app").delete();
    source.serviceAccounts().inNamespace("cp-cache").withName("app")
        .waitUntilCondition(sa -> sa == null, 30, java.util.concurrent.TimeUnit.SECONDS);
    boolean acceptedRightAfter = Boolean.TRUE.equals(review(source, token).getStatus().getAuthenticated());
    Duration rejectedAfter = Scenario.untilRejected(env.source, token, Duration.ofSeconds(15));

    Timings.record("a deleted ServiceAccount's token rejected by TokenReview (accepted right after the delete: "
        + acceptedRightAfter + ")", rejectedAfter);
    assertThat(rejectedAfter).isLessThanOrEqualTo(Duration.ofSeconds(15));
  }

  /**
   * SIGTERM, as a pod gets it, ends the leading operator promptly. It used to hang: JOSDK's exit on a lost Lease
   * called System.exit inside the shutdown hook (see CutoverOperator), and only SIGKILL ended it.
   */
  @Test
  void theLeadingOperatorExitsPromptlyOnSigterm() {
    long start = System.nanoTime();
    env.stopOperator();
    Duration stopped = Duration.ofNanos(System.nanoTime() - start);
    env.startOperator();

    Timings.record("the leading operator stopped by SIGTERM", stopped);
    assertThat(stopped).as("the guard kills it after 15 s; it must end well before").isLessThan(Duration.ofSeconds(10));
  }

  /** A TokenRequest token of ServiceAccount {@code app}, created with its namespace. */
  static String appToken(KubernetesClient cluster, String namespace) {
    cluster.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .serverSideApply();
    cluster.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("app").endMetadata().build()).serverSideApply();
    return cluster.serviceAccounts().inNamespace(namespace).withName("app")
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build())
        .getStatus().getToken();
  }

  static TokenReview review(KubernetesClient client, String token) {
    return client.tokenReviews().create(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build());
  }
}
