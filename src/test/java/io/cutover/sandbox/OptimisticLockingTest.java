package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Updates and deletes carrying a resourceVersion are refused with 409 when the object changed meanwhile. */
class OptimisticLockingTest {
  private static SandboxCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("locking");
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void anUpdateWithAStaleResourceVersionIsAConflict() {
    ServiceAccount created = client.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder()
        .withNewMetadata().withName("locked").endMetadata().build()).create();
    ServiceAccount stale = new ServiceAccountBuilder(created).build();
    client.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder(created).editMetadata()
        .addToLabels("changed", "first").endMetadata().build()).update();

    stale.getMetadata().setLabels(java.util.Map.of("changed", "second"));
    assertThatThrownBy(() -> client.resource(stale).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).as("kube-apiserver's reason for a stale update").isEqualTo("Conflict");
          assertThat(e.getStatus().getMessage()).isEqualTo("Operation cannot be fulfilled on serviceaccounts \"locked\": "
              + "the object has been modified; please apply your changes to the latest version and try again");
        });
    assertThat(client.serviceAccounts().inNamespace("default").withName("locked").get().getMetadata().getLabels())
        .containsEntry("changed", "first");
  }

  @Test
  void aDeleteWithAStaleResourceVersionIsAConflict() {
    ServiceAccount created = client.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder()
        .withNewMetadata().withName("kept").endMetadata().build()).create();
    client.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder(created).editMetadata()
        .addToLabels("changed", "yes").endMetadata().build()).update();

    assertThatThrownBy(() -> client.serviceAccounts().inNamespace("default").withName("kept")
        .lockResourceVersion(created.getMetadata().getResourceVersion()).delete())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(client.serviceAccounts().inNamespace("default").withName("kept").get()).isNotNull();
  }
}
