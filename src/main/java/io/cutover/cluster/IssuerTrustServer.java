package io.cutover.cluster;

import io.cutover.api.v1alpha1.ApiRules;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * An {@code issuerTrust.server} read once, for the validator and the connector alike: https, a host and a port
 * (443 when omitted), nothing else. The operator's tokens for it carry the audience {@link #audience()},
 * {@code cutover.io/HOST:PORT}: derived from where the token is sent, so that a token minted for one server is
 * refused by every other remote that trusts the control cluster's issuer (each accepts only its own audience).
 */
public record IssuerTrustServer(String host, int port) {
  public static final int DEFAULT_PORT = 443;

  /** The server, or empty when {@code server} is not https://HOST[:PORT] with an optional trailing slash. */
  public static Optional<IssuerTrustServer> parse(String server) {
    if (server == null || server.isEmpty() || server.length() > ApiRules.ISSUER_TRUST_SERVER_MAX_LENGTH
        || !server.matches(ApiRules.ISSUER_TRUST_SERVER)) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(server);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null || uri.getRawFragment() != null
        || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
      return Optional.empty();
    }
    int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
    if (port < 1 || port > 65535) {
      return Optional.empty();
    }
    return Optional.of(new IssuerTrustServer(uri.getHost().toLowerCase(Locale.ROOT), port));
  }

  /** The URL the client is built for: {@code https://HOST:PORT}. */
  public String url() {
    return "https://" + host + ":" + port;
  }

  /** The audience of the operator's tokens for this server, and the one its JWT authenticator must accept. */
  public String audience() {
    return ApiRules.ISSUER_TRUST_AUDIENCE_PREFIX + host + ":" + port;
  }
}
