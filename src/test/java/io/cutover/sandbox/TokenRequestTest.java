package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.BoundObjectReference;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenRequestTest {

  static final String NS = "tokens";
  static SandboxCluster cluster;
  static KubernetesClient client;
  static ServiceAccount sa;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("token-request");
    client = cluster.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    sa = client.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("app").endMetadata().build()).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static TokenRequest request(Long expirationSeconds, List<String> audiences, BoundObjectReference bound) {
    return new TokenRequestBuilder().withNewSpec().withExpirationSeconds(expirationSeconds).withAudiences(audiences)
        .withBoundObjectRef(bound).endSpec().build();
  }

  static TokenRequest issue(String name, TokenRequest request) {
    return client.serviceAccounts().inNamespace(NS).withName(name).tokenRequest(request);
  }

  @Test
  void issuesASignedTokenWithTheServiceAccountClaims() {
    TokenRequest answer = issue("app", request(null, List.of("vault.example"), null));
    String token = answer.getStatus().getToken();
    JsonNode header = Jwt.header(token);
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    assertThat(header.path("kid").asText()).isNotBlank();
    JsonNode claims = Jwt.claims(token);
    assertThat(claims.path("iss").asText()).isEqualTo(cluster.issuer());
    assertThat(claims.path("sub").asText()).isEqualTo("system:serviceaccount:tokens:app");
    assertThat(claims.path("aud").isArray()).isTrue();
    assertThat(claims.path("aud").get(0).asText()).isEqualTo("vault.example");
    assertThat(claims.path("jti").asText()).isNotBlank();
    assertThat(claims.path("nbf").asLong()).isEqualTo(claims.path("iat").asLong());
    JsonNode k8s = claims.path("kubernetes.io");
    assertThat(k8s.path("namespace").asText()).isEqualTo(NS);
    assertThat(k8s.path("serviceaccount").path("name").asText()).isEqualTo("app");
    assertThat(k8s.path("serviceaccount").path("uid").asText()).isEqualTo(sa.getMetadata().getUid());
    assertThat(k8s.has("pod")).isFalse();
    assertThat(k8s.has("secret")).isFalse();
  }

  @Test
  void expirationDefaultsTo3600SecondsAndTheAnswerMatchesTheToken() {
    TokenRequest answer = issue("app", request(null, null, null));
    assertThat(answer.getSpec().getExpirationSeconds()).isEqualTo(3600L);
    JsonNode claims = Jwt.claims(answer.getStatus().getToken());
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(3600L);
    assertThat(Instant.parse(answer.getStatus().getExpirationTimestamp()).getEpochSecond())
        .isEqualTo(claims.path("exp").asLong());
  }

  @Test
  void honoursAnExpirationOf600Seconds() {
    TokenRequest answer = issue("app", request(600L, null, null));
    JsonNode claims = Jwt.claims(answer.getStatus().getToken());
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(600L);
  }

  @Test
  void rejectsExpirationUnder600SecondsWith422() {
    assertThatThrownBy(() -> issue("app", request(599L, null, null)))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
          assertThat(e.getStatus().getKind()).isEqualTo("Status");
          assertThat(e.getStatus().getDetails().getCauses()).extracting("field")
              .containsExactly("spec.expirationSeconds");
        });
  }

  @Test
  void emptyAudiencesMeanTheIssuer() {
    TokenRequest answer = issue("app", request(null, List.of(), null));
    assertThat(answer.getSpec().getAudiences()).containsExactly(cluster.issuer());
    assertThat(Jwt.claims(answer.getStatus().getToken()).path("aud").get(0).asText()).isEqualTo(cluster.issuer());
  }

  @Test
  void unknownServiceAccountIs404() {
    assertThatThrownBy(() -> issue("nobody", request(null, null, null)))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(404);
          assertThat(e.getStatus().getReason()).isEqualTo("NotFound");
        });
  }

  @Test
  void bindsToASecretWithItsNameAndUid() {
    Secret secret = client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata()
        .withName("bound-secret").endMetadata().build()).create();
    TokenRequest answer = issue("app", request(null, null, new BoundObjectReference("v1", "Secret",
        "bound-secret", secret.getMetadata().getUid())));
    JsonNode bound = Jwt.claims(answer.getStatus().getToken()).path("kubernetes.io").path("secret");
    assertThat(bound.path("name").asText()).isEqualTo("bound-secret");
    assertThat(bound.path("uid").asText()).isEqualTo(secret.getMetadata().getUid());
  }

  @Test
  void bindsToAPodRunningAsTheServiceAccount() {
    var pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("app-0")
        .endMetadata().withNewSpec().withServiceAccountName("app").addNewContainer().withName("c").withImage("i")
        .endContainer().endSpec().build()).create();
    TokenRequest answer = issue("app", request(null, null, new BoundObjectReference("v1", "Pod", "app-0", null)));
    JsonNode bound = Jwt.claims(answer.getStatus().getToken()).path("kubernetes.io").path("pod");
    assertThat(bound.path("name").asText()).isEqualTo("app-0");
    assertThat(bound.path("uid").asText()).isEqualTo(pod.getMetadata().getUid());
  }

  @Test
  void bindingToAPodOfAnotherServiceAccountIs400() {
    client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("other-0")
        .endMetadata().withNewSpec().withServiceAccountName("other").addNewContainer().withName("c").withImage("i")
        .endContainer().endSpec().build()).create();
    assertThatThrownBy(() -> issue("app", request(null, null, new BoundObjectReference("v1", "Pod", "other-0", null))))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
  }

  @Test
  void bindsToANode() {
    var node = client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().build())
        .create();
    TokenRequest answer = issue("app", request(null, null, new BoundObjectReference("v1", "Node", "node-1", null)));
    JsonNode bound = Jwt.claims(answer.getStatus().getToken()).path("kubernetes.io").path("node");
    assertThat(bound.path("uid").asText()).isEqualTo(node.getMetadata().getUid());
  }

  @Test
  void missingBoundObjectIs404() {
    assertThatThrownBy(() -> issue("app", request(null, null, new BoundObjectReference("v1", "Secret", "gone", null))))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void boundObjectUidMismatchIs409() {
    client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("uid-check")
        .endMetadata().build()).create();
    assertThatThrownBy(() -> issue("app", request(null, null,
        new BoundObjectReference("v1", "Secret", "uid-check", "00000000-0000-0000-0000-000000000000"))))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
        });
  }

  @Test
  void bindingToAnUnsupportedKindIs400() {
    assertThatThrownBy(() -> issue("app", request(null, null,
        new BoundObjectReference("apps/v1", "Deployment", "x", null))))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
  }

  /**
   * kube-apiserver with --service-account-extend-token-expiration (its default): a Pod-bound request for exactly
   * 3607 s whose audiences are the API server's gets exp one year on and a warnafter claim at the requested time, and
   * the answer's expirationTimestamp says the requested time (so the kubelet refreshes it hourly). Anything else —
   * another audience, another lifetime, a Secret binding — gets what it asked for, with no warnafter.
   */
  @Test
  void aPodBoundRequestFor3607SecondsWithTheServersAudiencesIsExtendedToOneYear() {
    client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("kubelet-0")
        .endMetadata().withNewSpec().withServiceAccountName("app").addNewContainer().withName("c").withImage("i")
        .endContainer().endSpec().build()).create();
    BoundObjectReference pod = new BoundObjectReference("v1", "Pod", "kubelet-0", null);
    for (List<String> serverAudiences : List.of(List.<String>of(), List.of(cluster.issuer()))) {
      TokenRequest extended = issue("app", request(3607L, serverAudiences, pod));
      JsonNode claims = Jwt.claims(extended.getStatus().getToken());
      long iat = claims.path("iat").asLong();
      assertThat(claims.path("exp").asLong() - iat).as("exp, audiences %s", serverAudiences)
          .isEqualTo(365L * 24 * 3600);
      assertThat(claims.path("kubernetes.io").path("warnafter").asLong() - iat).isEqualTo(3607L);
      assertThat(Instant.parse(extended.getStatus().getExpirationTimestamp()).getEpochSecond() - iat)
          .as("the answer states the requested lifetime").isEqualTo(3607L);
    }

    Secret secret = client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata()
        .withName("not-a-pod").endMetadata().build()).create();
    List<TokenRequest> asked = List.of(request(3607L, List.of("vault"), pod), request(3600L, null, pod),
        request(3607L, null, null), request(3607L, null, new BoundObjectReference("v1", "Secret", "not-a-pod",
            secret.getMetadata().getUid())));
    for (TokenRequest r : asked) {
      JsonNode claims = Jwt.claims(issue("app", r).getStatus().getToken());
      assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).as("%s", r.getSpec())
          .isEqualTo(r.getSpec().getExpirationSeconds());
      assertThat(claims.path("kubernetes.io").has("warnafter")).isFalse();
    }
  }
}
