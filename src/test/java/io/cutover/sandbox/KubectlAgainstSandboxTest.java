package io.cutover.sandbox;

import io.cutover.testing.Kubectl;
import io.cutover.testing.Kubectl.Result;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl binary against a sandbox cluster: discovery, client-side apply, get, describe, patch, delete. */
class KubectlAgainstSandboxTest {

  static SandboxCluster cluster;
  static KubernetesClient client;
  static Kubectl kubectl;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws IOException {
    kubectl = new Kubectl(dir);
    cluster = SandboxCluster.start("kubectl");
    client = cluster.client();
    Files.writeString(dir.resolve("kubeconfig"), cluster.kubeconfig("sandbox"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static Result kubectl(String... args) throws IOException, InterruptedException {
    return kubectl.run(dir.resolve("kubeconfig"), args);
  }

  static Result ok(String... args) throws IOException, InterruptedException {
    return kubectl.ok(dir.resolve("kubeconfig"), args);
  }

  @Test
  void kubectlAppliesGetsDescribesPatchesAndDeletes() throws Exception {
    Path manifest = dir.resolve("identity.yaml");
    Files.writeString(manifest, """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: kubectl-demo
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: api
          namespace: kubectl-demo
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: api-reader
          namespace: kubectl-demo
        rules:
        - apiGroups: [""]
          resources: [configmaps]
          verbs: [get, list]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: api-reader
          namespace: kubectl-demo
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: api-reader
        subjects:
        - kind: ServiceAccount
          name: api
          namespace: kubectl-demo
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: api-token
          namespace: kubectl-demo
          annotations:
            kubernetes.io/service-account.name: api
        type: kubernetes.io/service-account-token
        """);
    Result applied = ok("apply", "--validate=false", "-f", manifest.toString());
    assertThat(applied.out()).contains("serviceaccount/api created", "role.rbac.authorization.k8s.io/api-reader created",
        "rolebinding.rbac.authorization.k8s.io/api-reader created", "secret/api-token created");
    assertThat(client.serviceAccounts().inNamespace("kubectl-demo").withName("api").get()).isNotNull();

    Result got = ok("get", "serviceaccounts,roles,rolebindings,secrets", "-n", "kubectl-demo", "-o", "name");
    assertThat(got.out()).contains("serviceaccount/api", "role.rbac.authorization.k8s.io/api-reader",
        "rolebinding.rbac.authorization.k8s.io/api-reader", "secret/api-token");
    assertThat(ok("get", "sa", "api", "-n", "kubectl-demo").out()).contains("api");
    assertThat(ok("get", "secret", "api-token", "-n", "kubectl-demo", "-o", "jsonpath={.type}").out())
        .isEqualTo("kubernetes.io/service-account-token");

    Result described = ok("describe", "rolebinding", "api-reader", "-n", "kubectl-demo");
    assertThat(described.out()).contains("api-reader", "ServiceAccount");

    ok("patch", "serviceaccount", "api", "-n", "kubectl-demo", "--type=merge",
        "-p", "{\"metadata\":{\"labels\":{\"tier\":\"backend\"}}}");
    assertThat(client.serviceAccounts().inNamespace("kubectl-demo").withName("api").get().getMetadata().getLabels())
        .containsEntry("tier", "backend");

    ok("delete", "rolebinding", "api-reader", "-n", "kubectl-demo");
    assertThat(client.rbac().roleBindings().inNamespace("kubectl-demo").withName("api-reader").get()).isNull();
    assertThat(ok("get", "rolebindings", "-n", "kubectl-demo", "-o", "name").out()).doesNotContain("api-reader");
  }

  @Test
  void kubectlSeesTheBootstrapClusterRolesAndVersion() throws Exception {
    assertThat(ok("get", "clusterroles", "-o", "name").out()).contains("clusterrole.rbac.authorization.k8s.io/view");
    assertThat(ok("version", "-o", "json").out()).contains("serverVersion");
  }
}
