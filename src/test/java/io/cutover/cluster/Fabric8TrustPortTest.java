package io.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.sandbox.SandboxCluster;
import io.cutover.trust.OfflineVerifier;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The adapter's trust reads and its one ServiceAccount update, against sandbox clusters. */
class Fabric8TrustPortTest {
  private static final String NS = "trust-adapter";
  private static SandboxCluster cluster;
  private static SandboxCluster other;
  private static Fabric8ClusterPort port;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("trust-adapter");
    other = SandboxCluster.start("trust-other");
    cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    port = new Fabric8ClusterPort("trust-adapter", cluster.client());
  }

  @AfterAll
  static void stop() {
    cluster.close();
    other.close();
  }

  private static ServiceAccount serviceAccount(String name) {
    return cluster.client().serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName(name).withAnnotations(Map.of("keep", "me")).endMetadata().build()).create();
  }

  @Test
  void theClustersTokensVerifyOfflineAgainstItsOwnJwksAndNotAgainstAnotherClusters() {
    serviceAccount("offline");
    Token token = port.requestToken(new TokenRequestSpec(NS, "offline", List.of("vault.example"), 600, null, null)).token();
    String subject = "system:serviceaccount:" + NS + ":offline";

    var own = OfflineVerifier.verify(token, port.jwks(), port.issuer(), subject, List.of("vault.example"), Instant.now());
    var foreign = OfflineVerifier.verify(token, new Fabric8ClusterPort("other", other.client()).jwks(), port.issuer(),
        subject, List.of("vault.example"), Instant.now());

    assertThat(own.valid()).as(own.message()).isTrue();
    assertThat(foreign.valid()).isFalse();
    assertThat(foreign.message()).contains("signature");
  }

  @Test
  void annotatingAServiceAccountKeepsItsOtherAnnotationsAndRespectsItsUid() {
    ServiceAccount sa = serviceAccount("annotated");

    assertThat(port.annotateServiceAccount(NS, "annotated", "not-its-uid", Map.of("a", "1"))).isFalse();
    assertThat(port.annotateServiceAccount(NS, "annotated", sa.getMetadata().getUid(), Map.of("a", "1"))).isTrue();
    assertThat(port.annotateServiceAccount(NS, "annotated", sa.getMetadata().getUid(), Map.of("a", "1")))
        .as("unchanged").isFalse();
    assertThat(port.annotateServiceAccount(NS, "missing", null, Map.of("a", "1"))).isFalse();

    assertThat(cluster.client().serviceAccounts().inNamespace(NS).withName("annotated").get().getMetadata()
        .getAnnotations()).containsEntry("a", "1").containsEntry("keep", "me");
  }
}
