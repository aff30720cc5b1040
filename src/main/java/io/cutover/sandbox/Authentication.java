package io.cutover.sandbox;

import io.cutover.sandbox.auth.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who sent a request, as kube-apiserver's authenticator chain decides it: a bearer token is either the cluster's
 * static administrator token (as a {@code --token-auth-file} line: {@value Sandbox#ADMIN_USER} in
 * {@code system:masters}) or a service account token {@link TokenAuthenticator} accepts (bound or legacy, for the API
 * server's own audience); a request without one is {@code system:anonymous} in {@code system:unauthenticated}; a
 * bearer token neither accepts is refused (empty: the caller answers 401 Unauthorized). Authenticated callers get
 * {@code system:authenticated} as kube-apiserver's group adder gives it.
 */
final class Authentication {

  private final TokenAuthenticator serviceAccounts;
  private final String adminToken;

  Authentication(TokenAuthenticator serviceAccounts) {
    this.serviceAccounts = serviceAccounts;
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    this.adminToken = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /** The administrator's bearer token: for this cluster's own client and the kubeconfig it writes for people. */
  String adminToken() {
    return adminToken;
  }

  /** The caller of a request with this {@code Authorization} header, or empty when its bearer token is refused. */
  Optional<Caller> authenticate(String authorization) {
    String token = AccessReviews.bearer(authorization);
    if (token == null) {
      return Optional.of(Caller.anonymous());
    }
    if (MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), adminToken.getBytes(StandardCharsets.UTF_8))) {
      return Optional.of(new Caller(Sandbox.ADMIN_USER, "", List.of(Caller.MASTERS, Caller.AUTHENTICATED), Map.of()));
    }
    if (serviceAccounts.authenticate(token, List.of()) instanceof TokenAuthenticator.Authenticated user) {
      List<String> groups = new ArrayList<>(user.groups());
      if (!groups.contains(Caller.AUTHENTICATED)) {
        groups.add(Caller.AUTHENTICATED);
      }
      return Optional.of(new Caller(user.username(), user.uid(), groups, user.extra()));
    }
    return Optional.empty();
  }
}
