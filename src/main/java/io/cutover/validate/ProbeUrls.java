package io.cutover.validate;

import java.net.URI;

/**
 * Where a relying party's probe may send a target token: https, to a host, and nowhere else — no plain http, not
 * even to a loopback address (a sidecar or a local service on the operator's host would get a live token; design
 * entry 87). The validator refuses any other {@code probeUrl} and {@code io.cutover.trust.HttpRelyingPartyProbe}
 * checks again before it sends; both ask this class, so the rule lives once and validation does not depend on the
 * code that makes the HTTP call. Tests reach their own endpoint over TLS with a certificate only their probe trusts.
 */
public final class ProbeUrls {
  private ProbeUrls() {}

  /** Whether a token may be sent to this URL: https with a host. */
  public static boolean permitted(URI uri) {
    return uri.getHost() != null && !uri.getHost().isEmpty() && "https".equalsIgnoreCase(uri.getScheme());
  }
}
