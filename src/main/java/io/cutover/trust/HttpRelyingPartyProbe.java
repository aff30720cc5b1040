package io.cutover.trust;

import io.cutover.cluster.Token;
import io.cutover.validate.ProbeUrls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RelyingPartyProbe} over HTTP, a TokenReview-style check against a relying party: POSTs {@code {"jwt": "<token>"}} (the body of Vault's JWT login)
 * to the URL in the spec; a 2xx answer means the relying party accepts the target identity's token. The token goes
 * only to https URLs, or to plain http on a literal loopback address ({@code 127.0.0.0/8}, {@code [::1]},
 * {@code localhost}); anything else is refused without a request. The response body is never read, and status learns only accepted or not: no status code, no failure kind.
 */
public final class HttpRelyingPartyProbe implements RelyingPartyProbe {
  private static final Logger log = LoggerFactory.getLogger(HttpRelyingPartyProbe.class);
  public static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT)
      .followRedirects(HttpClient.Redirect.NEVER).build();

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
          + ": only https, or http on a loopback address");
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jwt\":\"" + token.reveal() + "\"}"))
        .build();
    // Status says only accepted or not: a status code or a failure kind per URL would let whoever may create a
    // migration map which hosts and ports answer (issue 15). The operator's log has the detail, never the token.
    try {
      HttpResponse<Void> response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
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
