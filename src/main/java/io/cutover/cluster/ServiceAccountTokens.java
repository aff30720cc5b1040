package io.cutover.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.rbac.ServiceAccountIdentity;
import io.fabric8.kubernetes.client.Config;
import java.util.Base64;
import java.util.Optional;

/**
 * The ServiceAccount a client's own bearer token names. Nothing about the token is ever logged or kept: only the
 * namespace and name of its {@code sub} claim ({@code system:serviceaccount:NS:NAME}) leave this class.
 */
final class ServiceAccountTokens {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ServiceAccountTokens() {}

  static Optional<ServiceAccountIdentity> subject(Config config) {
    if (config.getImpersonateUsername() != null && !config.getImpersonateUsername().isEmpty()) {
      return Optional.empty();
    }
    String token = config.getOauthToken();
    if ((token == null || token.isEmpty()) && config.getOauthTokenProvider() != null) {
      try {
        token = config.getOauthTokenProvider().getToken();
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
    return subject(token);
  }

  static Optional<ServiceAccountIdentity> subject(String token) {
    if (token == null) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      String sub = claims.path("sub").asText("");
      String prefix = ServiceAccountIdentity.USERNAME_PREFIX;
      if (!sub.startsWith(prefix)) {
        return Optional.empty();
      }
      String[] nsName = sub.substring(prefix.length()).split(":", -1);
      return nsName.length == 2 && !nsName[0].isEmpty() && !nsName[1].isEmpty()
          ? Optional.of(new ServiceAccountIdentity(nsName[0], nsName[1])) : Optional.empty();
    } catch (IllegalArgumentException | java.io.IOException e) {
      return Optional.empty(); // not a JWT: some other kind of bearer token
    }
  }
}
