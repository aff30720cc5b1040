package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** kube-apiserver's {@code kubernetes.io/legacy-token-last-used} label, set when a legacy token authenticates. */
class LegacyTokenLastUsedTest {

  static final String NS = "last-used";
  static final String LABEL = "kubernetes.io/legacy-token-last-used";
  static final TokenReviewTest.MovableClock clock = new TokenReviewTest.MovableClock();
  static SandboxCluster cluster;
  static KubernetesClient client;
  static int counter;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("last-used", clock);
    client = cluster.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @BeforeEach
  void lateOnADay() {
    // 23:59:50 UTC: the cache's 10 s reach into the next day.
    clock.now = Instant.parse("2026-03-04T23:59:50Z");
  }

  /** A filled legacy token Secret of a new ServiceAccount: its name. */
  static String tokenSecret() {
    String sa = "app-" + (++counter);
    client.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata().withName(sa)
        .endMetadata().build()).create();
    client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(sa + "-token")
        .withAnnotations(Map.of("kubernetes.io/service-account.name", sa)).endMetadata()
        .withType("kubernetes.io/service-account-token").build()).create();
    return sa + "-token";
  }

  static Secret secret(String name) {
    return client.secrets().inNamespace(NS).withName(name).get();
  }

  static TokenReviewStatus use(String secretName) {
    String token = new String(Base64.getDecoder().decode(secret(secretName).getData().get("token")),
        StandardCharsets.UTF_8);
    return client.authentication().v1().tokenReviews()
        .create(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build()).getStatus();
  }

  static void label(String secretName, String key, String value) {
    client.secrets().inNamespace(NS).withName(secretName).edit(s -> {
      Map<String, String> labels = s.getMetadata().getLabels() == null ? new HashMap<>()
          : new HashMap<>(s.getMetadata().getLabels());
      labels.put(key, value);
      s.getMetadata().setLabels(labels);
      return s;
    });
  }

  @Test
  void anUnusedTokenSecretHasNoLabelAndAUseLabelsItWithTodaysUtcDate() {
    String name = tokenSecret();
    assertThat(secret(name).getMetadata().getLabels()).doesNotContainKey(LABEL);

    assertThat(use(name).getAuthenticated()).isTrue();

    assertThat(secret(name).getMetadata().getLabels()).containsEntry(LABEL, "2026-03-04");
  }

  @Test
  void theLabelChangesAtMostOnceADayAndNotForACachedAnswer() {
    String name = tokenSecret();
    use(name);
    String version = secret(name).getMetadata().getResourceVersion();
    clock.now = clock.now.plusSeconds(5);
    use(name);
    assertThat(secret(name).getMetadata().getResourceVersion()).as("cached, and today already").isEqualTo(version);

    clock.now = clock.now.plusSeconds(8); // 2026-03-05T00:00:03Z, past the cache
    use(name);
    assertThat(secret(name).getMetadata().getLabels()).containsEntry(LABEL, "2026-03-05");
  }

  @Test
  void aLabelSayingTomorrowIsLeftAsItIs() {
    String name = tokenSecret();
    label(name, LABEL, "2026-03-05");
    use(name);
    assertThat(secret(name).getMetadata().getLabels()).containsEntry(LABEL, "2026-03-05");
  }

  @Test
  void anOlderDateIsReplaced() {
    String name = tokenSecret();
    label(name, LABEL, "2025-12-31");
    use(name);
    assertThat(secret(name).getMetadata().getLabels()).containsEntry(LABEL, "2026-03-04");
  }

  @Test
  void aTokenMarkedInvalidIsRefusedWithKubeApiserversWordsAndStillRecordsTheUse() {
    String name = tokenSecret();
    String sa = name.substring(0, name.length() - "-token".length());
    label(name, "kubernetes.io/legacy-token-invalid-since", "2026-01-01");

    TokenReviewStatus status = use(name);

    assertThat(status.getAuthenticated()).isNotEqualTo(Boolean.TRUE);
    assertThat(status.getError()).isEqualTo("[invalid bearer token, the token in secret " + NS + "/" + name
        + " for service account " + NS + "/" + sa + " has been marked invalid. Use tokens from the TokenRequest API"
        + " or manually created secret-based tokens, or remove the 'kubernetes.io/legacy-token-invalid-since' label"
        + " from the secret to temporarily allow use of this token]");
    assertThat(secret(name).getMetadata().getLabels()).containsEntry(LABEL, "2026-03-04");
  }
}
