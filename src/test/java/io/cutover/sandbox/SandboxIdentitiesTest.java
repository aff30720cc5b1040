package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sandbox's operator and migrator hold the RBAC Cutover ships, from copies of deploy/ bundled in the jar. */
class SandboxIdentitiesTest {

  @ParameterizedTest
  @ValueSource(strings = {"cutover.yaml", "kubeconfig-secrets-role.yaml", "remote/migrator.yaml",
      "remote/namespace/migrator-role.yaml"})
  void theBundledCopyIsTheFileInDeploy(String file) throws Exception {
    try (InputStream bundled = SandboxIdentities.bundled(file)) {
      assertThat(new String(bundled.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(Path.of("deploy", file)));
    }
  }

  @Test
  void withLeastPrivilegeTheOperatorAndTheMigratorAreTheShippedServiceAccounts(@TempDir Path dir) {
    try (Sandbox sandbox = Sandbox.start(dir); KubernetesClient operator = sandbox.leastPrivilege(List.of("payments"))) {
      assertThat(whoami(operator)).isEqualTo("system:serviceaccount:cutover-system:cutover");
      // The chart's RBAC: migrations and the two kubeconfig Secrets by name, not every Secret.
      assertThat(operator.resources(io.cutover.api.v1alpha1.ServiceAccountMigration.class)
          .inNamespace(Sandbox.OPERATOR_NAMESPACE).list().getItems()).isEmpty();
      assertThat(operator.secrets().inNamespace(Sandbox.OPERATOR_NAMESPACE).withName("source-kubeconfig").get())
          .isNotNull();
      assertThatThrownBy(() -> operator.secrets().inNamespace("kube-system").list())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));

      for (SandboxCluster remote : List.of(sandbox.source(), sandbox.target())) {
        Secret secret = sandbox.control().client().secrets().inNamespace(Sandbox.OPERATOR_NAMESPACE)
            .withName(remote.name() + "-kubeconfig").get();
        String kubeconfig = new String(Base64.getDecoder().decode(secret.getData().get("kubeconfig")),
            StandardCharsets.UTF_8);
        assertThat(kubeconfig).doesNotContain(remote.adminToken());
        try (KubernetesClient migrator = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig))
            .build()) {
          assertThat(whoami(migrator)).isEqualTo("system:serviceaccount:cutover-system:cutover-migrator");
          assertThat(migrator.serviceAccounts().inNamespace("payments").withName("nobody").get()).isNull();
          assertThatThrownBy(() -> migrator.secrets().inNamespace(Sandbox.OPERATOR_NAMESPACE).list())
              .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        }
      }
    }
  }

  static String whoami(KubernetesClient client) {
    return client.resource(new SelfSubjectReview()).create().getStatus().getUserInfo().getUsername();
  }
}
