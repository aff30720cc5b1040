package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LegacyTokenTest {

  static final String NS = "legacy";
  static SandboxCluster cluster;
  static KubernetesClient client;
  static int counter;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("legacy");
    client = cluster.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static ServiceAccount newServiceAccount() {
    return client.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("legacy-" + (++counter)).endMetadata().build()).create();
  }

  static Secret tokenSecret(String name, String serviceAccount) {
    client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(name)
        .withAnnotations(Map.of("kubernetes.io/service-account.name", serviceAccount)).endMetadata()
        .withType("kubernetes.io/service-account-token").build()).create();
    return client.secrets().inNamespace(NS).withName(name).get();
  }

  static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  static TokenReviewStatus review(String token) {
    return client.authentication().v1().tokenReviews()
        .create(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build()).getStatus();
  }

  @Test
  void tokenControllerFillsTheSecretWithALegacyToken() {
    ServiceAccount sa = newServiceAccount();
    Secret secret = tokenSecret(sa.getMetadata().getName() + "-token", sa.getMetadata().getName());
    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry("kubernetes.io/service-account.uid", sa.getMetadata().getUid());
    assertThat(decode(secret.getData().get("namespace"))).isEqualTo(NS);
    assertThat(decode(secret.getData().get("ca.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
    String token = decode(secret.getData().get("token"));
    JsonNode claims = Jwt.claims(token);
    assertThat(claims.path("iss").asText()).isEqualTo("kubernetes/serviceaccount");
    assertThat(claims.path("kubernetes.io/serviceaccount/namespace").asText()).isEqualTo(NS);
    assertThat(claims.path("kubernetes.io/serviceaccount/secret.name").asText())
        .isEqualTo(secret.getMetadata().getName());
    assertThat(claims.path("kubernetes.io/serviceaccount/service-account.name").asText())
        .isEqualTo(sa.getMetadata().getName());
    assertThat(claims.path("kubernetes.io/serviceaccount/service-account.uid").asText())
        .isEqualTo(sa.getMetadata().getUid());
    assertThat(claims.path("sub").asText())
        .isEqualTo("system:serviceaccount:" + NS + ":" + sa.getMetadata().getName());
    assertThat(claims.has("exp")).isFalse();
    assertThat(Jwt.header(token).path("alg").asText()).isEqualTo("RS256");
  }

  @Test
  void legacyTokenAuthenticatesWhileItsSecretAndServiceAccountExist() {
    ServiceAccount sa = newServiceAccount();
    Secret secret = tokenSecret(sa.getMetadata().getName() + "-token", sa.getMetadata().getName());
    TokenReviewStatus status = review(decode(secret.getData().get("token")));
    assertThat(status.getAuthenticated()).isTrue();
    assertThat(status.getUser().getUsername())
        .isEqualTo("system:serviceaccount:" + NS + ":" + sa.getMetadata().getName());
    assertThat(status.getUser().getUid()).isEqualTo(sa.getMetadata().getUid());
    assertThat(status.getAudiences()).containsExactly(cluster.issuer());
  }

  @Test
  void legacyTokenStopsAuthenticatingWhenItsSecretIsDeleted() {
    ServiceAccount sa = newServiceAccount();
    Secret secret = tokenSecret(sa.getMetadata().getName() + "-token", sa.getMetadata().getName());
    String token = decode(secret.getData().get("token"));
    client.secrets().resource(secret).delete();
    TokenReviewStatus status = review(token);
    assertThat(status.getAuthenticated()).isFalse();
    assertThat(status.getError()).doesNotContain(token)
        .isEqualTo("[invalid bearer token, Token has been invalidated]");
  }

  @Test
  void legacyTokenStopsAuthenticatingWhenItsSecretHoldsAnotherToken() {
    ServiceAccount sa = newServiceAccount();
    Secret secret = tokenSecret(sa.getMetadata().getName() + "-token", sa.getMetadata().getName());
    String token = decode(secret.getData().get("token"));
    client.secrets().inNamespace(NS).withName(secret.getMetadata().getName()).edit(s -> {
      s.getData().put("token", Base64.getEncoder().encodeToString("replaced".getBytes(StandardCharsets.UTF_8)));
      return s;
    });
    assertThat(review(token).getAuthenticated()).isFalse();
  }

  @Test
  void deletingTheServiceAccountDeletesItsTokenSecretsAndTheirTokens() {
    ServiceAccount sa = newServiceAccount();
    Secret secret = tokenSecret(sa.getMetadata().getName() + "-token", sa.getMetadata().getName());
    String token = decode(secret.getData().get("token"));
    client.serviceAccounts().resource(sa).delete();
    assertThat(client.secrets().inNamespace(NS).withName(secret.getMetadata().getName()).get()).isNull();
    assertThat(review(token).getAuthenticated()).isFalse();
  }

  @Test
  void tokenSecretForAMissingServiceAccountIsDeletedByTheController() {
    Secret secret = tokenSecret("orphan-token", "does-not-exist");
    assertThat(secret).isNull();
  }

  @Test
  void markedInvalidLegacyTokenDoesNotAuthenticate() {
    ServiceAccount sa = newServiceAccount();
    Secret secret = tokenSecret(sa.getMetadata().getName() + "-token", sa.getMetadata().getName());
    client.secrets().inNamespace(NS).withName(secret.getMetadata().getName()).edit(s -> {
      s.getMetadata().setLabels(Map.of("kubernetes.io/legacy-token-invalid-since", "2024-01-01"));
      return s;
    });
    assertThat(review(decode(secret.getData().get("token"))).getAuthenticated()).isFalse();
  }

  @Test
  void legacyTokenIsOnlyForTheApiServersAudience() {
    ServiceAccount sa = newServiceAccount();
    Secret secret = tokenSecret(sa.getMetadata().getName() + "-token", sa.getMetadata().getName());
    TokenReviewStatus status = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder()
        .withNewSpec().withToken(decode(secret.getData().get("token"))).withAudiences(List.of("vault")).endSpec()
        .build()).getStatus();
    assertThat(status.getAuthenticated()).isFalse();
    assertThat(status.getError()).as("a legacy token's audiences are the API server's").isEqualTo(
        "[invalid bearer token, token audiences [\"" + cluster.issuer() + "\"] is invalid for the target audiences"
            + " [\"vault\"]]");
  }

  @Test
  void otherSecretTypesAreLeftAlone() {
    client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("plain")
        .withAnnotations(Map.of("kubernetes.io/service-account.name", "x")).endMetadata().withType("Opaque")
        .build()).create();
    Secret plain = client.secrets().inNamespace(NS).withName("plain").get();
    assertThat(plain.getData()).isNullOrEmpty();
  }
}
