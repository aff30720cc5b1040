package io.cutover.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwt.JwtClaims;

/**
 * kube-apiserver's service account token authenticator: a token authenticates only if it carries this cluster's
 * signature, one of its issuers ({@link #issuer} for bound tokens, {@code kubernetes/serviceaccount} for legacy
 * ones), is within {@code nbf}/{@code exp} (with go-jose's default leeway of one minute, as kube-apiserver validates),
 * its audiences intersect the requested ones (the API server's own when none are requested; legacy tokens carry no
 * audience and count as the API server's), its ServiceAccount exists with the UID in the claims, and its bound
 * object — or, for a legacy token, its Secret still holding exactly that token — exists with its UID.
 * Errors are short and never contain the token.
 */
final class TokenAuthenticator {

  static final String LEGACY_ISSUER = "kubernetes/serviceaccount";
  static final Duration LEEWAY = Duration.ofMinutes(1);
  static final String LEGACY_INVALID_SINCE = "kubernetes.io/legacy-token-invalid-since";

  /** The result: either an authenticated user or a short error. */
  sealed interface Result permits Authenticated, Rejected {
  }

  record Authenticated(String username, String uid, List<String> groups, Map<String, List<String>> extra,
      List<String> audiences) implements Result {
  }

  record Rejected(String error) implements Result {
  }

  private final Store store;
  private final ServiceAccountKeys keys;
  private final String issuer;
  private final Clock clock;

  TokenAuthenticator(Store store, ServiceAccountKeys keys, String issuer, Clock clock) {
    this.store = store;
    this.keys = keys;
    this.issuer = issuer;
    this.clock = clock;
  }

  static String username(String namespace, String name) {
    return "system:serviceaccount:" + namespace + ":" + name;
  }

  static List<String> groups(String namespace) {
    return List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
  }

  /** @param requestedAudiences the TokenReview's spec.audiences; empty means the API server's own (the issuer). */
  Result authenticate(String token, List<String> requestedAudiences) {
    Optional<JwtClaims> verified = keys.verify(token);
    if (verified.isEmpty()) {
      return new Rejected("invalid bearer token");
    }
    JwtClaims claims = verified.get();
    try {
      String tokenIssuer = claims.getIssuer();
      if (LEGACY_ISSUER.equals(tokenIssuer)) {
        return authenticateLegacy(token, claims, requestedAudiences);
      }
      if (!issuer.equals(tokenIssuer)) {
        return new Rejected("invalid bearer token, token issuer is not trusted");
      }
      return authenticateBound(claims, requestedAudiences);
    } catch (Exception e) {
      return new Rejected("invalid bearer token, malformed claims");
    }
  }

  private Result authenticateBound(JwtClaims claims, List<String> requestedAudiences) throws Exception {
    long now = clock.instant().getEpochSecond();
    long leeway = LEEWAY.toSeconds();
    if (claims.getExpirationTime() == null || now > claims.getExpirationTime().getValue() + leeway) {
      return new Rejected("invalid bearer token, service account token has expired");
    }
    if (claims.getNotBefore() != null && now < claims.getNotBefore().getValue() - leeway) {
      return new Rejected("invalid bearer token, service account token is not valid yet");
    }
    if (claims.getIssuedAt() != null && now < claims.getIssuedAt().getValue() - leeway) {
      return new Rejected("invalid bearer token, service account token is issued in the future");
    }
    List<String> audiences = intersect(claims.getAudience(), requestedAudiences);
    if (audiences.isEmpty()) {
      return new Rejected("invalid bearer token, token audiences are invalid for the target audiences");
    }
    Map<String, Object> kubernetes = claims.getClaimValue("kubernetes.io", Map.class);
    if (kubernetes == null) {
      return new Rejected("invalid bearer token, token has no kubernetes.io claims");
    }
    String namespace = (String) kubernetes.get("namespace");
    Map<String, Object> sa = map(kubernetes.get("serviceaccount"));
    String saName = (String) sa.get("name");
    String saUid = (String) sa.get("uid");
    Optional<Rejected> saProblem = checkServiceAccount(namespace, saName, saUid);
    if (saProblem.isPresent()) {
      return saProblem.get();
    }
    Map<String, List<String>> extra = new LinkedHashMap<>();
    Map<String, Object> pod = map(kubernetes.get("pod"));
    Map<String, Object> secret = map(kubernetes.get("secret"));
    Map<String, Object> node = map(kubernetes.get("node"));
    if (!secret.isEmpty()) {
      Optional<Rejected> problem = checkBound("secret",
          store.get("/api/v1/namespaces/" + namespace + "/secrets/" + secret.get("name"), Secret.class),
          (String) secret.get("uid"));
      if (problem.isPresent()) {
        return problem.get();
      }
    }
    if (!pod.isEmpty()) {
      Optional<Rejected> problem = checkBound("pod",
          store.get("/api/v1/namespaces/" + namespace + "/pods/" + pod.get("name"), Pod.class),
          (String) pod.get("uid"));
      if (problem.isPresent()) {
        return problem.get();
      }
      extra.put("authentication.kubernetes.io/pod-name", List.of((String) pod.get("name")));
      extra.put("authentication.kubernetes.io/pod-uid", List.of((String) pod.get("uid")));
    }
    if (!node.isEmpty()) {
      Optional<Rejected> problem = checkBound("node",
          store.get("/api/v1/nodes/" + node.get("name"), Node.class), (String) node.get("uid"));
      if (problem.isPresent()) {
        return problem.get();
      }
      extra.put("authentication.kubernetes.io/node-name", List.of((String) node.get("name")));
      extra.put("authentication.kubernetes.io/node-uid", List.of((String) node.get("uid")));
    }
    if (claims.getJwtId() != null && !claims.getJwtId().isEmpty()) {
      extra.put("authentication.kubernetes.io/credential-id", List.of("JTI=" + claims.getJwtId()));
    }
    return new Authenticated(username(namespace, saName), saUid, groups(namespace), extra, audiences);
  }

  private Result authenticateLegacy(String token, JwtClaims claims, List<String> requestedAudiences)
      throws Exception {
    // Legacy tokens carry no audience: they are valid for the API server's own audiences only.
    List<String> audiences = intersect(List.of(issuer), requestedAudiences);
    if (audiences.isEmpty()) {
      return new Rejected("invalid bearer token, token audiences are invalid for the target audiences");
    }
    String namespace = claims.getStringClaimValue("kubernetes.io/serviceaccount/namespace");
    String secretName = claims.getStringClaimValue("kubernetes.io/serviceaccount/secret.name");
    String saName = claims.getStringClaimValue("kubernetes.io/serviceaccount/service-account.name");
    String saUid = claims.getStringClaimValue("kubernetes.io/serviceaccount/service-account.uid");
    if (namespace == null || secretName == null || saName == null || saUid == null) {
      return new Rejected("invalid bearer token, token is missing legacy service account claims");
    }
    Optional<Secret> secret = store.get("/api/v1/namespaces/" + namespace + "/secrets/" + secretName, Secret.class);
    if (secret.isEmpty() || secret.get().getMetadata().getDeletionTimestamp() != null) {
      return new Rejected("invalid bearer token, token has been invalidated");
    }
    String stored = secret.get().getData() == null ? null : secret.get().getData().get("token");
    if (stored == null || !new String(Base64.getDecoder().decode(stored), StandardCharsets.UTF_8).equals(token)) {
      return new Rejected("invalid bearer token, token does not match server's copy");
    }
    Optional<Rejected> saProblem = checkServiceAccount(namespace, saName, saUid);
    if (saProblem.isPresent()) {
      return saProblem.get();
    }
    Map<String, String> labels = secret.get().getMetadata().getLabels();
    if (labels != null && labels.containsKey(LEGACY_INVALID_SINCE)) {
      return new Rejected("invalid bearer token, the token in the secret has been marked invalid");
    }
    return new Authenticated(username(namespace, saName), saUid, groups(namespace), Map.of(), audiences);
  }

  private Optional<Rejected> checkServiceAccount(String namespace, String name, String uid) {
    Optional<ServiceAccount> sa =
        store.get("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + name, ServiceAccount.class);
    if (sa.isEmpty() || sa.get().getMetadata().getDeletionTimestamp() != null) {
      return Optional.of(new Rejected("invalid bearer token, service account has been deleted"));
    }
    if (!sa.get().getMetadata().getUid().equals(uid)) {
      return Optional.of(new Rejected("invalid bearer token, service account UID does not match claim"));
    }
    return Optional.empty();
  }

  private static Optional<Rejected> checkBound(String kind, Optional<? extends HasMetadata> object, String uid) {
    if (object.isEmpty() || object.get().getMetadata().getDeletionTimestamp() != null) {
      return Optional.of(new Rejected("invalid bearer token, bound " + kind + " has been deleted"));
    }
    if (!object.get().getMetadata().getUid().equals(uid)) {
      return Optional.of(new Rejected("invalid bearer token, bound " + kind + " UID does not match claim"));
    }
    return Optional.empty();
  }

  private List<String> intersect(List<String> tokenAudiences, List<String> requested) {
    List<String> wanted = requested == null || requested.isEmpty() ? List.of(issuer) : requested;
    List<String> result = new ArrayList<>();
    for (String audience : wanted) {
      if (tokenAudiences != null && tokenAudiences.contains(audience) && !result.contains(audience)) {
        result.add(audience);
      }
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
