package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Namespace's life as kube-apiserver and kube-controller-manager make it: its default ServiceAccount and root CA
 * ConfigMap, kept; its termination (deletionTimestamp, Terminating, contents deleted, then gone), with the
 * NamespaceLifecycle admission refusing new content meanwhile.
 */
class NamespaceLifecycleTest {

  static ClockedSandbox sandbox;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    sandbox = new ClockedSandbox("namespaces", "same-ca");
    sandbox.clock.now = Instant.parse("2026-05-06T07:08:09.5Z");
    client = sandbox.client;
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  static Namespace create(String name) {
    return client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  static ConfigMap rootCa(String namespace) {
    return client.configMaps().inNamespace(namespace).withName("kube-root-ca.crt").get();
  }

  @Test
  void aNewNamespaceIsActiveWithTheKubernetesFinalizerItsDefaultServiceAccountAndTheRootCa() {
    Namespace created = create("fresh");

    assertThat(created.getSpec().getFinalizers()).containsExactly("kubernetes");
    assertThat(created.getStatus().getPhase()).isEqualTo("Active");
    assertThat(created.getMetadata().getLabels()).containsEntry("kubernetes.io/metadata.name", "fresh");
    assertThat(client.serviceAccounts().inNamespace("fresh").withName("default").get()).isNotNull();
    ConfigMap ca = rootCa("fresh");
    assertThat(ca.getData()).containsOnlyKeys("ca.crt");
    assertThat(ca.getData().get("ca.crt")).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(ca.getMetadata().getAnnotations()).containsKey("kubernetes.io/description");
  }

  @Test
  void theRootCaIsTheOneTheTokenControllerPutsIntoTokenSecrets() {
    String ns = sandbox.namespace;
    Secret filled = client.secrets().inNamespace(ns).withName(sandbox.legacyTokenSecret(sandbox.newServiceAccount()))
        .get();

    assertThat(new String(Base64.getDecoder().decode(filled.getData().get("ca.crt")), StandardCharsets.UTF_8))
        .isEqualTo(rootCa(ns).getData().get("ca.crt"));
  }

  @Test
  void theNamespacesOfANewClusterHaveThemToo() {
    for (String namespace : List.of("default", "kube-system", "kube-public")) {
      assertThat(client.serviceAccounts().inNamespace(namespace).withName("default").get()).as(namespace).isNotNull();
      assertThat(rootCa(namespace)).as(namespace).isNotNull();
      assertThat(client.namespaces().withName(namespace).get().getStatus().getPhase()).isEqualTo("Active");
    }
  }

  @Test
  void theDefaultServiceAccountAndTheRootCaComeBackWhenDeletedOrChanged() {
    create("kept");
    ServiceAccount first = client.serviceAccounts().inNamespace("kept").withName("default").get();
    String pem = rootCa("kept").getData().get("ca.crt");

    client.serviceAccounts().inNamespace("kept").withName("default").delete();
    client.configMaps().inNamespace("kept").withName("kube-root-ca.crt").delete();

    ServiceAccount again = client.serviceAccounts().inNamespace("kept").withName("default").get();
    assertThat(again).isNotNull();
    assertThat(again.getMetadata().getUid()).isNotEqualTo(first.getMetadata().getUid());
    assertThat(rootCa("kept").getData()).containsEntry("ca.crt", pem);

    client.configMaps().inNamespace("kept").withName("kube-root-ca.crt").edit(cm -> {
      cm.setData(Map.of("ca.crt", "tampered"));
      return cm;
    });
    assertThat(rootCa("kept").getData()).containsEntry("ca.crt", pem);
  }

  @Test
  void deletingANamespaceDeletesItsContentsAndThenTheNamespace() {
    create("doomed");
    client.serviceAccounts().inNamespace("doomed").resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("app").endMetadata().build()).create();
    client.configMaps().inNamespace("doomed").resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
        .endMetadata().build()).create();
    client.rbac().roles().inNamespace("doomed").resource(new io.fabric8.kubernetes.api.model.rbac.RoleBuilder()
        .withNewMetadata().withName("reader").endMetadata().build()).create();

    client.namespaces().withName("doomed").delete();

    assertThat(client.namespaces().withName("doomed").get()).isNull();
    assertThat(client.serviceAccounts().inNamespace("doomed").list().getItems()).isEmpty();
    assertThat(client.configMaps().inNamespace("doomed").list().getItems()).isEmpty();
    assertThat(client.rbac().roles().inNamespace("doomed").list().getItems()).isEmpty();
  }

  @Test
  void contentHeldByAFinalizerKeepsTheNamespaceTerminatingAndRefusingNewContent() {
    create("held");
    client.configMaps().inNamespace("held").resource(new ConfigMapBuilder().withNewMetadata().withName("keep")
        .withFinalizers("example.com/hold").endMetadata().build()).create();
    client.secrets().inNamespace("held").resource(new SecretBuilder().withNewMetadata().withName("goes")
        .endMetadata().build()).create();

    client.namespaces().withName("held").delete();

    Namespace terminating = client.namespaces().withName("held").get();
    assertThat(terminating.getMetadata().getDeletionTimestamp())
        .isEqualTo(sandbox.clock.now.truncatedTo(ChronoUnit.SECONDS).toString());
    assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
    assertThat(terminating.getSpec().getFinalizers()).containsExactly("kubernetes");
    assertThat(terminating.getStatus().getConditions()).extracting(NamespaceCondition::getType,
        NamespaceCondition::getStatus, NamespaceCondition::getReason).contains(
        org.assertj.core.groups.Tuple.tuple("NamespaceContentRemaining", "True", "SomeResourcesRemain"),
        org.assertj.core.groups.Tuple.tuple("NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain"));
    assertThat(terminating.getStatus().getConditions()).extracting(NamespaceCondition::getMessage).contains(
        "Some resources are remaining: configmaps. has 1 resource instances",
        "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances");
    assertThat(client.secrets().inNamespace("held").withName("goes").get()).isNull();
    assertThat(client.configMaps().inNamespace("held").withName("keep").get().getMetadata().getDeletionTimestamp())
        .isNotNull();

    assertThatThrownBy(() -> client.configMaps().inNamespace("held").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("late").endMetadata().build()).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(403);
          assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
          assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"late\" is forbidden: unable to create new "
              + "content in namespace held because it is being terminated");
          assertThat(e.getStatus().getDetails().getCauses()).singleElement()
              .satisfies(c -> assertThat(c.getReason()).isEqualTo("NamespaceTerminating"));
        });
    assertThat(client.serviceAccounts().inNamespace("held").withName("default").get())
        .as("the serviceaccount controller leaves a terminating namespace alone").isNull();

    client.configMaps().inNamespace("held").withName("keep").edit(cm -> {
      cm.getMetadata().setFinalizers(List.of());
      return cm;
    });

    assertThat(client.configMaps().inNamespace("held").withName("keep").get()).isNull();
    assertThat(client.namespaces().withName("held").get()).as("finalized once its content is gone").isNull();
  }

  @Test
  void aTokenRequestInATerminatingNamespaceIsRefusedToo() {
    create("closing");
    client.serviceAccounts().inNamespace("closing").resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("app").withFinalizers("example.com/hold").endMetadata().build()).create();
    client.namespaces().withName("closing").delete();

    assertThatThrownBy(() -> client.serviceAccounts().inNamespace("closing").withName("app")
        .tokenRequest(new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder().withNewSpec()
            .endSpec().build()))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  @Test
  void theClustersOwnNamespacesMayNotBeDeleted() {
    assertThatThrownBy(() -> client.namespaces().withName("kube-system").delete())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(403);
          assertThat(e.getStatus().getMessage())
              .isEqualTo("namespaces \"kube-system\" is forbidden: this namespace may not be deleted");
        });
    assertThat(client.namespaces().withName("kube-system").get()).isNotNull();
  }
}
