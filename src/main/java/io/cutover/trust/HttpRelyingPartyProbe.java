package io.cutover.trust;

import io.cutover.cluster.Token;
import io.cutover.validate.ProbeUrls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RelyingPartyProbe} over HTTP, a TokenReview-style check against a relying party: POSTs {@code {"jwt": "<token>"}} (the body of Vault's JWT login)
 * to the URL in the spec; a 2xx answer means the relying party accepts the target identity's token. The token goes
 * only to https URLs whose certificate verifies ({@link io.cutover.validate.ProbeUrls}); anything else is refused
 * without a request. The response body is never read, and status learns only accepted or not: no status code, no
 * failure kind.
 */
public final class HttpRelyingPartyProbe implements RelyingPartyProbe {
  private static final Logger log = LoggerFactory.getLogger(HttpRelyingPartyProbe.class);
  public static final Duration TIMEOUT = Duration.ofSeconds(5);
  /** One client for every probe that trusts the JDK's CAs (a client holds a selector thread). */
  private static final HttpClient VERIFYING = client(HttpClient.newBuilder());
  private final HttpClient http;

  /** The operator's probe: TLS verified against the JDK's trusted CAs. */
  public HttpRelyingPartyProbe() {
    this(VERIFYING);
  }

  private HttpRelyingPartyProbe(HttpClient http) {
    this.http = http;
  }

  private static HttpClient client(HttpClient.Builder builder) {
    return builder.connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * A probe whose TLS trusts {@code tls} (a test's own CA) instead of the JDK's: the test-only switch, passed by
   * embedders ({@code CutoverOperator.start} with a probe), never settable from the CRD, the chart or the command
   * line. It still sends only to https.
   */
  public static HttpRelyingPartyProbe trusting(SSLContext tls) {
    return new HttpRelyingPartyProbe(client(HttpClient.newBuilder().sslContext(tls)));
  }

  @Override
  public Result probe(String url, Token token) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return new Result(false, "probe URL is not a URL");
    }
    if (!ProbeUrls.permitted(uri)) {
      return new Result(false, "refused to send a token to " + uri.getScheme() + "://" + uri.getHost()
          + ": only https");
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jwt\":\"" + token.reveal() + "\"}"))
        .build();
    // Status says only accepted or not: a status code or a failure kind per URL would let whoever may create a
    // migration map which hosts and ports answer (issue 15). The operator's log has the detail, never the token.
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      int code = response.statusCode();
      if (code / 100 == 2) {
        return new Result(true, "probe " + uri.getHost() + " accepted the target token");
      }
      log.info("relying-party probe to {} answered HTTP {}", uri.getHost(), code);
    } catch (IOException e) {
      log.info("relying-party probe to {} failed ({})", uri.getHost(), e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "probe interrupted");
    }
    return new Result(false, "probe " + uri.getHost() + " did not accept the target token");
  }
}
