package io.cutover.sandbox;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwt.JwtClaims;

/**
 * kube-apiserver's legacy (Secret-based) service account token validator ({@code pkg/serviceaccount/legacy.go}), with
 * its wording: the token authenticates while its Secret exists, unmarked for deletion, holding exactly this token,
 * and its ServiceAccount exists, unmarked, with the UID in the claims, and the Secret carries no
 * {@value #INVALID_SINCE} label (set by kube-controller-manager's legacy-token cleaner; honored here, never set).
 *
 * <p>Each use that reaches the validator (not a cache hit) labels the Secret {@value #LAST_USED} with today's UTC date
 * ({@code 2006-01-02}) unless it already says today or tomorrow — so it changes at most once a day — also when the
 * token is refused as marked invalid.
 */
final class LegacyTokens {

  static final String LAST_USED = "kubernetes.io/legacy-token-last-used";
  static final String INVALID_SINCE = "kubernetes.io/legacy-token-invalid-since";

  private final Store store;
  private final Clock clock;

  LegacyTokens(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  TokenAuthenticator.Result validate(String token, JwtClaims claims, List<String> audiences) throws Exception {
    String namespace = claims.getStringClaimValue("kubernetes.io/serviceaccount/namespace");
    String secretName = claims.getStringClaimValue("kubernetes.io/serviceaccount/secret.name");
    String saName = claims.getStringClaimValue("kubernetes.io/serviceaccount/service-account.name");
    String saUid = claims.getStringClaimValue("kubernetes.io/serviceaccount/service-account.uid");
    Optional<String> missing = missingClaim(claims.getSubject(), namespace, secretName, saName, saUid);
    if (missing.isPresent()) {
      return new TokenAuthenticator.Rejected(missing.get());
    }
    Optional<Secret> secret = store.get("/api/v1/namespaces/" + namespace + "/secrets/" + secretName, Secret.class);
    if (secret.isEmpty() || secret.get().getMetadata().getDeletionTimestamp() != null) {
      return new TokenAuthenticator.Rejected("Token has been invalidated");
    }
    String stored = secret.get().getData() == null ? null : secret.get().getData().get("token");
    byte[] storedToken = stored == null ? new byte[0] : Base64.getDecoder().decode(stored);
    if (!MessageDigest.isEqual(storedToken, token.getBytes(StandardCharsets.UTF_8))) {
      return new TokenAuthenticator.Rejected("Token does not match server's copy");
    }
    Optional<ServiceAccount> sa =
        store.get("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + saName, ServiceAccount.class);
    if (sa.isEmpty()) {
      return new TokenAuthenticator.Rejected(TokenAuthenticator.notFound("serviceaccounts", saName));
    }
    if (sa.get().getMetadata().getDeletionTimestamp() != null) {
      return new TokenAuthenticator.Rejected("ServiceAccount " + namespace + "/" + saName + " has been deleted");
    }
    if (!sa.get().getMetadata().getUid().equals(saUid)) {
      return new TokenAuthenticator.Rejected("ServiceAccount UID (" + sa.get().getMetadata().getUid()
          + ") does not match claim (" + saUid + ")");
    }
    Map<String, String> labels = secret.get().getMetadata().getLabels();
    if (labels != null && labels.get(INVALID_SINCE) != null && !labels.get(INVALID_SINCE).isEmpty()) {
      markUsed(secret.get());
      return new TokenAuthenticator.Rejected("the token in secret " + namespace + "/" + secretName
          + " for service account " + namespace + "/" + saName + " has been marked invalid. Use tokens from the"
          + " TokenRequest API or manually created secret-based tokens, or remove the '" + INVALID_SINCE
          + "' label from the secret to temporarily allow use of this token");
    }
    markUsed(secret.get());
    return new TokenAuthenticator.Authenticated(TokenAuthenticator.username(namespace, saName), saUid,
        TokenAuthenticator.groups(namespace), Map.of(), audiences);
  }

  private static Optional<String> missingClaim(String subject, String namespace, String secretName, String saName,
      String saUid) {
    if (subject == null || subject.isEmpty()) {
      return Optional.of("sub claim is missing");
    }
    if (namespace == null || namespace.isEmpty()) {
      return Optional.of("namespace claim is missing");
    }
    if (secretName == null || secretName.isEmpty()) {
      return Optional.of("secretName claim is missing");
    }
    if (saName == null || saName.isEmpty()) {
      return Optional.of("serviceAccountName claim is missing");
    }
    if (saUid == null || saUid.isEmpty()) {
      return Optional.of("serviceAccountUID claim is missing");
    }
    if (!subject.equals(TokenAuthenticator.username(namespace, saName))) {
      return Optional.of("sub claim is invalid");
    }
    return Optional.empty();
  }

  /** legacy.go's patchSecretWithLastUsedDate: today's UTC date, unless the label says today or tomorrow. */
  private void markUsed(Secret secret) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    Map<String, String> labels = secret.getMetadata().getLabels() == null ? new LinkedHashMap<>()
        : new LinkedHashMap<>(secret.getMetadata().getLabels());
    String lastUsed = labels.get(LAST_USED);
    if (today.toString().equals(lastUsed) || today.plusDays(1).toString().equals(lastUsed)) {
      return;
    }
    labels.put(LAST_USED, today.toString());
    secret.getMetadata().setLabels(labels);
    store.update("/api/v1/namespaces/" + secret.getMetadata().getNamespace() + "/secrets/"
        + secret.getMetadata().getName(), secret);
  }
}
