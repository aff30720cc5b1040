package io.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.api.v1alpha1.ClusterRef;
import io.cutover.api.v1alpha1.IssuerTrust;
import io.cutover.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cluster reached by issuer trust: only a server the operator is configured for, with its own TokenRequest token
 * for that server's audience (minted here on the sandbox's control cluster, which signs tokens as kube-apiserver does).
 */
class IssuerTrustConnectorTest {
  private static final String SERVER = "https://remote.example:6443";
  private static SandboxCluster control;
  private static ClusterConnector connector;

  @BeforeAll
  static void start() {
    control = SandboxCluster.start("control");
    control.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ops").endMetadata().build())
        .create();
    control.client().serviceAccounts().inNamespace("ops").resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("cutover").endMetadata().build()).create();
    connector = new ClusterConnector(control.client(), null, Clock.systemUTC(),
        IssuerTrustAccess.of("ops/cutover", List.of(SERVER)));
  }

  @AfterAll
  static void stop() {
    connector.close();
    control.close();
  }

  private static ClusterRef ref(String name, String server, String ca) {
    return new ClusterRef(name, new IssuerTrust(server, ca));
  }

  @Test
  void theOperatorsOwnTokenCarriesOnlyTheServersAudienceAndTokenRequestsMinimumLifetime() throws Exception {
    String jwt = connector.ownTokens(IssuerTrustServer.parse("https://Remote.example:6443/").orElseThrow()).getToken();
    JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    assertThat(claims.get("iss").asText()).isEqualTo(control.issuer());
    assertThat(claims.get("sub").asText()).isEqualTo("system:serviceaccount:ops:cutover");
    assertThat(claims.get("aud").toString()).isEqualTo("[\"cutover.io/remote.example:6443\"]");
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(600);
  }

  @Test
  void aClientIsBuiltOncePerServerAndNameAndAgainWhenTheCaBundleChanges() throws Exception {
    String ca = new String(getClass().getResourceAsStream("/issuer-trust/ca.pem").readAllBytes(), StandardCharsets.US_ASCII);
    ClusterPort first = connector.connect("migrations", ref("eu-new", SERVER, null), "target");
    assertThat(first.clusterName()).isEqualTo("eu-new");
    assertThat(connector.connect("elsewhere", ref("eu-new", SERVER + "/", null), "target"))
        .as("no Secret, so the migration's namespace plays no part").isSameAs(first);
    ClusterPort withCa = connector.connect("migrations", ref("eu-new", SERVER, ca), "target");
    assertThat(withCa).isNotSameAs(first);
    assertThat(connector.connect("migrations", ref("eu-new", SERVER, ca), "target")).isSameAs(withCa);
  }

  @Test
  void aServerTheOperatorIsNotConfiguredForIsRefusedBeforeAnyTokenIsMinted() {
    assertThatThrownBy(() -> connector.connect("migrations", ref("evil", "https://collector.example", null), "target"))
        .isInstanceOfSatisfying(ClusterAccessException.class, e -> {
          assertThat(e.reason()).isEqualTo("IssuerTrustNotAllowed");
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains("https://collector.example:443").contains("--issuer-trust-server");
        });
    try (ClusterConnector unconfigured = new ClusterConnector(control.client())) {
      assertThatThrownBy(() -> unconfigured.connect("migrations", ref("eu-new", SERVER, null), "target"))
          .isInstanceOfSatisfying(ClusterAccessException.class,
              e -> assertThat(e.reason()).isEqualTo("IssuerTrustNotAllowed"));
    }
  }

  @Test
  void theOperatorsOptionsNeedBothItsIdentityAndHttpsServers() {
    assertThat(IssuerTrustAccess.of(null, List.of())).isEqualTo(IssuerTrustAccess.none());
    assertThat(IssuerTrustAccess.of("ops/cutover", List.of("https://A.example")).servers())
        .containsExactly("https://a.example:443");
    assertThatThrownBy(() -> IssuerTrustAccess.of(null, List.of(SERVER))).hasMessageContaining("--issuer-trust-identity");
    assertThatThrownBy(() -> IssuerTrustAccess.of("cutover", List.of(SERVER))).hasMessageContaining("NAMESPACE/NAME");
    assertThatThrownBy(() -> IssuerTrustAccess.of("ops/cutover", List.of("http://remote.example")))
        .hasMessageContaining("https://HOST[:PORT]");
    assertThatThrownBy(() -> IssuerTrustAccess.of("ops/cutover", List.of())).hasMessageContaining("--issuer-trust-server");
  }

  @Test
  void aServerIsHttpsHostAndPortAndItsAudienceNamesBoth() {
    assertThat(IssuerTrustServer.parse("https://EU-new.example")).hasValueSatisfying(s -> {
      assertThat(s.url()).isEqualTo("https://eu-new.example:443");
      assertThat(s.audience()).isEqualTo("cutover.io/eu-new.example:443");
    });
    assertThat(IssuerTrustServer.parse("https://[::1]:6443/")).hasValueSatisfying(
        s -> assertThat(s.audience()).isEqualTo("cutover.io/[::1]:6443"));
    for (String bad : List.of("http://eu-new.example", "https://eu-new.example/api", "https://u@eu-new.example",
        "https://eu-new.example?a=b", "https://eu-new.example#f", "https://:6443", "https://eu-new.example:99999",
        "https://eu-new.example:0", "")) {
      assertThat(IssuerTrustServer.parse(bad)).as(bad).isEmpty();
    }
    assertThat(IssuerTrustServer.parse(null)).isEmpty();
  }
}
