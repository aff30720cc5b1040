package io.cutover.real;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.cluster.IssuerTrustServer;
import io.cutover.realcluster.OperatorDeployment;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A target cluster whose kube-apiserver trusts the control cluster's service-account issuer (structured
 * authentication configuration, the shipped deploy/remote/issuer-trust example): the operator reaches it with its
 * own short-lived token, and no Secret on the control cluster holds a credential for it.
 */
@RealClusterTest
class IssuerTrustOnRealClustersTest {
  /** The user the example's claim mapping makes of the operator's own token ("cutover:" + sub). */
  static final String MAPPED_USER = "cutover:system:serviceaccount:" + OperatorDeployment.NAMESPACE + ":"
      + RealEnvironment.RELEASE;
  private final RealEnvironment env = RealEnvironment.get();

  private String controlToken(String serviceAccount, String audience) {
    return env.control.client().serviceAccounts().inNamespace(OperatorDeployment.NAMESPACE).withName(serviceAccount)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withAudiences(audience).withExpirationSeconds(600L)
            .endSpec().build()).getStatus().getToken();
  }

  @Test
  void theRemoteTrustsOnlyTheOperatorsOwnTokenForItsOwnAudienceAndMapsItToThePrefixedUser() {
    String audience = IssuerTrustServer.parse(env.trustingServer()).orElseThrow().audience();
    String own = controlToken(RealEnvironment.RELEASE, audience);
    // The JWT authenticator fetches the control cluster's keys in the background (every 10 s until it has them).
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> Boolean.TRUE.equals(Scenario.review(env.trusting, own, List.of()).getAuthenticated()));
    TokenReviewStatus trusted = Scenario.review(env.trusting, own, List.of());
    assertThat(trusted.getUser().getUsername()).isEqualTo(MAPPED_USER);

    assertThat(Scenario.review(env.trusting, controlToken(RealEnvironment.RELEASE, "cutover.io/elsewhere:443"),
        List.of()).getAuthenticated()).as("the operator's token for another remote").isNotEqualTo(true);
    assertThat(Scenario.review(env.trusting, controlToken("default", audience), List.of()).getAuthenticated())
        .as("another ServiceAccount of the control cluster, right audience: the claim rule refuses it").isNotEqualTo(true);
    assertThat(Scenario.review(env.target, own, List.of()).getAuthenticated())
        .as("a remote that does not trust the control cluster's issuer").isNotEqualTo(true);
  }

  @Test
  void anIdentityMovesToARemoteThatTrustsTheControlClustersIssuerWithNoKubeconfigSecret() throws Exception {
    Scenario s = new Scenario(env, "it-payments", "payments-api").seed(Scenario.CONFIGMAP_GET, Scenario.PODS)
        .grantOn(env.trusting, new SubjectBuilder().withApiGroup("rbac.authorization.k8s.io").withKind("User")
            .withName(MAPPED_USER).build(), Scenario.CONFIGMAP_GET, Scenario.PODS, Scenario.NODES);
    String cluster = new ObjectMapper().writeValueAsString(Map.of("name", "trusting",
        "issuerTrust", Map.of("server", env.trustingServer(), "caBundle", env.trusting.caPem())));
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> Boolean.TRUE
        .equals(Scenario.review(env.trusting, controlToken(RealEnvironment.RELEASE,
            IssuerTrustServer.parse(env.trustingServer()).orElseThrow().audience()), List.of()).getAuthenticated()));

    s.apply(s.migrationYaml("it-payments", "10s", "", cluster));
    ServiceAccountMigration done = s.awaitPhase("it-payments", Phase.Completed, Phase.Failed, Phase.RolledBack);

    assertThat(done.getStatus().getPhase()).as("phase; conditions: %s", done.getStatus().getConditions())
        .isEqualTo(Phase.Completed);
    Secret delivered = env.trusting.client().secrets().inNamespace("it-payments").withName("payments-api-token").get();
    assertThat(delivered).as("the token Secret on the trusting target").isNotNull();
    String issued = new String(Base64.getDecoder().decode(delivered.getData().get("token")), StandardCharsets.UTF_8);
    TokenReviewStatus onTarget = Scenario.review(env.trusting, issued, List.of(Scenario.AUDIENCE));
    assertThat(onTarget.getAuthenticated()).isTrue();
    assertThat(onTarget.getUser().getUsername()).isEqualTo(s.username());
    assertThat(env.trusting.client().serviceAccounts().inNamespace("it-payments").withName("payments-api").get()
        .getMetadata().getAnnotations()).containsKey("cutover.io/provenance");
    assertThat(env.source.client().serviceAccounts().inNamespace("it-payments").withName("payments-api").get())
        .as("the source ServiceAccount is deleted").isNull();
    assertThat(env.control.client().secrets().inNamespace(OperatorDeployment.NAMESPACE).list().getItems())
        .as("no Secret on the control cluster is this remote's credential")
        .noneMatch(secret -> secret.getMetadata().getName().contains("trusting"));
    // The log is shared with the other real-cluster tests: this migration's lines and the remote's.
    String log = String.join("\n", Files.readAllLines(env.operator().log()).stream()
        .filter(l -> l.contains("it-payments") || l.contains("trusting")).toList());
    assertThat(log).as("the operator's log").contains("Completed").doesNotContainPattern("(?<![.\\d])403(?!\\d)")
        .doesNotContainIgnoringCase("forbidden").doesNotContainPattern("(?<![.\\d])401(?!\\d)");
  }
}
