package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Field selectors on lists select by the fields kube-apiserver supports for each kind, and refuse the others. */
class FieldSelectorTest {
  private static final String NS = "fields";
  private static SandboxCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("fields");
    client = cluster.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    for (String sa : new String[] {"api", "worker"}) {
      client.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata().withName(sa)
          .endMetadata().build()).create();
      client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(sa + "-0").endMetadata()
          .withNewSpec().withServiceAccountName(sa).addNewContainer().withName("c").withImage("busybox").endContainer()
          .endSpec().build()).create();
      client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(sa + "-token")
          .withAnnotations(Map.of("kubernetes.io/service-account.name", sa)).endMetadata()
          .withType("kubernetes.io/service-account-token").build()).create();
    }
    client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("plain").endMetadata()
        .withType("Opaque").build()).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void podsSelectByServiceAccountName() {
    assertThat(client.pods().inNamespace(NS).withField("spec.serviceAccountName", "api").list().getItems())
        .extracting(p -> p.getMetadata().getName()).containsExactly("api-0");
    assertThat(client.pods().inNamespace(NS).withoutField("spec.serviceAccountName", "api").list().getItems())
        .extracting(p -> p.getMetadata().getName()).containsExactly("worker-0");
  }

  @Test
  void secretsSelectByTypeEvenWithASlashInTheValue() {
    assertThat(client.secrets().inNamespace(NS).withField("type", "kubernetes.io/service-account-token").list().getItems())
        .extracting(s -> s.getMetadata().getName()).containsExactlyInAnyOrder("api-token", "worker-token");
    assertThat(client.secrets().inNamespace(NS).withField("type", "Opaque").list().getItems())
        .extracting(s -> s.getMetadata().getName()).containsExactly("plain");
  }

  @Test
  void metadataNameWorksForEveryKind() {
    assertThat(client.serviceAccounts().inNamespace(NS).withField("metadata.name", "worker").list().getItems())
        .extracting(s -> s.getMetadata().getName()).containsExactly("worker");
  }

  @Test
  void aFieldTheKindDoesNotSupportIsABadRequest() {
    assertThatThrownBy(() -> client.serviceAccounts().inNamespace(NS).withField("spec.serviceAccountName", "api").list())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(400);
          assertThat(e.getStatus().getMessage()).contains("field label not supported: spec.serviceAccountName");
        });
  }
}
