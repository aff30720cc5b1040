package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** kube-apiserver's {@code kubernetes.io/legacy-token-last-used} label, set when a legacy token authenticates. */
class LegacyTokenLastUsedTest {

  static final String LABEL = "kubernetes.io/legacy-token-last-used";
  static ClockedSandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = new ClockedSandbox("last-used", "last-used");
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @BeforeEach
  void lateOnADay() {
    // 23:59:50 UTC: the cache's 10 s reach into the next day.
    sandbox.clock.now = Instant.parse("2026-03-04T23:59:50Z");
  }

  /** A filled legacy token Secret of a new ServiceAccount: its name. */
  static String tokenSecret() {
    return sandbox.legacyTokenSecret(sandbox.newServiceAccount());
  }

  static Secret secret(String name) {
    return sandbox.client.secrets().inNamespace(sandbox.namespace).withName(name).get();
  }

  static TokenReviewStatus use(String secretName) {
    return sandbox.review(sandbox.legacyToken(secretName), null);
  }

  static void label(String secretName, String key, String value) {
    sandbox.client.secrets().inNamespace(sandbox.namespace).withName(secretName).edit(s -> {
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
    sandbox.clock.now = sandbox.clock.now.plusSeconds(5);
    use(name);
    assertThat(secret(name).getMetadata().getResourceVersion()).as("cached, and today already").isEqualTo(version);

    sandbox.clock.now = sandbox.clock.now.plusSeconds(8); // 2026-03-05T00:00:03Z, past the cache
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
    String ns = sandbox.namespace;
    assertThat(status.getError()).isEqualTo("[invalid bearer token, the token in secret " + ns + "/" + name
        + " for service account " + ns + "/" + sa + " has been marked invalid. Use tokens from the TokenRequest API"
        + " or manually created secret-based tokens, or remove the 'kubernetes.io/legacy-token-invalid-since' label"
        + " from the secret to temporarily allow use of this token]");
    assertThat(secret(name).getMetadata().getLabels()).containsEntry(LABEL, "2026-03-04");
  }
}
