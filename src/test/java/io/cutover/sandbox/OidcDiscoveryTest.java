package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import java.net.http.HttpResponse;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OidcDiscoveryTest {

  static SandboxCluster cluster;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("oidc");
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static String get(String path) throws Exception {
    HttpResponse<String> response = SandboxHttp.client(cluster).send(
        SandboxHttp.asAdmin(cluster, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  @Test
  void openidConfigurationNamesTheIssuerAndItsKeys() throws Exception {
    JsonNode config = Store.JSON.readTree(get("/.well-known/openid-configuration"));
    assertThat(config.path("issuer").asText()).isEqualTo(cluster.issuer());
    assertThat(config.path("jwks_uri").asText()).isEqualTo(cluster.issuer() + "/openid/v1/jwks");
    assertThat(config.path("response_types_supported").toString()).isEqualTo("[\"id_token\"]");
    assertThat(config.path("subject_types_supported").toString()).isEqualTo("[\"public\"]");
    assertThat(config.path("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"RS256\"]");
  }

  @Test
  void jwksPublishesThePublicSigningKeyOnly() throws Exception {
    JsonNode key = Store.JSON.readTree(get("/openid/v1/jwks")).path("keys").get(0);
    assertThat(key.path("kty").asText()).isEqualTo("RSA");
    assertThat(key.path("use").asText()).isEqualTo("sig");
    assertThat(key.path("alg").asText()).isEqualTo("RS256");
    assertThat(key.path("kid").asText()).isNotBlank();
    assertThat(key.path("n").asText()).isNotBlank();
    assertThat(key.path("e").asText()).isEqualTo("AQAB");
    assertThat(key.has("d")).isFalse();
    assertThat(key.has("p")).isFalse();
  }

  @Test
  void tokensVerifyAgainstThePublishedKeysAsARelyingPartyWould() throws Exception {
    var client = cluster.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("rp").endMetadata().build())
        .create();
    client.serviceAccounts().inNamespace("rp").resource(new ServiceAccountBuilder().withNewMetadata().withName("app")
        .endMetadata().build()).create();
    String token = client.serviceAccounts().inNamespace("rp").withName("app")
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withAudiences("vault").endSpec().build())
        .getStatus().getToken();
    JsonWebKeySet keys = new JsonWebKeySet(get("/openid/v1/jwks"));
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(token);
    var key = keys.getJsonWebKeys().stream().filter(k -> k.getKeyId().equals(jws.getKeyIdHeaderValue())).findFirst()
        .orElseThrow();
    jws.setKey(key.getKey());
    assertThat(jws.verifySignature()).isTrue();
  }

  @Test
  void anotherClusterPublishesAnotherKey() throws Exception {
    try (SandboxCluster other = SandboxCluster.start("oidc-other")) {
      HttpResponse<String> response = SandboxHttp.client(other).send(SandboxHttp.asAdmin(other,
          "/openid/v1/jwks").GET().build(), HttpResponse.BodyHandlers.ofString());
      String otherKid = Store.JSON.readTree(response.body()).path("keys").get(0).path("kid").asText();
      String kid = Store.JSON.readTree(get("/openid/v1/jwks")).path("keys").get(0).path("kid").asText();
      assertThat(otherKid).isNotEqualTo(kid);
    }
  }
}
