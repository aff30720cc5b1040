package io.cutover.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
 * Errors are kube-apiserver's ({@code pkg/serviceaccount/claims.go}, {@code legacy.go}, {@code jwt.go}) and never
 * contain the token.
 *
 * <p>{@link #authenticate} is the one entry point, for TokenReview and for requests alike, and goes through
 * kube-apiserver's {@link TokenCache}: a success is answered from it for 10 s, whatever happened to the token's
 * ServiceAccount, Secret or bound object meanwhile. A legacy token that authenticates (not from the cache) labels its
 * Secret {@value LegacyTokens#LAST_USED}, see {@link LegacyTokens}.
 */
final class TokenAuthenticator {

  static final String LEGACY_ISSUER = "kubernetes/serviceaccount";
  static final Duration LEEWAY = Duration.ofMinutes(1);

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
  private final LegacyTokens legacy;
  private final TokenCache<Authenticated> cache;

  TokenAuthenticator(Store store, ServiceAccountKeys keys, String issuer, Clock clock) {
    this.store = store;
    this.keys = keys;
    this.issuer = issuer;
    this.clock = clock;
    this.legacy = new LegacyTokens(store, clock);
    this.cache = new TokenCache<>(clock, TokenCache.SUCCESS_TTL);
  }

  static String username(String namespace, String name) {
    return "system:serviceaccount:" + namespace + ":" + name;
  }

  static List<String> groups(String namespace) {
    return List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
  }

  /**
   * Authenticates a token for audiences, as kube-apiserver's cached token authenticator does: from the success cache
   * if this token authenticated for exactly these audiences in the last 10 s, else by validating it now.
   *
   * @param requestedAudiences the TokenReview's spec.audiences; empty means the API server's own (the issuer).
   */
  Result authenticate(String token, List<String> requestedAudiences) {
    List<String> audiences = requestedAudiences == null || requestedAudiences.isEmpty() ? List.of(issuer)
        : List.copyOf(requestedAudiences);
    Optional<Authenticated> cached = cache.get(token, audiences);
    if (cached.isPresent()) {
      return cached.get();
    }
    Result result = validate(token, audiences);
    if (result instanceof Authenticated authenticated) {
      cache.put(token, audiences, authenticated);
    }
    if (result instanceof Rejected rejected && !rejected.error().equals(UNCLAIMED)) {
      // kube-apiserver's union of request authenticators aggregates the bearer token's default error with this one.
      return new Rejected("[" + UNCLAIMED + ", " + rejected.error() + "]");
    }
    return result;
  }

  /** The error of a token no service account authenticator claims (not a JWT, not signed here, another issuer). */
  static final String UNCLAIMED = "invalid bearer token";

  private Result validate(String token, List<String> audiences) {
    Optional<JwtClaims> verified = keys.verify(token);
    if (verified.isEmpty()) {
      // Not a JWT this cluster signed: no service account authenticator claims it (bearertoken's default error).
      return new Rejected(UNCLAIMED);
    }
    JwtClaims claims = verified.get();
    try {
      String tokenIssuer = claims.getIssuer();
      if (LEGACY_ISSUER.equals(tokenIssuer)) {
        return authenticateLegacy(token, claims, audiences);
      }
      if (!issuer.equals(tokenIssuer)) {
        return new Rejected(UNCLAIMED);
      }
      return authenticateBound(claims, audiences);
    } catch (Exception e) {
      return new Rejected("service account token claims could not be validated due to unexpected validation error");
    }
  }

  private Result authenticateBound(JwtClaims claims, List<String> requestedAudiences) throws Exception {
    long now = clock.instant().getEpochSecond();
    long leeway = LEEWAY.toSeconds();
    List<String> audiences = intersect(claims.getAudience(), requestedAudiences);
    if (audiences.isEmpty()) {
      return new Rejected(audiencesInvalid(claims.getAudience(), requestedAudiences));
    }
    if (claims.getExpirationTime() == null || now > claims.getExpirationTime().getValue() + leeway) {
      return new Rejected("service account token has expired");
    }
    if (claims.getNotBefore() != null && now < claims.getNotBefore().getValue() - leeway) {
      return new Rejected("service account token is not valid yet");
    }
    if (claims.getIssuedAt() != null && now < claims.getIssuedAt().getValue() - leeway) {
      return new Rejected("service account token is issued in the future");
    }
    Map<String, Object> kubernetes = claims.getClaimValue("kubernetes.io", Map.class);
    if (kubernetes == null) {
      return new Rejected("service account token claims could not be validated due to unexpected validation error");
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
      return new Rejected(audiencesInvalid(List.of(issuer), requestedAudiences));
    }
    return legacy.validate(token, claims, audiences);
  }

  /** A bound token's ServiceAccount: as claims.go, deleted means gone, or marked deleted longer than the leeway. */
  private Optional<Rejected> checkServiceAccount(String namespace, String name, String uid) {
    Optional<ServiceAccount> sa =
        store.get("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + name, ServiceAccount.class);
    if (sa.isEmpty()) {
      return Optional.of(new Rejected(notFound("serviceaccounts", name)));
    }
    if (!sa.get().getMetadata().getUid().equals(uid)) {
      return Optional.of(new Rejected("service account UID (" + sa.get().getMetadata().getUid()
          + ") does not match claim (" + uid + ")"));
    }
    if (deletedBeforeLeeway(sa.get())) {
      return Optional.of(new Rejected("service account " + namespace + "/" + name + " has been deleted"));
    }
    return Optional.empty();
  }

  private Optional<Rejected> checkBound(String kind, Optional<? extends HasMetadata> object, String uid) {
    if (object.isEmpty()) {
      return Optional.of(new Rejected(INVALIDATED));
    }
    if (!object.get().getMetadata().getUid().equals(uid)) {
      return Optional.of(new Rejected(kind + " UID (" + object.get().getMetadata().getUid()
          + ") does not match service account " + kind + " ref claim (" + uid + ")"));
    }
    if (deletedBeforeLeeway(object.get())) {
      return Optional.of(new Rejected(INVALIDATED));
    }
    return Optional.empty();
  }

  private static final String INVALIDATED = "service account token has been invalidated";

  /** claims.go: objects marked deleted before now minus the leeway are invalid; within it they still count. */
  private boolean deletedBeforeLeeway(HasMetadata object) {
    String deletion = object.getMetadata().getDeletionTimestamp();
    return deletion != null && java.time.Instant.parse(deletion).isBefore(clock.instant().minus(LEEWAY));
  }

  /** The NotFound error of a client Get, as the token getter returns it. */
  static String notFound(String resource, String name) {
    return resource + " \"" + name + "\" not found";
  }

  /** jwt.go's message; Go's %q of a []string is ["a" "b"]. */
  private static String audiencesInvalid(List<String> tokenAudiences, List<String> requested) {
    return "token audiences " + quoted(tokenAudiences) + " is invalid for the target audiences " + quoted(requested);
  }

  private static String quoted(List<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (String value : values == null ? List.<String>of() : values) {
      out.append(out.length() > 1 ? " " : "").append('"').append(value.replace("\"", "\\\"")).append('"');
    }
    return out.append(']').toString();
  }

  private List<String> intersect(List<String> tokenAudiences, List<String> requested) {
    List<String> result = new ArrayList<>();
    for (String audience : requested) {
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
