package io.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.api.v1alpha1.ClusterRef;
import io.cutover.api.v1alpha1.SecretKeyRef;
import io.cutover.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kubeconfig Secrets become cluster ports; every way they can be wrong ends in a clear, secret-free reason. */
class ClusterConnectorTest {
  private static final String NS = "migrations";
  private static SandboxCluster control;
  private static SandboxCluster remote;
  private static ClusterConnector connector;

  @BeforeAll
  static void start() {
    control = SandboxCluster.start("control");
    remote = SandboxCluster.start("remote");
    control.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    connector = new ClusterConnector(control.client());
  }

  @AfterAll
  static void stop() {
    connector.close();
    remote.close();
    control.close();
  }

  private static void secret(String name, Map<String, String> stringData) {
    control.client().secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
        .withStringData(stringData).build()).createOr(r -> r.update());
  }

  private static ClusterRef ref(String secret, String key) {
    return new ClusterRef("remote", new SecretKeyRef(secret, key));
  }

  @Test
  void omittedClusterIsTheOperatorsOwn() {
    ClusterPort port = connector.connect(NS, null);
    assertThat(port.clusterName()).isEqualTo(ClusterConnector.LOCAL);
    assertThat(port.namespace(NS)).isPresent();
  }

  @Test
  void aValidKubeconfigReachesItsClusterAndIsCachedPerResourceVersion() {
    secret("good", Map.of("kubeconfig", remote.kubeconfig("remote")));
    ClusterPort first = connector.connect(NS, ref("good", "kubeconfig"));
    assertThat(first.clusterName()).isEqualTo("remote");
    assertThat(first.issuer()).isEqualTo(remote.issuer());
    assertThat(connector.connect(NS, ref("good", "kubeconfig"))).isSameAs(first);

    secret("good", Map.of("kubeconfig", remote.kubeconfig("renamed-context")));
    // The Secret is read from an informer: the rotation is seen once its watch event arrives.
    ClusterPort rotated = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> connector.connect(NS, ref("good", "kubeconfig")), port -> port != first);
    assertThat(rotated.issuer()).isEqualTo(remote.issuer());
  }

  @Test
  void missingSecretIsARetryableKubeconfigSecretNotFound() {
    assertThatThrownBy(() -> connector.connect(NS, ref("absent", "kubeconfig")))
        .isInstanceOfSatisfying(ClusterAccessException.class, e -> {
          assertThat(e.reason()).isEqualTo("KubeconfigSecretNotFound");
          assertThat(e.retryable()).isTrue();
          assertThat(e.getMessage()).isEqualTo("Secret migrations/absent for cluster remote not found");
        });
  }

  @Test
  void missingKeyIsKubeconfigInvalid() {
    secret("wrong-key", Map.of("other", remote.kubeconfig("remote")));
    assertThatThrownBy(() -> connector.connect(NS, ref("wrong-key", "kubeconfig")))
        .isInstanceOfSatisfying(ClusterAccessException.class, e -> assertThat(e.reason()).isEqualTo("KubeconfigInvalid"));
  }

  @Test
  void garbageIsKubeconfigInvalidAndNeverQuoted() {
    String garbage = "apiVersion: v1\nusers: [{name: x, user: {token: super-secret-value}}\n  ::: not yaml";
    secret("garbage", Map.of("kubeconfig", garbage));
    assertThatThrownBy(() -> connector.connect(NS, ref("garbage", "kubeconfig")))
        .isInstanceOfSatisfying(ClusterAccessException.class, e -> {
          assertThat(e.reason()).isEqualTo("KubeconfigInvalid");
          assertThat(e.getMessage()).doesNotContain("super-secret-value").doesNotContain("\n");
          assertThat(e.getCause()).isNull();
        });
  }

  @Test
  void unreachableClusterIsARetryableClusterUnreachable() {
    String dead = remote.kubeconfig("remote").replace(remote.url(), "http://127.0.0.1:1");
    secret("dead", Map.of("kubeconfig", dead));
    ClusterPort port = connector.connect(NS, ref("dead", "kubeconfig"));
    assertThatThrownBy(() -> port.serviceAccount("default", "default"))
        .isInstanceOfSatisfying(ClusterAccessException.class, e -> {
          assertThat(e.reason()).isEqualTo("ClusterUnreachable");
          assertThat(e.retryable()).isTrue();
        });
  }
}
