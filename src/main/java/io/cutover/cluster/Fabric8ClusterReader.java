package io.cutover.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.api.v1alpha1.Ownership;
import io.cutover.rbac.RbacSnapshot;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Optional;

/** {@link ClusterReader} on a fabric8 client; RBAC from the session's informers where they run. */
final class Fabric8ClusterReader extends Fabric8Part implements ClusterReader {
  private volatile String issuer;

  Fabric8ClusterReader(Fabric8Session session) {
    super(session);
  }

  @Override
  public String clusterName() {
    return session.clusterName;
  }

  @Override
  public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
    return session.call("get serviceaccount",
        () -> Optional.ofNullable(client.serviceAccounts().inNamespace(namespace).withName(name).get()));
  }

  @Override
  public List<ServiceAccount> serviceAccounts(String namespace, java.util.Map<String, String> labels) {
    return session.call("list serviceaccounts", () -> labels.isEmpty()
        ? client.serviceAccounts().inNamespace(namespace).list().getItems()
        : client.serviceAccounts().inNamespace(namespace).withLabels(labels).list().getItems());
  }

  @Override
  public Optional<Namespace> namespace(String name) {
    return session.call("get namespace", () -> Optional.ofNullable(client.namespaces().withName(name).get()));
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return session.call("get secret",
        () -> Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get()));
  }

  @Override
  public RbacSnapshot rbac() {
    RbacCache cache = session.rbacCache();
    if (cache != null) {
      return cache.snapshot();
    }
    return session.call("list rbac", () -> new RbacSnapshot(
        client.rbac().roles().inAnyNamespace().list().getItems(),
        client.rbac().clusterRoles().list().getItems(),
        client.rbac().roleBindings().inAnyNamespace().list().getItems(),
        client.rbac().clusterRoleBindings().list().getItems()));
  }

  @Override
  public List<Secret> legacyTokenSecrets(String namespace, String serviceAccount) {
    return session.call("list secrets", () -> client.secrets().inNamespace(namespace)
        .withField("type", Ownership.LEGACY_TOKEN_TYPE).list().getItems().stream()
        .filter(s -> Ownership.LEGACY_TOKEN_TYPE.equals(s.getType()))
        .filter(s -> s.getMetadata().getAnnotations() != null
            && serviceAccount.equals(s.getMetadata().getAnnotations().get(Ownership.SA_NAME_ANNOTATION)))
        .toList());
  }

  @Override
  public List<Pod> podsRunningAs(String namespace, String serviceAccount) {
    return session.call("list pods", () -> client.pods().inNamespace(namespace)
        .withField("spec.serviceAccountName", serviceAccount).list().getItems().stream()
        .filter(p -> p.getSpec() != null && serviceAccount.equals(p.getSpec().getServiceAccountName()))
        .toList());
  }

  @Override
  public String issuer() {
    String known = issuer;
    if (known == null) {
      known = Serialization.unmarshal(raw("/.well-known/openid-configuration"), JsonNode.class).path("issuer").asText();
      issuer = known;
    }
    return known;
  }

  @Override
  public String jwks() {
    return raw("/openid/v1/jwks");
  }

  @Override
  public Optional<StoredToken> readToken(String namespace, String secretName) {
    return secret(namespace, secretName).flatMap(TokenSecrets::read);
  }

  /** A discovery document the API server serves to anyone (its issuer and key set). */
  private String raw(String path) {
    return session.call("get " + path, () -> {
      String json = client.raw(path);
      if (json == null) {
        throw new ClusterAccessException("IssuerDiscoveryFailed", session.clusterName + " cluster serves no " + path,
            true);
      }
      return json;
    });
  }
}
