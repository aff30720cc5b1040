package io.cutover.validate;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Where a relying party's probe may send a target token: https, or plain http on a literal loopback address
 * ({@code 127.0.0.0/8}, {@code [::1]}, {@code localhost}). The validator refuses any other {@code probeUrl} and
 * {@code io.cutover.trust.HttpRelyingPartyProbe} checks again before it sends; both ask this class, so the rule lives once and
 * validation does not depend on the code that makes the HTTP call.
 */
public final class ProbeUrls {
  private ProbeUrls() {}

  /** Whether a token may be sent to this URL: https, or http on a loopback address. */
  public static boolean permitted(URI uri) {
    if (uri.getHost() == null) {
      return false;
    }
    if ("https".equalsIgnoreCase(uri.getScheme())) {
      return true;
    }
    return "http".equalsIgnoreCase(uri.getScheme()) && isLoopbackLiteral(uri.getHost());
  }

  static boolean isLoopbackLiteral(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false; // a name could resolve anywhere: only literal addresses count
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
