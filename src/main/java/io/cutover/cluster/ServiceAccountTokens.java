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

  /**
   * The ServiceAccount kube-apiserver authenticates this client as, when its credential is a ServiceAccount token and
   * nothing else decides who it is. The token is the one fabric8 sends ({@code TokenRefreshInterceptor}): the token
   * provider's, else {@code oauthToken}, else {@code autoOAuthToken}, which is where {@code Config.fromKubeconfig}
   * puts a kubeconfig's {@code token} (so every source and target client the operator builds from a kubeconfig
   * Secret has it only there). Empty when the API server would see someone else: the client impersonates, presents a
   * client certificate (kube-apiserver's x509 authenticator runs before the token authenticators), or uses basic
   * auth (fabric8 then sends no bearer token at all).
   */
  static Optional<ServiceAccountIdentity> subject(Config config) {
    if (impersonates(config) || notEmpty(config.getClientCertData()) || notEmpty(config.getClientCertFile())
        || (notEmpty(config.getUsername()) && notEmpty(config.getPassword()))) {
      return Optional.empty();
    }
    String token;
    if (config.getOauthTokenProvider() != null) {
      try {
        token = config.getOauthTokenProvider().getToken();
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    } else {
      token = config.getOauthToken() != null ? config.getOauthToken() : config.getAutoOAuthToken();
    }
    return subject(token);
  }

  private static boolean impersonates(Config config) {
    return notEmpty(config.getImpersonateUsername())
        || (config.getImpersonateGroups() != null && config.getImpersonateGroups().length > 0)
        || (config.getImpersonateExtras() != null && !config.getImpersonateExtras().isEmpty());
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
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
