package io.cutover.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cutover.cluster.Token;
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
  static final HttpRelyingPartyProbe PROBE = new HttpRelyingPartyProbe();
  static final Token TOKEN = Token.of(io.cutover.testing.FakeJwt.of("{\"sub\":\"x\"}"));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "https://vault.example:8200/v1/auth/jwt/login, true",
      "http://127.0.0.1:8200/v1/auth/jwt/login, true",
      "http://127.9.9.9/login, true",
      "http://[::1]:8200/login, true",
      "http://localhost:8200/login, true",
      "http://vault.example:8200/v1/auth/jwt/login, false",
      "http://127.0.0.1.nip.io/login, false",
      "http://10.0.0.1/login, false",
      "ftp://127.0.0.1/login, false"})
  void tokensGoOnlyToHttpsOrLoopbackHttp(String url, boolean permitted) {
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
  void aPlainHttpEndpointElsewhereGetsNoRequestAtAll() {
    var r = PROBE.probe("http://vault.invalid:8200/login", TOKEN);
    assertThat(r.accepted()).isFalse();
    assertThat(r.message()).startsWith("refused to send a token");
  }

  private static HttpServer server(int code, AtomicReference<String> body, AtomicInteger calls) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
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
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/login";
  }
}
