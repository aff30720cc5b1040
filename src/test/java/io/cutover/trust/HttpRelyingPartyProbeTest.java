package io.cutover.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cutover.cluster.Token;
import io.cutover.testing.TestTls;
import io.cutover.validate.ProbeUrls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpRelyingPartyProbeTest {
  /** The tests' probe: the operator's, except that its TLS trusts the test endpoint's certificate (the test switch). */
  static final HttpRelyingPartyProbe PROBE = HttpRelyingPartyProbe.trusting(TestTls.clientTrustingOnlyThis());
  static final Token TOKEN = Token.of(io.cutover.testing.FakeJwt.of("{\"sub\":\"x\"}"));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "https://vault.example:8200/v1/auth/jwt/login, true",
      "https://127.0.0.1:8200/v1/auth/jwt/login, true",
      "http://127.0.0.1:8200/v1/auth/jwt/login, false",
      "http://127.9.9.9/login, false",
      "http://[::1]:8200/login, false",
      "http://localhost:8200/login, false",
      "http://vault.example:8200/v1/auth/jwt/login, false",
      "http://10.0.0.1/login, false",
      "https:///login, false",
      "ftp://127.0.0.1/login, false"})
  void tokensGoOnlyToHttpsNotEvenToLoopbackHttp(String url, boolean permitted) {
    assertThat(ProbeUrls.permitted(URI.create(url))).isEqualTo(permitted);
  }

  @Test
  void aTwoHundredIsAcceptanceAndTheTokenIsPostedAsVaultsJwtLoginBody() throws IOException {
    AtomicReference<String> body = new AtomicReference<>();
    HttpServer server = server(204, body, new AtomicInteger());
    try {
      var r = PROBE.probe(url(server), TOKEN);
      assertThat(r.accepted()).isTrue();
      assertThat(body.get()).isEqualTo("{\"jwt\":\"" + TOKEN.reveal() + "\"}");
      assertThat(r.message()).doesNotContain(TOKEN.reveal());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aRejectionOrAnUnreachableEndpointIsNotAcceptance() throws IOException {
    HttpServer server = server(403, new AtomicReference<>(), new AtomicInteger());
    String url = url(server);
    try {
      var r = PROBE.probe(url, TOKEN);
      assertThat(r.accepted()).isFalse();
      assertThat(r.message()).isEqualTo("probe 127.0.0.1 did not accept the target token")
          .as("no status code in status: it would map the host").doesNotContain("403");
    } finally {
      server.stop(0);
    }
    var unreachable = PROBE.probe(url, TOKEN);
    assertThat(unreachable.accepted()).as("stopped server").isFalse();
    assertThat(unreachable.message()).as("the same words as a rejection: no failure kind that maps ports")
        .isEqualTo("probe 127.0.0.1 did not accept the target token");
  }

  @Test
  void theOperatorsProbeSendsNothingToAnEndpointWhoseCertificateItDoesNotTrust() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    HttpServer server = server(204, new AtomicReference<>(), calls);
    try {
      var r = new HttpRelyingPartyProbe().probe(url(server), TOKEN);
      assertThat(r.accepted()).isFalse();
      assertThat(calls).as("no request got through an unverified TLS handshake").hasValue(0);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void plainHttpGetsNoRequestAtAllNotEvenOnLoopback() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    HttpServer plain = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    plain.createContext("/login", exchange -> {
      calls.incrementAndGet();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    plain.start();
    try {
      for (String url : new String[] {"http://127.0.0.1:" + plain.getAddress().getPort() + "/login",
          "http://localhost:" + plain.getAddress().getPort() + "/login", "http://vault.invalid:8200/login"}) {
        var r = PROBE.probe(url, TOKEN);
        assertThat(r.accepted()).as(url).isFalse();
        assertThat(r.message()).as(url).startsWith("refused to send a token").doesNotContain(TOKEN.reveal());
      }
      assertThat(calls).as("requests the plain http endpoint received").hasValue(0);
    } finally {
      plain.stop(0);
    }
  }

  private static HttpServer server(int code, AtomicReference<String> body, AtomicInteger calls) throws IOException {
    HttpServer server = TestTls.server();
    server.createContext("/login", exchange -> {
      calls.incrementAndGet();
      body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(code, -1);
      exchange.close();
    });
    server.start();
    return server;
  }

  private static String url(HttpServer server) {
    return TestTls.url((com.sun.net.httpserver.HttpsServer) server) + "/login";
  }
}
