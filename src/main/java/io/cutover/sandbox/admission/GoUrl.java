package io.cutover.sandbox.admission;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A URL as Go's {@code net/url.ParseRequestURI} reads it, which Kubernetes' CEL {@code isURL} and {@code url} use: an
 * absolute URL or an absolute path, no control characters, a host of allowed characters with an optional numeric
 * port, valid percent escapes. The parts are those {@code url.URL} gives ({@code Hostname()} without port or
 * brackets).
 */
record GoUrl(String scheme, String host, String path, String rawQuery) {

  /** Thrown for what ParseRequestURI refuses, with Go's wording. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  /** Whether ParseRequestURI accepts the string (Kubernetes' {@code isURL}). */
  static boolean valid(String raw) {
    try {
      parse(raw);
      return true;
    } catch (Invalid e) {
      return false;
    }
  }

  static GoUrl parse(String raw) throws Invalid {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new Invalid("parse " + GoStrings.quote(raw) + ": net/url: invalid control character in URL");
      }
    }
    if (raw.isEmpty()) {
      throw new Invalid("parse \"\": empty url");
    }
    if (raw.equals("*")) {
      return new GoUrl("", "", "*", "");
    }
    String scheme = "";
    String rest = raw;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (Character.isLetter(c) && c < 0x80) {
        continue;
      }
      if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
        if (i == 0) {
          break;
        }
        continue;
      }
      if (c == ':') {
        if (i == 0) {
          throw new Invalid("parse " + GoStrings.quote(raw) + ": missing protocol scheme");
        }
        scheme = raw.substring(0, i).toLowerCase(java.util.Locale.ROOT);
        rest = raw.substring(i + 1);
      }
      break;
    }
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    if (!rest.startsWith("/")) {
      if (!scheme.isEmpty()) {
        return new GoUrl(scheme, "", "", query);
      }
      throw new Invalid("parse " + GoStrings.quote(raw) + ": invalid URI for request");
    }
    String host = "";
    if (!scheme.isEmpty() && rest.startsWith("//")) {
      String authority = rest.substring(2);
      int slash = authority.indexOf('/');
      rest = slash < 0 ? "" : authority.substring(slash);
      authority = slash < 0 ? authority : authority.substring(0, slash);
      int at = authority.lastIndexOf('@');
      if (at >= 0 && !authority.substring(0, at).chars().allMatch(GoUrl::userinfoChar)) {
        throw new Invalid("parse " + GoStrings.quote(raw) + ": net/url: invalid userinfo");
      }
      host = host(raw, at < 0 ? authority : authority.substring(at + 1));
    }
    unescape(raw, rest);
    return new GoUrl(scheme, host, rest, query);
  }

  private static String host(String raw, String host) throws Invalid {
    String port;
    if (host.startsWith("[")) {
      int close = host.lastIndexOf(']');
      if (close < 0) {
        throw new Invalid("parse " + GoStrings.quote(raw) + ": missing ']' in host");
      }
      port = host.substring(close + 1);
    } else {
      int colon = host.lastIndexOf(':');
      port = colon < 0 ? "" : host.substring(colon);
    }
    if (!port.isEmpty() && !(port.startsWith(":") && port.substring(1).chars().allMatch(c -> c >= '0' && c <= '9'))) {
      throw new Invalid("parse " + GoStrings.quote(raw) + ": invalid port " + GoStrings.quote(port) + " after host");
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c < 0x80 && c != '%' && !hostChar(c)) {
        throw new Invalid("parse " + GoStrings.quote(raw) + ": invalid character " + GoStrings.quote(String.valueOf(c))
            + " in host name");
      }
    }
    unescape(raw, host);
    return host;
  }

  private static void unescape(String raw, String s) throws Invalid {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '%' && (i + 2 >= s.length() || !hex(s.charAt(i + 1)) || !hex(s.charAt(i + 2)))) {
        String bad = s.substring(i, Math.min(s.length(), i + 3));
        throw new Invalid("parse " + GoStrings.quote(raw) + ": invalid URL escape " + GoStrings.quote(bad));
      }
    }
  }

  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean hostChar(char c) {
    return Character.isLetterOrDigit(c) || "-_.~!$&'()*+,;=:[]<>\"".indexOf(c) >= 0;
  }

  private static boolean userinfoChar(int c) {
    return (c < 0x80 && Character.isLetterOrDigit(c)) || "-._:~!$&'()*+,;=%@".indexOf(c) >= 0 || c >= 0x80;
  }

  /** {@code url.URL.Hostname()}: the host without its port and IPv6 brackets. */
  String hostname() {
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close < 0 ? host.substring(1) : host.substring(1, close);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  /** {@code url.URL.Port()}. */
  String port() {
    int colon = host.lastIndexOf(':');
    int close = host.lastIndexOf(']');
    return colon < 0 || colon < close ? "" : host.substring(colon + 1);
  }

  /** {@code url.URL.Query()}: the parsed query, each key's values in order. */
  Map<String, List<String>> query() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String pair : rawQuery.split("[&]")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      } catch (IllegalArgumentException e) {
        // Go skips a pair it cannot unescape
      }
    }
    return out;
  }
}
