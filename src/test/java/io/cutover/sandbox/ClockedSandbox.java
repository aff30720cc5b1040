package io.cutover.sandbox;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A sandbox cluster on a clock the test moves, with one namespace of the test's, and the requests the token tests
 * make of it: a ServiceAccount, its TokenRequest token, its legacy token Secret, a TokenReview.
 */
final class ClockedSandbox implements AutoCloseable {

  final TokenReviewTest.MovableClock clock = new TokenReviewTest.MovableClock();
  final SandboxCluster cluster;
  final KubernetesClient client;
  final String namespace;
  private int counter;

  ClockedSandbox(String name, String namespace) {
    this.cluster = SandboxCluster.start(name, clock);
    this.client = cluster.client();
    this.namespace = namespace;
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
  }

  ServiceAccount newServiceAccount() {
    return client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("sa-" + (++counter)).endMetadata().build()).create();
  }

  String token(ServiceAccount sa, List<String> audiences) {
    return client.serviceAccounts().inNamespace(namespace).withName(sa.getMetadata().getName())
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withAudiences(audiences).endSpec().build())
        .getStatus().getToken();
  }

  /** A legacy token Secret {@code <sa>-token} for the ServiceAccount, filled by the token controller: its name. */
  String legacyTokenSecret(ServiceAccount sa) {
    String name = sa.getMetadata().getName() + "-token";
    client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(name)
        .withAnnotations(Map.of("kubernetes.io/service-account.name", sa.getMetadata().getName())).endMetadata()
        .withType("kubernetes.io/service-account-token").build()).create();
    return name;
  }

  /** The token a legacy token Secret holds now. */
  String legacyToken(String secretName) {
    return new String(Base64.getDecoder().decode(client.secrets().inNamespace(namespace).withName(secretName).get()
        .getData().get("token")), StandardCharsets.UTF_8);
  }

  TokenReviewStatus review(String token, List<String> audiences) {
    return client.authentication().v1().tokenReviews().create(new TokenReviewBuilder().withNewSpec().withToken(token)
        .withAudiences(audiences).endSpec().build()).getStatus();
  }

  @Override
  public void close() {
    cluster.close();
  }
}
