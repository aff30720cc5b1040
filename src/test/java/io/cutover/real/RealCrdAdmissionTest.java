package io.cutover.real;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.phase.CrdAdmissionContract;
import io.cutover.phase.HostileAdmission;
import io.cutover.realcluster.RealCluster;
import io.cutover.testing.Kubectl;
import io.cutover.testing.RawHttp;
import io.cutover.testing.RawHttp.Answer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD as a real kube-apiserver admits it (on the control cluster, where the chart installed it): the
 * {@link CrdAdmissionContract} the sandbox is held to as well, and what kubectl prints for an invalid migration.
 * Requests go through the admin client's own HTTP client.
 */
@RealClusterTest
class RealCrdAdmissionTest extends CrdAdmissionContract {

  private final RealEnvironment env = RealEnvironment.get();
  private final KubernetesClient admin = env.control.client();

  /** What kubectl prints; {@code sandbox.SandboxCrdAdmissionTest} holds the sandbox to the same text. */
  @Test
  void kubectlApplyOfAnInvalidMigrationPrintsEachCause() throws Exception {
    String ns = namespace("adm-hostile");
    Path file = Files.createTempFile(env.work, "invalid", ".yaml");
    Files.writeString(file, HostileAdmission.invalidMigrationYaml(ns));
    Kubectl.Result applied = new Kubectl(env.work, env.binaries.path("kubectl"))
        .run(env.control.kubeconfig(), "apply", "-f", file.toString());
    assertThat(applied.exitCode()).isNotZero();
    assertThat(applied.err().strip()).isEqualTo(HostileAdmission.invalidApplyError());
  }

  @Override
  protected Answer send(String method, String path, JsonNode body) {
    return RawHttp.send(admin, method, path, body,
        method.equals("PATCH") ? MERGE_PATCH : "application/json");
  }


  @Override
  protected String namespace(String name) {
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
    return name;
  }

  @Override
  protected String kustomize(String folder) {
    return env.kubectl(env.control, "kustomize", folder).out();
  }

  @Override
  protected String adminUser() {
    return RealCluster.ADMIN_USER;
  }
}
