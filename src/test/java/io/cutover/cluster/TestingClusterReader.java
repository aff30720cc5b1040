package io.cutover.cluster;

import io.cutover.rbac.RbacSnapshot;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.List;
import java.util.Optional;

/** The fake's reads: every one journaled and subject to injected failures, as {@link TestingClusterPort} says. */
final class TestingClusterReader implements ClusterReader {
  private final TestingClusterPort fake;

  TestingClusterReader(TestingClusterPort fake) {
    this.fake = fake;
  }

  @Override
  public String clusterName() {
    return fake.clusterName;
  }

  @Override
  public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
    return fake.call("serviceAccount", List.of(namespace, name), () -> fake.get(ServiceAccount.class, "ServiceAccount", namespace, name),
        o -> o.isPresent() ? "found" : "absent");
  }

  @Override
  public List<ServiceAccount> serviceAccounts(String namespace, java.util.Map<String, String> labels) {
    return fake.call("serviceAccounts", List.of(namespace), () -> fake.all(ServiceAccount.class, "ServiceAccount").stream()
        .filter(s -> namespace.equals(s.getMetadata().getNamespace()))
        .filter(s -> labels.entrySet().stream().allMatch(l -> s.getMetadata().getLabels() != null
            && l.getValue().equals(s.getMetadata().getLabels().get(l.getKey()))))
        .toList(), l -> l.size() + " item(s)");
  }

  @Override
  public Optional<Namespace> namespace(String name) {
    return fake.call("namespace", List.of(name), () -> fake.get(Namespace.class, "Namespace", null, name), o -> o.isPresent() ? "found" : "absent");
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return fake.call("secret", List.of(namespace, name), () -> fake.get(Secret.class, "Secret", namespace, name), o -> o.isPresent() ? "found" : "absent");
  }

  @Override
  public RbacSnapshot rbac() {
    return fake.call("rbac", List.of(), fake::snapshot, s -> "ok");
  }

  @Override
  public List<Secret> legacyTokenSecrets(String namespace, String serviceAccount) {
    return fake.call("legacyTokenSecrets", List.of(namespace, serviceAccount), () -> fake.storedLegacySecrets(namespace, serviceAccount),
        l -> l.size() + " item(s)");
  }

  @Override
  public List<Pod> podsRunningAs(String namespace, String serviceAccount) {
    return fake.call("podsRunningAs", List.of(namespace, serviceAccount), () -> fake.all(Pod.class, "Pod").stream()
        .filter(p -> namespace.equals(p.getMetadata().getNamespace()))
        .filter(p -> p.getSpec() != null && serviceAccount.equals(p.getSpec().getServiceAccountName()))
        .toList(), l -> l.size() + " item(s)");
  }

  @Override
  public String issuer() {
    return fake.call("issuer", List.of(), () -> fake.issuer != null ? fake.issuer : "https://" + fake.clusterName + ".cluster.test",
        s -> "ok");
  }

  /** The fake's tokens are opaque, not JWTs: its key set is empty, so no token verifies offline. */
  @Override
  public String jwks() {
    return fake.call("jwks", List.of(), () -> "{\"keys\":[]}", s -> "ok");
  }

  @Override
  public Optional<StoredToken> readToken(String namespace, String secretName) {
    return fake.call("readToken", List.of(namespace, secretName), () -> {
      Secret s = (Secret) fake.objects.get(fake.key("Secret", namespace, secretName));
      return s == null ? Optional.<StoredToken>empty() : TokenSecrets.read(s);
    }, o -> o.isPresent() ? "present" : "absent");
  }
}
