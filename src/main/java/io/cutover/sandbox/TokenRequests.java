package io.cutover.sandbox;

import io.cutover.plan.ProjectedTokens;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.BoundObjectReference;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestStatus;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/**
 * {@code POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token}: the TokenRequest subresource, following
 * kube-apiserver's {@code TokenREST.Create} — the ServiceAccount is looked up first (404), then the request is
 * validated (422 for {@code expirationSeconds} under 600 or over 2^32), then the bound object is resolved (404 when
 * missing, 409 when a given uid differs, 400 for an unsupported kind or a Pod running as another ServiceAccount).
 * As kube-apiserver with {@code --service-account-extend-token-expiration} (its default), a Pod-bound request for
 * exactly 3607 s with the API server's audiences gets a JWT {@code exp} one year away and a {@code warnafter} claim at
 * the requested time, while {@code status.expirationTimestamp} says the requested time ({@link ProjectedTokens}).
 */
final class TokenRequests {

  static final String GROUP = "authentication.k8s.io";
  static final long DEFAULT_EXPIRATION_SECONDS = 3600;
  static final long MIN_EXPIRATION_SECONDS = 600;
  static final long MAX_EXPIRATION_SECONDS = 1L << 32;

  private final Store store;
  private final ServiceAccountKeys keys;
  private final String issuer;
  private final Clock clock;

  TokenRequests(Store store, ServiceAccountKeys keys, String issuer, Clock clock) {
    this.store = store;
    this.keys = keys;
    this.issuer = issuer;
    this.clock = clock;
  }

  MockResponse create(String namespace, String name, String body) {
    TokenRequest request;
    try {
      request = body == null || body.isBlank() ? new TokenRequest() : Store.read(body, TokenRequest.class);
    } catch (RuntimeException e) {
      return Responses.badRequest("the body of the request was not a valid TokenRequest");
    }
    if (request.getMetadata() != null && request.getMetadata().getName() != null
        && !request.getMetadata().getName().isEmpty() && !request.getMetadata().getName().equals(name)) {
      return Responses.invalid(GROUP, "TokenRequest", "", "metadata.name", request.getMetadata().getName(),
          "must match the service account name if specified");
    }
    Optional<ServiceAccount> serviceAccount =
        store.get("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + name, ServiceAccount.class);
    if (serviceAccount.isEmpty()) {
      return Responses.notFound("", "serviceaccounts", name);
    }
    if (request.getSpec() == null) {
      request.setSpec(new io.fabric8.kubernetes.api.model.authentication.TokenRequestSpec());
    }
    var spec = request.getSpec();
    if (spec.getAudiences() == null || spec.getAudiences().isEmpty()) {
      spec.setAudiences(List.of(issuer));
    }
    if (spec.getExpirationSeconds() == null) {
      spec.setExpirationSeconds(DEFAULT_EXPIRATION_SECONDS);
    }
    long expirationSeconds = spec.getExpirationSeconds();
    if (expirationSeconds < MIN_EXPIRATION_SECONDS) {
      return Responses.invalid(GROUP, "TokenRequest", "", "spec.expirationSeconds", expirationSeconds,
          "may not specify a duration less than 10 minutes");
    }
    if (expirationSeconds > MAX_EXPIRATION_SECONDS) {
      return Responses.invalid(GROUP, "TokenRequest", "", "spec.expirationSeconds", expirationSeconds,
          "may not specify a duration larger than 2^32 seconds");
    }

    boolean podBound = false;
    Map<String, Object> kubernetesClaim = new LinkedHashMap<>();
    kubernetesClaim.put("namespace", namespace);
    kubernetesClaim.put("serviceaccount", ref(serviceAccount.get()));
    BoundObjectReference bound = spec.getBoundObjectRef();
    if (bound != null) {
      String group = groupOf(bound.getApiVersion());
      String kind = bound.getKind() == null ? "" : bound.getKind();
      HasMetadata object;
      String claimKey;
      if (!group.isEmpty() || !List.of("Pod", "Secret", "Node").contains(kind)) {
        return Responses.badRequest("cannot bind token to object of type "
            + (bound.getApiVersion() == null ? "" : bound.getApiVersion()) + ", Kind=" + kind);
      }
      String boundName = bound.getName() == null ? "" : bound.getName();
      switch (kind) {
        case "Pod" -> {
          Optional<Pod> pod = store.get("/api/v1/namespaces/" + namespace + "/pods/" + boundName, Pod.class);
          if (pod.isEmpty()) {
            return Responses.notFound("", "pods", boundName);
          }
          String podServiceAccount = pod.get().getSpec() == null ? null : pod.get().getSpec().getServiceAccountName();
          if (!name.equals(podServiceAccount == null || podServiceAccount.isEmpty() ? "default" : podServiceAccount)) {
            return Responses.badRequest("cannot bind token for serviceaccount \"" + name
                + "\" to pod running with different serviceaccount name.");
          }
          object = pod.get();
          claimKey = "pod";
          podBound = true;
        }
        case "Secret" -> {
          Optional<Secret> secret =
              store.get("/api/v1/namespaces/" + namespace + "/secrets/" + boundName, Secret.class);
          if (secret.isEmpty()) {
            return Responses.notFound("", "secrets", boundName);
          }
          object = secret.get();
          claimKey = "secret";
        }
        default -> {
          Optional<Node> node = store.get("/api/v1/nodes/" + boundName, Node.class);
          if (node.isEmpty()) {
            return Responses.notFound("", "nodes", boundName);
          }
          object = node.get();
          claimKey = "node";
        }
      }
      String uid = object.getMetadata().getUid();
      if (bound.getUid() != null && !bound.getUid().isEmpty() && !bound.getUid().equals(uid)) {
        return Responses.failure(409, "Conflict", "Operation cannot be fulfilled on " + kind + " \"" + boundName
                + "\": the UID in the bound object reference (" + bound.getUid()
                + ") does not match the UID in record. The object might have been deleted and then recreated",
            "", kind, boundName, null);
      }
      kubernetesClaim.put(claimKey, ref(object));
    }

    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Instant expiry = now.plusSeconds(expirationSeconds);
    long issuedSeconds = ProjectedTokens.issuedSeconds(expirationSeconds, podBound, spec.getAudiences(), List.of(issuer));
    if (issuedSeconds != expirationSeconds) {
      kubernetesClaim.put("warnafter", expiry.getEpochSecond());
    }
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setSubject(TokenAuthenticator.username(namespace, name));
    claims.setAudience(spec.getAudiences());
    claims.setExpirationTime(NumericDate.fromSeconds(now.plusSeconds(issuedSeconds).getEpochSecond()));
    claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
    claims.setNotBefore(NumericDate.fromSeconds(now.getEpochSecond()));
    claims.setJwtId(UUID.randomUUID().toString());
    claims.setClaim("kubernetes.io", kubernetesClaim);
    // jose4j writes a single audience as a string; Kubernetes always writes a list.
    claims.setClaim("aud", List.copyOf(spec.getAudiences()));

    if (request.getMetadata() == null) {
      request.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    }
    request.getMetadata().setName(name);
    request.getMetadata().setNamespace(namespace);
    request.getMetadata().setCreationTimestamp(DateTimeFormatter.ISO_INSTANT.format(now));
    request.setApiVersion(GROUP + "/v1");
    request.setKind("TokenRequest");
    request.setStatus(new TokenRequestStatus(DateTimeFormatter.ISO_INSTANT.format(expiry), keys.sign(claims)));
    return Responses.json(201, request);
  }

  private static Map<String, String> ref(HasMetadata object) {
    Map<String, String> ref = new LinkedHashMap<>();
    ref.put("name", object.getMetadata().getName());
    ref.put("uid", object.getMetadata().getUid());
    return ref;
  }

  private static String groupOf(String apiVersion) {
    if (apiVersion == null || !apiVersion.contains("/")) {
      return "";
    }
    return apiVersion.substring(0, apiVersion.indexOf('/'));
  }
}
