package io.cutover.sandbox;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwt.JwtClaims;

/**
 * kube-controller-manager's service account token controller ({@code tokens_controller.go}), run synchronously after
 * every write: a Secret of type {@code kubernetes.io/service-account-token} naming a ServiceAccount in
 * {@code kubernetes.io/service-account.name} gets {@code data.token} (a non-expiring legacy JWT), {@code data.namespace},
 * {@code data.ca.crt} and the {@code kubernetes.io/service-account.uid} annotation; a token Secret whose ServiceAccount
 * does not exist (or has another UID than its uid annotation) is deleted, as are the token Secrets of a deleted
 * ServiceAccount.
 */
final class LegacyTokenController {

  static final String TYPE = "kubernetes.io/service-account-token";
  static final String NAME_ANNOTATION = "kubernetes.io/service-account.name";
  static final String UID_ANNOTATION = "kubernetes.io/service-account.uid";

  private final Store store;
  private final ServiceAccountKeys keys;
  private final byte[] caCertificate;

  LegacyTokenController(Store store, ServiceAccountKeys keys, byte[] caCertificate) {
    this.store = store;
    this.keys = keys;
    this.caCertificate = caCertificate.clone();
  }

  /** Brings a just-written Secret to what the token controller makes of it; the stored copy (empty if deleted). */
  Optional<Secret> syncSecret(Secret secret) {
    if (!TYPE.equals(secret.getType())) {
      return Optional.of(secret);
    }
    var meta = secret.getMetadata();
    Map<String, String> annotations = meta.getAnnotations() == null ? new HashMap<>() : meta.getAnnotations();
    String saName = annotations.get(NAME_ANNOTATION);
    String path = "/api/v1/namespaces/" + meta.getNamespace() + "/secrets/" + meta.getName();
    if (saName == null || saName.isEmpty()) {
      return Optional.of(secret);
    }
    Optional<ServiceAccount> sa =
        store.get("/api/v1/namespaces/" + meta.getNamespace() + "/serviceaccounts/" + saName, ServiceAccount.class);
    String annotatedUid = annotations.get(UID_ANNOTATION);
    if (sa.isEmpty() || (annotatedUid != null && !annotatedUid.isEmpty()
        && !annotatedUid.equals(sa.get().getMetadata().getUid()))) {
      store.delete(path);
      return Optional.empty();
    }
    Map<String, String> data = secret.getData() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(secret.getData());
    String saUid = sa.get().getMetadata().getUid();
    boolean changed = false;
    if (caCertificate.length > 0 && !data.containsKey("ca.crt")) {
      data.put("ca.crt", Base64.getEncoder().encodeToString(caCertificate));
      changed = true;
    }
    if (!data.containsKey("namespace")) {
      data.put("namespace", base64(meta.getNamespace()));
      changed = true;
    }
    if (data.get("token") == null || data.get("token").isEmpty()) {
      data.put("token", base64(legacyToken(meta.getNamespace(), meta.getName(), saName, saUid)));
      changed = true;
    }
    if (!saUid.equals(annotatedUid)) {
      annotations.put(UID_ANNOTATION, saUid);
      meta.setAnnotations(annotations);
      changed = true;
    }
    if (!changed) {
      return Optional.of(secret);
    }
    secret.setData(data);
    var response = store.update(path, secret);
    return response.code() == 200 ? Optional.of(Store.read(Store.body(response), Secret.class)) : Optional.of(secret);
  }

  /** The token controller's reaction to a deleted ServiceAccount: its token Secrets go too. */
  void serviceAccountDeleted(String namespace, String name, String uid) {
    for (Secret secret : store.list("/api/v1/namespaces/" + namespace + "/secrets", Secret.class)) {
      Map<String, String> annotations = secret.getMetadata().getAnnotations();
      if (TYPE.equals(secret.getType()) && annotations != null && name.equals(annotations.get(NAME_ANNOTATION))
          && (annotations.get(UID_ANNOTATION) == null || annotations.get(UID_ANNOTATION).equals(uid))) {
        store.delete("/api/v1/namespaces/" + namespace + "/secrets/" + secret.getMetadata().getName());
      }
    }
  }

  private String legacyToken(String namespace, String secretName, String saName, String saUid) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(TokenAuthenticator.LEGACY_ISSUER);
    claims.setClaim("kubernetes.io/serviceaccount/namespace", namespace);
    claims.setClaim("kubernetes.io/serviceaccount/secret.name", secretName);
    claims.setClaim("kubernetes.io/serviceaccount/service-account.name", saName);
    claims.setClaim("kubernetes.io/serviceaccount/service-account.uid", saUid);
    claims.setSubject(TokenAuthenticator.username(namespace, saName));
    return keys.sign(claims);
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
