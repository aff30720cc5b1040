package io.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.Ownership;
import io.cutover.discovery.DiscoveredIdentity;
import io.cutover.discovery.IdentityDiscovery;
import io.cutover.discovery.LegacyToken;
import io.cutover.policy.ProtectedIdentities;
import io.cutover.sandbox.RequestCounter;
import io.cutover.sandbox.SandboxCluster;
import io.cutover.sandbox.SandboxIdentities;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The inventory port against a sandbox cluster, as the shipped migrator (deploy/remote, and deploy/remote/namespace in
 * the namespaces in scope): it reads a namespace with an identity in use and an idle one, one list per kind per
 * namespace (counted by the sandbox), drops the legacy token Secrets' data, and is refused outside the scope.
 */
class Fabric8IdentityInventoryTest {
  static final String NS = "shop";
  static final String NS2 = "shop-batch";
  static final List<String> LISTED = List.of("serviceaccounts", "pods", "deployments", "statefulsets", "daemonsets",
      "jobs", "cronjobs", "replicasets", "secrets");
  private static SandboxCluster cluster;
  private static Fabric8ClusterPort port;
  private static String legacyToken;
  private static LocalDate before;

  @BeforeAll
  static void start() {
    before = LocalDate.now(ZoneOffset.UTC);
    cluster = SandboxCluster.start("inventory");
    KubernetesClient admin = cluster.client();
    String token = SandboxIdentities.migrator(cluster, List.of(NS, NS2));
    admin.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
        .withName("out-of-scope").endMetadata().build()).create();
    admin.load(new ByteArrayInputStream(("""
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web, namespace: shop, labels: {team: shop}}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: reports, namespace: shop, labels: {team: shop}}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: other-team, namespace: shop, labels: {team: other}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              serviceAccountName: web
              containers: [{name: web, image: nginx}]
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: web-5d4f
          namespace: shop
          ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: 0b7e-web, controller: true}]
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              serviceAccountName: web
              containers: [{name: web, image: nginx}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web-5d4f-abcde, namespace: shop, labels: {app: web}}
        spec:
          serviceAccount: web
          containers: [{name: web, image: nginx}]
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: reports-token
          namespace: shop
          annotations: {kubernetes.io/service-account.name: reports}
        type: kubernetes.io/service-account-token
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: nightly, namespace: shop-batch}
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly, namespace: shop-batch}
        spec:
          schedule: "0 2 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  serviceAccountName: nightly
                  restartPolicy: Never
                  containers: [{name: job, image: busybox}]
        """).getBytes(StandardCharsets.UTF_8))).create();
    // The token controller fills the Secret; using its token once labels it legacy-token-last-used, as 1.29+ does.
    Secret filled = Awaitility.await("the legacy token Secret is filled").atMost(java.time.Duration.ofSeconds(10))
        .pollInterval(java.time.Duration.ofMillis(100))
        .until(() -> admin.secrets().inNamespace(NS).withName("reports-token").get(),
            s -> s.getData() != null && s.getData().get("token") != null);
    legacyToken = new String(Base64.getDecoder().decode(filled.getData().get("token")), StandardCharsets.UTF_8);
    try (KubernetesClient asReports = cluster.clientWithToken(legacyToken)) {
      try {
        asReports.serviceAccounts().inNamespace(NS).withName("reports").get();
      } catch (io.fabric8.kubernetes.client.KubernetesClientException forbidden) {
        // authenticated and then not authorized: the use is what counts
      }
    }
    port = new Fabric8ClusterPort("source", cluster.clientWithToken(token), false);
  }

  @AfterAll
  static void stop() {
    port.close();
    cluster.close();
  }

  @BeforeEach
  void resetCounts() {
    cluster.requests().reset();
  }

  @Test
  void theShippedMigratorReadsANamespaceWithAnIdentityInUseAndAnIdleOne() {
    List<NamespaceInventory> read = port.inventory().inventory(List.of(NS), Optional.empty());

    List<DiscoveredIdentity> found = IdentityDiscovery.discover(read,
        ProtectedIdentities.standard("cutover-system", null));

    assertThat(found).extracting(d -> d.name() + (d.inUse() ? " in use" : " idle"))
        .containsExactly("default idle", "other-team idle", "reports idle", "web in use");
    assertThat(found).extracting(DiscoveredIdentity::movable).as("the namespace's default, as in every namespace")
        .containsExactly(false, true, true, true);
    DiscoveredIdentity web = found.get(3);
    assertThat(web.pods()).as("named by the deprecated serviceAccount field")
        .containsExactly(ObjectRef.of("Pod", NS, "web-5d4f-abcde"));
    assertThat(web.workloads()).as("the Deployment's ReplicaSet counts as the Deployment")
        .containsExactly(ObjectRef.of("Deployment", NS, "web"));
    DiscoveredIdentity reports = found.get(2);
    assertThat(reports.legacyTokens()).singleElement().satisfies(t -> {
      assertThat(t.secretName()).isEqualTo("reports-token");
      assertThat(t.lastUsedDate()).hasValueSatisfying(d -> assertThat(d).isBetween(before,
          LocalDate.now(ZoneOffset.UTC)));
    });
    assertThat(found.get(1).legacyTokens()).isEmpty();
    assertThat(found.toString()).doesNotContain(legacyToken);
  }

  @Test
  void theLegacyTokenSecretsComeWithoutTheirDataOrOtherAnnotations() {
    NamespaceInventory inv = port.inventory().inventory(List.of(NS), Optional.empty()).get(0);

    assertThat(inv.legacyTokenSecrets()).singleElement().satisfies(s -> {
      assertThat(s.getData()).isNullOrEmpty();
      assertThat(s.getStringData()).isNullOrEmpty();
      assertThat(s.getMetadata().getAnnotations()).containsOnlyKeys(Ownership.SA_NAME_ANNOTATION,
          "kubernetes.io/service-account.uid");
      assertThat(s.getMetadata().getLabels()).containsKey(Ownership.LEGACY_LAST_USED_LABEL);
      assertThat(s.toString()).doesNotContain(legacyToken);
    });
  }

  @Test
  void oneListPerKindPerNamespaceWhateverTheNumberOfIdentities() {
    List<NamespaceInventory> read = port.inventory().inventory(List.of(NS, NS2, NS), Optional.empty());

    assertThat(read).extracting(NamespaceInventory::namespace).containsExactly(NS, NS2);
    Map<String, Long> byVerbAndResource = new TreeMap<>();
    for (Map.Entry<RequestCounter.Key, Long> e : cluster.requests().snapshot().entrySet()) {
      byVerbAndResource.merge(e.getKey().verb() + " " + e.getKey().resource(), e.getValue(), Long::sum);
    }
    Map<String, Long> expected = new TreeMap<>();
    LISTED.forEach(r -> expected.put("list " + r, 2L));
    assertThat(byVerbAndResource).as("4 identities in shop, 2 in shop-batch, 2 namespaces: 9 lists each, nothing else")
        .isEqualTo(expected);
    assertThat(IdentityDiscovery.discover(read, ProtectedIdentities.standard("cutover-system", null)))
        .filteredOn(d -> d.namespace().equals(NS2) && d.movable()).singleElement()
        .satisfies(d -> assertThat(d.workloads()).containsExactly(ObjectRef.of("CronJob", NS2, "nightly")));
  }

  @Test
  void theSelectorRestrictsTheServiceAccountsNotWhatNamesThem() {
    var teamShop = new LabelSelectorBuilder().withMatchLabels(Map.of("team", "shop")).build();

    List<DiscoveredIdentity> found = IdentityDiscovery.discover(
        port.inventory().inventory(List.of(NS), Optional.of(teamShop)),
        ProtectedIdentities.standard("cutover-system", null));

    assertThat(found).extracting(DiscoveredIdentity::name).containsExactly("reports", "web");
    assertThat(found.get(1).inUse()).isTrue();
    assertThat(found.get(0).legacyTokens()).extracting(LegacyToken::secretName).containsExactly("reports-token");
  }

  @Test
  void aNamespaceOutsideTheMigratorsScopeIsRefusedWithoutQuotingTheAnswer() {
    assertThatThrownBy(() -> port.inventory().inventory(List.of("out-of-scope"), Optional.empty()))
        .isInstanceOfSatisfying(ClusterAccessException.class, e -> {
          assertThat(e.reason()).isEqualTo("Forbidden");
          assertThat(e.getMessage()).contains("list serviceaccounts");
        });
  }
}
