package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.testing.Kubectl;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the docs tell a user to do: {@code cutover sandbox --keep-running} in its own process, and the real kubectl
 * running the {@code kubectl-cutover} plugin (bin/ on PATH) for plan, status, approve and rollback, with the Argo CD
 * health check read off the live objects along the way.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlCutoverPluginTest {
  static final String NS = "cutover-system";

  @TempDir
  static Path dir;
  static Process sandbox;
  static Kubectl kubectl;
  static KubernetesClient control;

  record Run(int exitCode, String out, String err) {}

  @BeforeAll
  static void startSandbox() throws Exception {
    kubectl = new Kubectl(dir);
    Path kubeconfigs = dir.resolve("kubeconfigs");
    sandbox = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "sandbox", "--keep-running", "--kubeconfig-dir", kubeconfigs.toString())
        .redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    CompletableFuture<Void> ready = CompletableFuture.runAsync(() -> {
      try (var r = new BufferedReader(new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        boolean signalled = false;
        while ((line = r.readLine()) != null) {
          synchronized (lines) {
            lines.add(line);
          }
          if (!signalled && line.startsWith("Press Ctrl-C")) {
            signalled = true;
            synchronized (lines) {
              lines.notifyAll();
            }
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    });
    await("sandbox --keep-running is up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          synchronized (lines) {
            assertThat(sandbox.isAlive()).as("sandbox exited: %s", lines).isTrue();
            return lines.stream().anyMatch(l -> l.startsWith("Press Ctrl-C"));
          }
        });
    assertThat(ready).isNotNull();
    control = KubeOptions.client(kubeconfig("control"));
  }

  @AfterAll
  static void stopSandbox() throws Exception {
    if (control != null) {
      control.close();
    }
    if (sandbox != null) {
      sandbox.destroy();
      if (!sandbox.waitFor(20, TimeUnit.SECONDS)) {
        sandbox.destroyForcibly();
      }
    }
  }

  @Test
  @Order(1)
  void planPrintsTheIdentityAsTablesAndWritesNothing() throws Exception {
    Run plan = plugin("plan", "-f", "examples/payments-api-migration.yaml", "--kubeconfig", kubeconfig("control").toString());

    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("Plan for cutover-system/payments-api: source/payments/payments-api -> target/payments/payments-api")
        .contains("Bindings that grant the identity something:", "RoleBinding", "ClusterRoleBinding")
        .contains("Effective rules on the source:", "VERBS", "RESOURCES")
        .contains("Escalations (the target would hold more):\n  none")
        .contains("Target ServiceAccount, field by field:").containsPattern("automountServiceAccountToken +- +- +Carried")
        .contains("Losses (what the target identity will not have):\n  none")
        .contains("Legacy token Secrets (revoked at cutover):", "payments-api-token-legacy")
        .contains("Workloads running as the identity:", "Pod")
        .contains("Objects to create on the target:").containsPattern("ServiceAccount +payments +payments-api")
        .contains("Plan OK.");
    assertThat(plan.out() + plan.err()).doesNotContain("eyJ");
    // a dry run: nothing on the target, no migration on the control cluster
    assertThat(kubectl.run(kubeconfig("target"), "get", "serviceaccount", "payments-api", "-n", "payments").exitCode()).isNotZero();
    assertThat(control.resources(ServiceAccountMigration.class).inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  @Order(2)
  void planOfAMissingIdentityFailsWithTheReason() throws Exception {
    Path file = dir.resolve("missing.yaml");
    Files.writeString(file, Files.readString(Path.of("examples/payments-api-migration.yaml"))
        .replace("serviceAccount: payments-api\n  target", "serviceAccount: nobody\n  target"));

    Run plan = plugin("plan", "-f", file.toString(), "--kubeconfig", kubeconfig("control").toString());

    assertThat(plan.exitCode()).isEqualTo(1);
    assertThat(plan.out()).contains("Plan FAILS: SourceServiceAccountNotFound");
  }

  @Test
  @Order(3)
  void statusShowsTheCountdownWhileWaitingThenApproveCutsOver() throws Exception {
    kubectl.ok(kubeconfig("control"), "apply", "--validate=false", "-k", "examples/gitops");
    ServiceAccountMigration waiting = awaitReady("payments-api", "AwaitingApproval");
    assertThat(health(waiting)).isEqualTo("Suspended");

    Run status = plugin("status", "payments-api", "-n", NS, "--kubeconfig", kubeconfig("control").toString());
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).contains("Phase:       DualRun", "AwaitingApproval", "Approval:    Manual, not approved")
        .containsPattern("deadline \\S+ \\(in (29m|30m)\\d+s\\)")
        .contains("TargetTokenReview");

    Run approve = plugin("approve", "payments-api", "-n", NS, "--kubeconfig", kubeconfig("control").toString());
    assertThat(approve.exitCode()).as(approve.err()).isZero();
    assertThat(approve.out()).contains("serviceaccountmigration.cutover.io/payments-api patched");
    ServiceAccountMigration done = awaitPhase("payments-api", Phase.Completed);
    assertThat(done.getSpec().getCutover().isApproved()).isTrue();
    assertThat(done.getStatus().getCutover().getTrigger()).isEqualTo("Approved");
    assertThat(health(done)).isEqualTo("Healthy");

    Run after = plugin("status", "payments-api", "-n", NS, "--kubeconfig", kubeconfig("control").toString());
    assertThat(after.out()).contains("Phase:       Completed", "Cutover:     Approved at", "SourceCanaryRejected", "ok");
    assertThat(after.out() + after.err()).doesNotContain("eyJ");
  }

  @Test
  @Order(4)
  void rollbackBeforeCutoverRemovesTheTargetIdentityAndKeepsTheSource() throws Exception {
    Path identity = dir.resolve("worker.yaml");
    // An identity of the user's own choosing, in a namespace of their own: the sandbox's playground policy covers it.
    Files.writeString(identity, """
        apiVersion: v1
        kind: Namespace
        metadata: {name: orders}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: payments-worker, namespace: orders}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: payments-worker, namespace: orders}
        rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: payments-worker, namespace: orders}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: payments-worker}
        subjects: [{kind: ServiceAccount, name: payments-worker, namespace: orders}]
        """);
    kubectl.ok(kubeconfig("source"), "apply", "--validate=false", "-f", identity.toString());
    // As the README says: the sandbox's migrator holds the shipped RBAC only, so the user puts it in scope in orders
    // on both clusters and, on the target, grants it the rules it is to mirror there (it has no escalate or bind).
    kubectl.ok(kubeconfig("target"), "create", "namespace", "orders");
    for (String cluster : new String[] {"source", "target"}) {
      kubectl.ok(kubeconfig(cluster), "apply", "-k", "deploy/remote/namespace", "-n", "orders");
    }
    Path mirrorable = dir.resolve("migrator-mirrors.yaml");
    Files.writeString(mirrorable, """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: cutover-migrator-mirrors, namespace: orders}
        rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: cutover-migrator-mirrors, namespace: orders}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cutover-migrator-mirrors}
        subjects: [{kind: ServiceAccount, name: cutover-migrator, namespace: cutover-system}]
        """);
    kubectl.ok(kubeconfig("target"), "apply", "--validate=false", "-f", mirrorable.toString());
    Path migration = dir.resolve("worker-migration.yaml");
    Files.writeString(migration, """
        apiVersion: cutover.io/v1alpha1
        kind: ServiceAccountMigration
        metadata: {name: payments-worker, namespace: cutover-system}
        spec:
          policy: sandbox
          requester: {username: sandbox-admin}
          source: {cluster: {name: source, kubeconfigSecretRef: {name: source-kubeconfig}}, namespace: orders, serviceAccount: payments-worker}
          target: {cluster: {name: target, kubeconfigSecretRef: {name: target-kubeconfig}}}
          dualRun: {window: 30m}
        """);
    kubectl.ok(kubeconfig("control"), "apply", "--validate=false", "-f", migration.toString());
    awaitPhase("payments-worker", Phase.DualRun);
    assertThat(kubectl.run(kubeconfig("target"), "get", "serviceaccount", "payments-worker", "-n", "orders").exitCode()).isZero();

    Run rollback = plugin("rollback", "payments-worker", "-n", NS, "--kubeconfig", kubeconfig("control").toString());
    assertThat(rollback.exitCode()).as(rollback.err()).isZero();

    ServiceAccountMigration rolledBack = awaitPhase("payments-worker", Phase.RolledBack);
    assertThat(rolledBack.getSpec().isRollback()).isTrue();
    assertThat(rolledBack.getStatus().getHistory()).anySatisfy(h -> assertThat(h.reason()).isEqualTo("RollbackRequested"));
    assertThat(kubectl.run(kubeconfig("target"), "get", "serviceaccount", "payments-worker", "-n", "orders").exitCode()).isNotZero();
    assertThat(kubectl.ok(kubeconfig("source"), "get", "serviceaccount", "payments-worker", "-n", "orders").out()).contains("payments-worker");
    assertThat(kubectl.ok(kubeconfig("source"), "get", "rolebinding", "payments-worker", "-n", "orders").out()).contains("payments-worker");
    assertThat(health(rolledBack)).isEqualTo("Degraded");
    Run status = plugin("status", "payments-worker", "-n", NS, "--kubeconfig", kubeconfig("control").toString());
    assertThat(status.out()).contains("Phase:       RolledBack", "rollback requested");
  }

  // --- helpers ---

  static Path kubeconfig(String cluster) {
    return dir.resolve("kubeconfigs").resolve(cluster + ".kubeconfig");
  }

  /** kubectl cutover ARGS, the plugin found on PATH by kubectl itself. */
  static Run plugin(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Kubectl.BINARY.toString(), "cutover"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("PATH", Path.of("bin").toAbsolutePath() + ":" + System.getenv("PATH"));
    pb.environment().put("CUTOVER_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("KUBECONFIG", dir.resolve("no-default.kubeconfig").toString());
    Path out = Files.createTempFile(dir, "plugin", ".out");
    Path err = Files.createTempFile(dir, "plugin", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl cutover %s finished", String.join(" ", args)).isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  static ServiceAccountMigration awaitPhase(String name, Phase phase) {
    return await(name + " in " + phase).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> control.resources(ServiceAccountMigration.class).inNamespace(NS).withName(name).get(),
            m -> m != null && m.getStatus() != null && m.getStatus().getPhase() == phase);
  }

  static ServiceAccountMigration awaitReady(String name, String reason) {
    return await(name + " Ready reason " + reason).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> control.resources(ServiceAccountMigration.class).inNamespace(NS).withName(name).get(),
            m -> m != null && m.getStatus() != null && m.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && reason.equals(c.getReason())));
  }

  @SuppressWarnings("unchecked")
  static String health(ServiceAccountMigration m) throws Exception {
    Map<String, Object> json = Serialization.unmarshal(Serialization.asJson(m), Map.class);
    return io.cutover.deploy.ArgoCdHealth.of(dir, json).status();
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
