package io.cutover.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.cluster.ClusterAccessException;
import io.cutover.cluster.Fabric8ClusterPort;
import io.cutover.discovery.DiscoveredIdentity;
import io.cutover.discovery.IdentityDiscovery;
import io.cutover.policy.ProtectedIdentities;
import io.cutover.realcluster.OperatorDeployment;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A wave's discovery on a real kube-apiserver, as the shipped migrator (deploy/remote, deploy/remote/namespace): the
 * RBAC it ships allows every list the inventory makes, and the last-used date is the one kube-apiserver records.
 */
@RealClusterTest
class IdentityDiscoveryOnRealClustersTest {
  private final RealEnvironment env = RealEnvironment.get();

  @Test
  void theShippedMigratorListsANamespaceAndTellsTheIdentityInUseFromTheIdleOne() {
    String ns = "disc-shop";
    env.migratorIn(ns);
    KubernetesClient admin = env.source.client();
    admin.load(new ByteArrayInputStream(("""
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web, namespace: disc-shop}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: reports, namespace: disc-shop}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: disc-shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              serviceAccountName: web
              containers: [{name: web, image: registry.k8s.io/pause:3.10}]
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: web-nightly, namespace: disc-shop}
        spec:
          schedule: "0 2 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  serviceAccount: web
                  restartPolicy: Never
                  containers: [{name: job, image: registry.k8s.io/pause:3.10}]
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: reports-token
          namespace: disc-shop
          annotations: {kubernetes.io/service-account.name: reports}
        type: kubernetes.io/service-account-token
        """).getBytes(StandardCharsets.UTF_8))).serverSideApply();
    Secret filled = admin.secrets().inNamespace(ns).withName("reports-token").waitUntilCondition(
        s -> s != null && s.getData() != null && s.getData().containsKey("token"), 30, TimeUnit.SECONDS);
    String legacy = new String(Base64.getDecoder().decode(filled.getData().get("token")), StandardCharsets.UTF_8);
    assertThat(Scenario.review(env.source, legacy, List.of()).getAuthenticated()).isTrue();
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    admin.secrets().inNamespace(ns).withName("reports-token").waitUntilCondition(s -> s.getMetadata().getLabels()
        != null && today.equals(s.getMetadata().getLabels().get("kubernetes.io/legacy-token-last-used")),
        30, TimeUnit.SECONDS);
    admin.serviceAccounts().inNamespace(ns).withName("default")
        .waitUntilCondition(java.util.Objects::nonNull, 30, TimeUnit.SECONDS);
    String token = OperatorDeployment.mintToken(env.source, OperatorDeployment.NAMESPACE, OperatorDeployment.MIGRATOR);

    try (KubernetesClient asMigrator = new KubernetesClientBuilder().withConfig(
            Config.fromKubeconfig(env.source.kubeconfigText(OperatorDeployment.MIGRATOR, token))).build();
        Fabric8ClusterPort port = new Fabric8ClusterPort("source", asMigrator, false)) {
      List<DiscoveredIdentity> found = IdentityDiscovery.discover(
          port.inventory().inventory(List.of(ns), Optional.empty()),
          ProtectedIdentities.standard(OperatorDeployment.NAMESPACE, null));

      assertThat(found).extracting(d -> d.name() + (d.inUse() ? " in use" : " idle") + (d.movable() ? "" : ", never"))
          .containsExactly("default idle, never", "reports idle", "web in use");
      assertThat(found.get(2).workloads()).containsExactly(ObjectRef.of("CronJob", ns, "web-nightly"),
          ObjectRef.of("Deployment", ns, "web"));
      assertThat(found.get(1).legacyTokens()).singleElement()
          .satisfies(t -> assertThat(t.lastUsed()).isEqualTo(today));
      assertThat(found.toString()).doesNotContain(legacy);

      assertThatThrownBy(() -> port.inventory().inventory(List.of("kube-public"), Optional.empty()))
          .as("outside the namespaces in its scope the migrator lists nothing")
          .isInstanceOfSatisfying(ClusterAccessException.class, e -> assertThat(e.reason()).isEqualTo("Forbidden"));
    }
  }
}
