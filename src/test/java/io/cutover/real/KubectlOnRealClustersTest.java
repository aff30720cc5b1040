package io.cutover.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.testing.Kubectl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A kubectl user on the real control plane, with the real kubectl built with it: get, describe, explain, wait,
 * server-side apply, and the {@code kubectl cutover} plugin (bin/ on PATH) for plan, status, approve and rollback.
 */
@RealClusterTest
class KubectlOnRealClustersTest {
  static final String NS = RealEnvironment.NAMESPACE;
  private final RealEnvironment env = RealEnvironment.get();

  @Test
  void planApplyWatchApproveAndDescribeAMigrationAsAKubectlUser() throws Exception {
    // The identity lives in "payments", as in docs/operations.md, whose two commands grant the migrator what the
    // identity's Role grants ("Permissions to mirror"); the seeded ClusterRole's nodes are granted apart.
    Scenario s = new Scenario(env, "payments", "app").seed(Scenario.PODS).grantMigratorOnTarget(Scenario.NODES);
    env.kubectl(env.target, "create", "namespace", "payments");
    env.kubectl(env.target, "create", "clusterrole", "cutover-mirror-payments", "--verb=get,list",
        "--resource=pods,configmaps");
    env.kubectl(env.target, "create", "rolebinding", "cutover-mirror-payments", "-n", "payments",
        "--clusterrole=cutover-mirror-payments", "--serviceaccount=cutover-system:cutover-migrator");
    Path file = env.work.resolve("rk-flows.yaml");
    Files.writeString(file, s.migrationYaml("rk-flows", "10m", "cutover: {approval: Manual}"));

    Kubectl.Result plan = plugin("plan", "-f", file.toString());
    assertThat(plan.exitCode()).as("plan: %s", plan.err()).isZero();
    assertThat(plan.out()).contains("rk-flows").contains("app-reader").doesNotContainPattern("eyJ[A-Za-z0-9_-]{8,}");

    kubectl("--as", RealEnvironment.REQUESTER, "apply", "--server-side", "--field-manager", "gitops", "-f",
        file.toString());
    kubectl("wait", "--for=jsonpath={.status.phase}=DualRun", "sam/rk-flows", "-n", NS, "--timeout=90s");
    assertThat(kubectl("get", "sam", "rk-flows", "-n", NS).out()).contains("DualRun").contains("PHASE");
    Kubectl.Result status = plugin("status", "rk-flows", "-n", NS);
    assertThat(status.exitCode()).as("status: %s", status.err()).isZero();
    assertThat(status.out()).contains("DualRun");

    Kubectl.Result approve = plugin("approve", "rk-flows", "-n", NS);
    assertThat(approve.exitCode()).as("approve: %s", approve.err()).isZero();
    kubectl("wait", "--for=condition=Ready", "sam/rk-flows", "-n", NS, "--timeout=90s");
    // kubectl cutover approve set approvedBy to the user the API server says is asking (the administrator here)
    assertThat(s.get("rk-flows").getSpec().getCutover().getApprovedBy().getUsername())
        .isEqualTo(io.cutover.realcluster.RealCluster.ADMIN_USER);
    assertThat(s.get("rk-flows").getStatus().getAuthorization().getApprovedBy().getUsername())
        .isEqualTo(io.cutover.realcluster.RealCluster.ADMIN_USER);

    assertThat(kubectl("describe", "sam", "rk-flows", "-n", NS).out()).contains("Completed");
    assertThat(kubectl("explain", "sam.spec.dualRun").out()).contains("window");
    assertThat(s.get("rk-flows").getStatus().getPhase()).isEqualTo(Phase.Completed);
  }

  @Test
  void rollbackThroughThePluginDuringTheDualRun() throws Exception {
    Scenario s = new Scenario(env, "rk-rollback", "app").seed(Scenario.PODS).grantMigratorOnTarget(Scenario.PODS, Scenario.NODES);
    Path file = env.work.resolve("rk-rollback.yaml");
    Files.writeString(file, s.migrationYaml("rk-rollback", "10m", ""));
    kubectl("--as", RealEnvironment.REQUESTER, "apply", "-f", file.toString());
    kubectl("wait", "--for=jsonpath={.status.phase}=DualRun", "sam/rk-rollback", "-n", NS, "--timeout=90s");

    Kubectl.Result rollback = plugin("rollback", "rk-rollback", "-n", NS);

    assertThat(rollback.exitCode()).as("rollback: %s", rollback.err()).isZero();
    kubectl("wait", "--for=jsonpath={.status.phase}=RolledBack", "sam/rk-rollback", "-n", NS, "--timeout=90s");
    assertThat(env.target.client().serviceAccounts().inNamespace("rk-rollback").withName("app").get()).isNull();
    assertThat(env.source.client().serviceAccounts().inNamespace("rk-rollback").withName("app").get()).isNotNull();
  }

  private Kubectl.Result kubectl(String... args) {
    return env.kubectl(env.control, args);
  }

  /** {@code kubectl cutover ...} through the real kubectl's plugin lookup, as the control cluster's administrator. */
  private Kubectl.Result plugin(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(env.binaries.path("kubectl").toString(), "cutover"));
    command.addAll(List.of(args));
    command.addAll(List.of("--kubeconfig", env.control.kubeconfig().toString()));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("PATH", Path.of("bin").toAbsolutePath() + ":" + System.getenv("PATH"));
    pb.environment().put("CUTOVER_CLASSPATH", System.getProperty("java.class.path"));
    Path out = Files.createTempFile(env.work, "plugin", ".out");
    Path err = Files.createTempFile(env.work, "plugin", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("kubectl cutover %s finished", String.join(" ", args)).isTrue();
    return new Kubectl.Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
