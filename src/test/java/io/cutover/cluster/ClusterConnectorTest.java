package io.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.api.v1alpha1.ClusterRef;
import io.cutover.api.v1alpha1.SecretKeyRef;
import io.cutover.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.cutover.testing.ReliabilityReport;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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
  void twoClusterNamesForOneSecretKeepTheirOwnClientsWithoutRebuildingEachOther() {
    secret("shared", Map.of("kubeconfig", remote.kubeconfig("remote")));
    ClusterRef east = new ClusterRef("east", new SecretKeyRef("shared", "kubeconfig"));
    ClusterRef west = new ClusterRef("west", new SecretKeyRef("shared", "kubeconfig"));
    int before = connector.clientsBuilt();
    ClusterPort eastPort = connector.connect(NS, east, "source");
    ClusterPort westPort = connector.connect(NS, west, "source");
    // Turns of two migrations interleaved: each must find its own client, not replace the other's.
    for (int turn = 0; turn < 5; turn++) {
      assertThat(connector.connect(NS, east, "source")).isSameAs(eastPort);
      assertThat(connector.connect(NS, west, "source")).isSameAs(westPort);
    }
    assertThat(connector.clientsBuilt() - before).isEqualTo(2);
    assertThat(eastPort.clusterName()).isEqualTo("east");
    assertThat(westPort.clusterName()).isEqualTo("west");
    assertThat(eastPort.issuer()).isEqualTo(remote.issuer());
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

  // ---------------------------------------------------------------- hostile kubeconfigs

  /** A kubeconfig for the remote cluster whose current user carries {@code userYaml} (indented under user:). */
  private static String kubeconfigWithUser(String userYaml) {
    return """
        apiVersion: v1
        kind: Config
        current-context: remote
        clusters:
        - name: remote
          cluster:
            server: %s
        contexts:
        - name: remote
          context: {cluster: remote, user: admin}
        users:
        - name: admin
          user:
        %s
        """.formatted(remote.url(), userYaml.indent(4).stripTrailing());
  }

  private static String execUser(Path marker) {
    return """
        exec:
          apiVersion: client.authentication.k8s.io/v1
          command: sh
          args: ["-c", "touch %s"]
          interactiveMode: Never
        """.formatted(marker);
  }

  @Test
  void theMarkerCommandWouldRunIfTheKubeconfigReachedFabric8(@TempDir Path dir) {
    // The control experiment for the test below: fabric8 runs an exec plugin while merely building a Config.
    Path marker = dir.resolve("exec-ran");
    try {
      io.fabric8.kubernetes.client.Config.fromKubeconfig(kubeconfigWithUser(execUser(marker)));
    } catch (RuntimeException ignored) {
      // whether fabric8 accepts the plugin's output does not matter: the command has run by now
    }
    assertThat(marker).exists();
  }

  @Test
  void anExecPluginIsRefusedAndNeverRun(@TempDir Path dir) {
    Path marker = dir.resolve("exec-ran");
    secret("exec", Map.of("kubeconfig", kubeconfigWithUser(execUser(marker))));
    assertThatThrownBy(() -> connector.connect(NS, ref("exec", "kubeconfig")))
        .isInstanceOfSatisfying(ClusterAccessException.class, e -> {
          assertThat(e.reason()).isEqualTo("KubeconfigRefused");
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains("exec plugin").contains("user 'admin'").doesNotContain(marker.toString());
        });
    assertThat(marker).doesNotExist();
    ReliabilityReport.add(ReliabilityReport.Counter.MALFORMED_INPUTS, 1);
  }

  @Test
  void anExecPluginOfAUserNoContextUsesIsRefusedToo(@TempDir Path dir) {
    Path marker = dir.resolve("exec-ran");
    String kubeconfig = kubeconfigWithUser("{}") + """
        - name: other
          user:
        %s
        """.formatted(execUser(marker).indent(4).stripTrailing());
    secret("exec-other", Map.of("kubeconfig", kubeconfig));
    assertThatThrownBy(() -> connector.connect(NS, ref("exec-other", "kubeconfig")))
        .isInstanceOfSatisfying(ClusterAccessException.class, e -> assertThat(e.reason()).isEqualTo("KubeconfigRefused"));
    assertThat(marker).doesNotExist();
    ReliabilityReport.add(ReliabilityReport.Counter.MALFORMED_INPUTS, 1);
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> refusedUsers() {
    return java.util.stream.Stream.of(
        org.junit.jupiter.params.provider.Arguments.of("auth-provider", "auth-provider: {name: oidc, config: {idp-issuer-url: https://idp.example}}"),
        org.junit.jupiter.params.provider.Arguments.of("token file", "tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token"),
        org.junit.jupiter.params.provider.Arguments.of("client certificate file", "client-certificate: /etc/ssl/cert.pem\nclient-key: /etc/ssl/key.pem"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedUsers")
  void credentialsThatRunOrReadLocalStateAreRefused(String what, String userYaml) {
    secret("refused", Map.of("kubeconfig", kubeconfigWithUser(userYaml)));
    assertThatThrownBy(() -> connector.connect(NS, ref("refused", "kubeconfig")))
        .isInstanceOfSatisfying(ClusterAccessException.class, e -> {
          assertThat(e.reason()).isEqualTo("KubeconfigRefused");
          assertThat(e.getMessage()).doesNotContain("/var/run/secrets").doesNotContain("idp.example");
        });
    ReliabilityReport.add(ReliabilityReport.Counter.MALFORMED_INPUTS, 1);
  }

  @Test
  void aCertificateAuthorityFileIsRefused() {
    String kubeconfig = kubeconfigWithUser("{}").replace("    server: " + remote.url(),
        "    server: " + remote.url() + "\n    certificate-authority: /etc/ssl/ca.pem");
    secret("ca-file", Map.of("kubeconfig", kubeconfig));
    assertThatThrownBy(() -> connector.connect(NS, ref("ca-file", "kubeconfig")))
        .isInstanceOfSatisfying(ClusterAccessException.class, e -> assertThat(e.reason()).isEqualTo("KubeconfigRefused"));
    ReliabilityReport.add(ReliabilityReport.Counter.MALFORMED_INPUTS, 1);
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> insecureClusters() {
    return java.util.stream.Stream.of(
        org.junit.jupiter.params.provider.Arguments.of("insecure-skip-tls-verify",
            "    server: https://api.eu-old.example:6443\n    insecure-skip-tls-verify: true", "insecure-skip-tls-verify"),
        org.junit.jupiter.params.provider.Arguments.of("proxy-url",
            "    server: https://api.eu-old.example:6443\n    proxy-url: http://proxy.example:3128", "proxy-url"),
        org.junit.jupiter.params.provider.Arguments.of("plain http elsewhere",
            "    server: http://api.eu-old.example:8080", "plain http"),
        org.junit.jupiter.params.provider.Arguments.of("plain http to a private address",
            "    server: HTTP://10.0.0.1:8080", "plain http"),
        org.junit.jupiter.params.provider.Arguments.of("plain http to a name that only looks loopback",
            "    server: http://127.0.0.1.nip.io:8080", "plain http"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("insecureClusters")
  void aConnectionThatExposesTheTokenIsRefusedWithoutPrintingTheKubeconfig(String what, String clusterYaml,
      String named) {
    String kubeconfig = kubeconfigWithUser("token: migrator-token-value").replace("    server: " + remote.url(),
        clusterYaml);
    // A Secret per case: the connector reads Secrets through an informer, which may not have seen a rewrite of one
    // Secret by the time the next case connects (flaky: a case read the previous case's kubeconfig).
    String name = "insecure-" + Integer.toHexString(what.hashCode());
    secret(name, Map.of("kubeconfig", kubeconfig));
    assertThatThrownBy(() -> connector.connect(NS, ref(name, "kubeconfig")))
        .isInstanceOfSatisfying(ClusterAccessException.class, e -> {
          assertThat(e.reason()).isEqualTo(io.cutover.api.v1alpha1.Conditions.Reason.KUBECONFIG_INSECURE);
          assertThat(e.retryable()).as("fixed only by a new Secret, which is a new event").isFalse();
          assertThat(e.getMessage()).contains(named).contains("cluster entry 'remote'")
              .doesNotContain("migrator-token-value").doesNotContain("eu-old.example").doesNotContain("proxy.example")
              .doesNotContain("10.0.0.1");
        });
    ReliabilityReport.add(ReliabilityReport.Counter.MALFORMED_INPUTS, 1);
  }

  @Test
  void anInsecureClusterEntryNoContextUsesIsRefusedToo() {
    String kubeconfig = kubeconfigWithUser("token: t").replace("contexts:", """
        - name: spare
          cluster:
            server: https://spare.example
            insecure-skip-tls-verify: true
        contexts:""");
    secret("insecure-spare", Map.of("kubeconfig", kubeconfig));
    assertThatThrownBy(() -> connector.connect(NS, ref("insecure-spare", "kubeconfig")))
        .isInstanceOfSatisfying(ClusterAccessException.class,
            e -> assertThat(e.reason()).isEqualTo(io.cutover.api.v1alpha1.Conditions.Reason.KUBECONFIG_INSECURE));
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"http://127.0.0.1:6443", "http://localhost:6443",
      "http://127.9.9.9", "http://[::1]:6443", "https://api.eu-old.example:6443", "https://10.0.0.1"})
  void httpsAndLoopbackHttpAreAllowed(String server) {
    assertThat(ClusterConnector.plainHttpElsewhere(server)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"http://api.eu-old.example", "http://10.0.0.1:8080",
      "http://127.0.0.1.nip.io", "http://[::2]:6443", "http://0.0.0.0:6443", "http://"})
  void plainHttpAnywhereElseIsNot(String server) {
    assertThat(ClusterConnector.plainHttpElsewhere(server)).isTrue();
  }

  @Test
  void theSandboxesKubeconfigIsUsable() {
    // The sandbox serves HTTPS with its own CA, which its kubeconfig carries: verified TLS, as the operator demands.
    assertThat(remote.url()).startsWith("https://127.0.0.1:");
    secret("sandbox", Map.of("kubeconfig", remote.kubeconfig("remote")));
    assertThat(connector.connect(NS, ref("sandbox", "kubeconfig")).clusterName()).isEqualTo("remote");
  }

  @Test
  void inlineCredentialsAreAccepted() {
    secret("inline", Map.of("kubeconfig", kubeconfigWithUser("token: not-a-real-token")));
    assertThat(connector.connect(NS, ref("inline", "kubeconfig")).clusterName()).isEqualTo("remote");
  }

  @Test
  void emptyOrNonKubeconfigDocumentsAreKubeconfigInvalid() {
    for (String doc : new String[] {"", "[]", "42", "kind: Config\nusers: 7", "\u0000\u0001binary"}) {
      secret("odd", Map.of("kubeconfig", doc));
      assertThatThrownBy(() -> connector.connect(NS, ref("odd", "kubeconfig"))).as(doc)
          .isInstanceOfSatisfying(ClusterAccessException.class, e -> assertThat(e.reason()).isEqualTo("KubeconfigInvalid"));
      ReliabilityReport.add(ReliabilityReport.Counter.MALFORMED_INPUTS, 1);
    }
  }

  @Test
  void aSecretInAnotherNamespaceCannotBeReached() {
    control.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("elsewhere").endMetadata().build())
        .createOr(r -> r.update());
    control.client().secrets().inNamespace("elsewhere").resource(new SecretBuilder().withNewMetadata().withName("foreign")
        .endMetadata().withStringData(Map.of("kubeconfig", remote.kubeconfig("remote"))).build()).createOr(r -> r.update());
    // SecretKeyRef has no namespace: the only Secret the connector reads is the one in the migration's namespace.
    assertThatThrownBy(() -> connector.connect(NS, ref("foreign", "kubeconfig")))
        .isInstanceOfSatisfying(ClusterAccessException.class, e -> assertThat(e.reason()).isEqualTo("KubeconfigSecretNotFound"));
    ReliabilityReport.add(ReliabilityReport.Counter.MALFORMED_INPUTS, 1);
  }
}
