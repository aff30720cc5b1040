package io.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.cutover.testing.TraceCapture;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The operator's own token for a remote that trusts the control cluster's issuer: minted on first use, reused, and
 * replaced at 80% of the lifetime the API server granted (on the injected clock, never by a timer), and never shown.
 */
class OwnTokenProviderTest {
  private static final Instant T0 = Instant.parse("2026-12-03T09:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final AtomicInteger minted = new AtomicInteger();

  /** Tokens tok-1, tok-2, ... each valid for {@code lifetime} from the moment it is minted. */
  private Supplier<IssuedToken> mint(Duration lifetime) {
    return () -> new IssuedToken(Token.of("tok-" + minted.incrementAndGet()), clock.instant().plus(lifetime));
  }

  @Test
  void theTokenIsMintedOnFirstUseAndRenewedAtEightyPercentOfItsLifetimeNotBefore() {
    OwnTokenProvider tokens = new OwnTokenProvider(mint(Duration.ofSeconds(600)), clock);
    assertThat(minted).as("nothing is minted before a request needs it").hasValue(0);
    assertThat(tokens.getToken()).isEqualTo("tok-1");
    assertThat(tokens.renewAt()).isEqualTo(T0.plusSeconds(480));

    clock.advance(Duration.ofSeconds(479));
    assertThat(tokens.getToken()).as("within 80%% of its life the token is reused").isEqualTo("tok-1");
    assertThat(minted).hasValue(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(tokens.getToken()).as("at 80%%, two minutes before it expires, a new one").isEqualTo("tok-2");
    assertThat(tokens.renewAt()).isEqualTo(T0.plusSeconds(480 + 480));
    assertThat(minted).hasValue(2);
  }

  @Test
  void aLifetimeTheServerShortenedIsWhatTheRenewalFollows() {
    OwnTokenProvider tokens = new OwnTokenProvider(mint(Duration.ofSeconds(300)), clock);
    tokens.getToken();
    assertThat(tokens.renewAt()).isEqualTo(T0.plusSeconds(240));
    clock.advance(Duration.ofSeconds(240));
    assertThat(tokens.getToken()).isEqualTo("tok-2");
  }

  @Test
  void anIdleClientRenewsOnItsNextRequestEvenLongAfterExpiry() {
    OwnTokenProvider tokens = new OwnTokenProvider(mint(Duration.ofSeconds(600)), clock);
    tokens.getToken();
    clock.advance(Duration.ofHours(3));
    assertThat(tokens.getToken()).isEqualTo("tok-2");
    assertThat(minted).hasValue(2);
  }

  @Test
  void aTokenThatHasAlreadyExpiredIsRefusedAndNotShownAndTheNextRequestTriesAgain() {
    List<Duration> lifetimes = new ArrayList<>(List.of(Duration.ZERO, Duration.ofSeconds(600)));
    OwnTokenProvider tokens = new OwnTokenProvider(
        () -> new IssuedToken(Token.of("secret-" + minted.incrementAndGet()), clock.instant().plus(lifetimes.remove(0))),
        clock);
    assertThatThrownBy(tokens::getToken).isInstanceOfSatisfying(ClusterAccessException.class, e -> {
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).doesNotContain("secret-");
    });
    assertThat(tokens.getToken()).isEqualTo("secret-2");
  }

  @Test
  void aFailedMintIsTheRequestsErrorAndIsRetriedOnTheNextRequest() {
    AtomicInteger calls = new AtomicInteger();
    OwnTokenProvider tokens = new OwnTokenProvider(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new ClusterAccessException("Forbidden", "control cluster answered 403 to create serviceaccounts/token", false);
      }
      return new IssuedToken(Token.of("tok"), clock.instant().plusSeconds(600));
    }, clock);
    assertThatThrownBy(tokens::getToken).isInstanceOf(ClusterAccessException.class);
    assertThat(tokens.getToken()).isEqualTo("tok");
  }

  @Test
  void itsStringShowsTheRenewalTimeNeverTheToken() {
    OwnTokenProvider tokens = new OwnTokenProvider(mint(Duration.ofSeconds(600)), clock);
    tokens.getToken();
    assertThat(tokens.toString()).doesNotContain("tok-1").contains(T0.plusSeconds(480).toString());
  }

  /**
   * fabric8 asks the provider before every request: a client built for an issuer-trust remote sends the current
   * token, then the renewed one once the clock passed the renewal time, and even at TRACE no log line holds either.
   */
  @Test
  void theRemoteReceivesTheCurrentTokenOnEveryRequestAndTheRenewedOneAfterTheRenewalTime() throws Exception {
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      received.add(exchange.getRequestHeaders().getFirst("Authorization"));
      byte[] body = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"payments\"}}"
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    OwnTokenProvider tokens = new OwnTokenProvider(mint(Duration.ofSeconds(600)), clock);
    try (TraceCapture trace = TraceCapture.start();
        KubernetesClient client = ClusterConnector.issuerTrustClient(
            "http://127.0.0.1:" + server.getAddress().getPort(), null, tokens, null)) {
      client.namespaces().withName("payments").get();
      client.namespaces().withName("payments").get();
      clock.advance(Duration.ofSeconds(480));
      client.namespaces().withName("payments").get();
      assertThat(received).containsExactly("Bearer tok-1", "Bearer tok-1", "Bearer tok-2");
      assertThat(trace.events()).isNotEmpty().allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain("tok-"));
    } finally {
      server.stop(0);
    }
  }

  /** The provider's failure reaches the step as its own reason, not as an unreadable client error. */
  @Test
  void aTokenThatCannotBeMintedFailsTheRemoteCallWithTheMintsReason() {
    OwnTokenProvider tokens = new OwnTokenProvider(() -> {
      throw new ClusterAccessException("Forbidden", "control cluster answered 403 to create serviceaccounts/token", false);
    }, clock);
    try (KubernetesClient client = ClusterConnector.issuerTrustClient("http://127.0.0.1:9", null, tokens, null);
        Fabric8ClusterPort port = new Fabric8ClusterPort("remote", client)) {
      assertThatThrownBy(() -> port.namespace("payments")).isInstanceOfSatisfying(ClusterAccessException.class,
          e -> assertThat(e.reason()).isEqualTo("Forbidden"));
    }
  }
}
