package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * kube-apiserver's token authentication cache: successes are kept 10 s per token and audiences (the answer as it
 * was), failures are not cached, and the cache holds no token.
 */
class TokenReviewCacheTest {

  static ClockedSandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = new ClockedSandbox("token-cache", "cache");
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @BeforeEach
  void resetClock() {
    sandbox.clock.now = Instant.now();
  }

  static ServiceAccount newServiceAccount() {
    return sandbox.newServiceAccount();
  }

  static String token(ServiceAccount sa, List<String> audiences) {
    return sandbox.token(sa, audiences);
  }

  static TokenReviewStatus review(String token, List<String> audiences) {
    return sandbox.review(token, audiences);
  }

  @Test
  void aDeletedServiceAccountsTokenKeepsAuthenticatingForTenSecondsWithTheCachedAnswer() {
    ServiceAccount sa = newServiceAccount();
    String token = token(sa, null);
    TokenReviewStatus before = review(token, null);
    assertThat(before.getAuthenticated()).isTrue();

    sandbox.client.serviceAccounts().resource(sa).delete();
    sandbox.clock.now = sandbox.clock.now.plus(Duration.ofSeconds(9));
    TokenReviewStatus cached = review(token, null);

    assertThat(cached.getAuthenticated()).isTrue();
    assertThat(cached.getUser()).isEqualTo(before.getUser());
    assertThat(cached.getAudiences()).isEqualTo(before.getAudiences());
    sandbox.clock.now = sandbox.clock.now.plus(Duration.ofSeconds(1));
    TokenReviewStatus after = review(token, null);
    assertThat(after.getAuthenticated()).as("10 s after the success it was cached at").isFalse();
    assertThat(after.getError())
        .isEqualTo("[invalid bearer token, serviceaccounts \"" + sa.getMetadata().getName() + "\" not found]");
  }

  @Test
  void theCacheIsKeyedOnTheAudiencesToo() {
    ServiceAccount sa = newServiceAccount();
    String token = token(sa, List.of("vault", "sts"));
    assertThat(review(token, List.of("vault")).getAuthenticated()).isTrue();

    sandbox.client.serviceAccounts().resource(sa).delete();

    assertThat(review(token, List.of("vault")).getAuthenticated()).isTrue();
    assertThat(review(token, List.of("sts")).getAuthenticated()).as("never asked for sts: not cached").isFalse();
    assertThat(review(token, List.of("vault", "sts")).getAuthenticated()).isFalse();
  }

  @Test
  void noAudiencesAndTheApiServersOwnAreTheSameKey() {
    ServiceAccount sa = newServiceAccount();
    String token = token(sa, null);
    assertThat(review(token, null).getAuthenticated()).isTrue();
    sandbox.client.serviceAccounts().resource(sa).delete();
    assertThat(review(token, List.of(sandbox.cluster.issuer())).getAuthenticated()).isTrue();
  }

  @Test
  void failuresAreNotCached() {
    ServiceAccount sa = newServiceAccount();
    String secretName = sandbox.legacyTokenSecret(sa);
    String token = sandbox.legacyToken(secretName);
    String stored = Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    setToken(secretName, Base64.getEncoder().encodeToString("another".getBytes(StandardCharsets.UTF_8)));
    TokenReviewStatus refused = review(token, null);
    assertThat(refused.getAuthenticated()).isFalse();
    assertThat(refused.getError()).isEqualTo("[invalid bearer token, Token does not match server's copy]");

    setToken(secretName, stored);

    assertThat(review(token, null).getAuthenticated()).as("the refusal was not kept").isTrue();
  }

  static void setToken(String secretName, String base64) {
    sandbox.client.secrets().inNamespace(sandbox.namespace).withName(secretName).edit(s -> {
      s.getData().put("token", base64);
      return s;
    });
  }

  @Test
  void aLegacyTokenIsCachedAsWell() {
    ServiceAccount sa = newServiceAccount();
    String secretName = sandbox.legacyTokenSecret(sa);
    String token = sandbox.legacyToken(secretName);
    assertThat(review(token, null).getAuthenticated()).isTrue();

    sandbox.client.secrets().inNamespace(sandbox.namespace).withName(secretName).delete();

    assertThat(review(token, null).getAuthenticated()).isTrue();
    sandbox.clock.now = sandbox.clock.now.plus(TokenCache.SUCCESS_TTL);
    TokenReviewStatus after = review(token, null);
    assertThat(after.getAuthenticated()).isFalse();
    assertThat(after.getError()).isEqualTo("[invalid bearer token, Token has been invalidated]");
  }

  @Test
  void theCacheHoldsHashesNotTokensAndDropsExpiredEntries() {
    TokenReviewTest.MovableClock own = new TokenReviewTest.MovableClock();
    TokenCache<String> cache = new TokenCache<>(own, Duration.ofSeconds(10));
    String token = "header.payload-that-is-secret.signature";
    cache.put(token, List.of("a"), "alice");

    assertThat(cache.get(token, List.of("a"))).contains("alice");
    assertThat(cache.get(token, List.of("b"))).isEmpty();
    assertThat(cache.get(token, List.of("a", "b"))).isEmpty();
    assertThat(cache.keys()).singleElement().satisfies(key -> {
      assertThat(key).doesNotContain("payload").doesNotContain("signature").doesNotContain("header");
      assertThat(Base64.getDecoder().decode(key)).hasSize(32);
    });
    // The length prefixes keep token|audience splits apart: "t" + ["ab"] is not "ta" + ["b"].
    cache.put("t", List.of("ab"), "split-one");
    assertThat(cache.get("ta", List.of("b"))).isEmpty();

    own.now = own.now.plus(Duration.ofSeconds(10));
    cache.put("another", List.of("a"), "bob");
    assertThat(cache.size()).as("the expired entries were dropped").isEqualTo(1);
    assertThat(cache.get(token, List.of("a"))).isEmpty();
  }
}
