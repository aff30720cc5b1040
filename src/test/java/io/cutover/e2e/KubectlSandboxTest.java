package io.cutover.e2e;

import io.cutover.testing.Kubectl;
import io.cutover.testing.Kubectl.Result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user does with {@code sandbox --keep-running}: the real kubectl against the sandbox's kubeconfigs, applying
 * the identity to the source and a ServiceAccountMigration to the control cluster, and watching it through kubectl.
 */
class KubectlSandboxTest {

  @TempDir
  static Path dir;
  static E2eEnvironment env;
  static Kubectl kubectl;

  @BeforeAll
  static void start() {
    kubectl = new Kubectl(dir);
    env = E2eEnvironment.start(dir);
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  static Result kubectl(String cluster, String... args) throws IOException, InterruptedException {
    return kubectl.run(dir.resolve(cluster + ".kubeconfig"), args);
  }

  static Result ok(String cluster, String... args) throws IOException, InterruptedException {
    return kubectl.ok(dir.resolve(cluster + ".kubeconfig"), args);
  }

  /** Applies a ServiceAccount with a Role, RoleBinding and legacy token Secret to the source, then the migration. */
  static void applyIdentityAndMigration(String namespace, String serviceAccount, String migrationName) throws Exception {
    Path identity = dir.resolve(namespace + "-identity.yaml");
    Files.writeString(identity, """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: %1$s
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: %2$s
          namespace: %1$s
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: %2$s-reader
          namespace: %1$s
        rules:
        - apiGroups: [""]
          resources: [configmaps]
          verbs: [get, list]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: %2$s-reader
          namespace: %1$s
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: %2$s-reader
        subjects:
        - kind: ServiceAccount
          name: %2$s
          namespace: %1$s
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: %2$s-token
          namespace: %1$s
          annotations:
            kubernetes.io/service-account.name: %2$s
        type: kubernetes.io/service-account-token
        """.formatted(namespace, serviceAccount));
    Path migration = dir.resolve(namespace + "-migration.yaml");
    Files.writeString(migration, """
        apiVersion: cutover.io/v1alpha1
        kind: ServiceAccountMigration
        metadata:
          name: %3$s
          namespace: cutover-system
        spec:
          policy: %4$s
          requester: {username: %5$s}
          source:
            cluster: {name: source, kubeconfigSecretRef: {name: source-kubeconfig, key: kubeconfig}}
            namespace: %1$s
            serviceAccount: %2$s
          target:
            cluster: {name: target, kubeconfigSecretRef: {name: target-kubeconfig}}
          tokens:
            audiences: [%2$s.target.example]
            expirationSeconds: 3600
            secretName: %2$s-bound-token
          dualRun:
            window: 2s
            onDeadline: Cutover
          cutover:
            approval: Automatic
        """.formatted(namespace, serviceAccount, migrationName, E2eEnvironment.POLICY, E2eEnvironment.REQUESTER));

    assertThat(ok("source", "apply", "--validate=false", "-f", identity.toString()).out())
        .contains("serviceaccount/" + serviceAccount + " created",
            "role.rbac.authorization.k8s.io/" + serviceAccount + "-reader created",
            "rolebinding.rbac.authorization.k8s.io/" + serviceAccount + "-reader created",
            "secret/" + serviceAccount + "-token created");
    await("legacy token filled").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(() -> kubectl("source", "get", "secret", serviceAccount + "-token", "-n", namespace,
            "-o", "jsonpath={.data.token}").out().length() > 0);

    assertThat(ok("control", "apply", "--validate=false", "-f", migration.toString()).out())
        .contains("serviceaccountmigration.cutover.io/" + migrationName + " created");
  }

  static void awaitCompletedThroughKubectl(String migrationName) {
    await("kubectl shows " + migrationName + " Completed").atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> kubectl("control", "get", "sam", migrationName, "-n", "cutover-system",
            "-o", "jsonpath={.status.phase}").out(), "Completed"::equals);
  }

  /** The row of {@code name} in a kubectl table, split on whitespace; asserts the header first. */
  static String[] row(String table, String name, String... header) {
    List<String> lines = table.lines().toList();
    assertThat(lines).as("kubectl output:%n%s", table).isNotEmpty();
    assertThat(lines.get(0).trim().split("\\s+")).as("header of:%n%s", table).containsExactly(header);
    return lines.stream().skip(1).map(l -> l.trim().split("\\s+")).filter(r -> r[0].equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + name + " in:\n" + table));
  }

  @Test
  void kubectlAppliesAnIdentityAndAMigrationThatCompletesAndShowsItsPrinterColumnValues() throws Exception {
    applyIdentityAndMigration("shop", "checkout", "shop-checkout");
    awaitCompletedThroughKubectl("shop-checkout");

    assertThat(ok("control", "get", "sam", "shop-checkout", "-n", "cutover-system", "-o",
        "jsonpath={.status.phase} {.status.conditions[?(@.type==\"Ready\")].status}").out()).isEqualTo("Completed True");

    // The CRD's printer columns, as the API server holds them, evaluated by kubectl on the live migration.
    String crd = "serviceaccountmigrations.cutover.io";
    String names = ok("control", "get", "crd", crd, "-o",
        "jsonpath={.spec.versions[0].additionalPrinterColumns[*].name}").out();
    assertThat(names.split(" ")).containsExactly("Phase", "Source", "Target", "Deadline", "Ready", "Age");
    List<String> paths = ok("control", "get", "crd", crd, "-o",
        "jsonpath={range .spec.versions[0].additionalPrinterColumns[*]}{.jsonPath}{\"\\n\"}{end}").out().lines().toList();
    assertThat(paths).hasSize(6);
    StringBuilder columns = new StringBuilder("NAME:.metadata.name");
    String[] upper = names.toUpperCase().split(" ");
    for (int i = 0; i < 5; i++) {
      columns.append(',').append(upper[i]).append(':').append(paths.get(i));
    }
    String table = ok("control", "get", "sam", "-n", "cutover-system", "-o", "custom-columns=" + columns).out();
    String[] r = row(table, "shop-checkout", "NAME", "PHASE", "SOURCE", "TARGET", "DEADLINE", "READY");
    assertThat(r).hasSize(6);
    assertThat(r[1]).isEqualTo("Completed");
    assertThat(r[2]).isEqualTo("source/shop/checkout");
    assertThat(r[3]).isEqualTo("target/shop/checkout");
    assertThat(java.time.Instant.parse(r[4])).as("deadline").isBefore(java.time.Instant.now());
    assertThat(r[5]).isEqualTo("True");

    // The identity moved: kubectl sees it on the target and no longer on the source.
    assertThat(ok("target", "get", "serviceaccount", "checkout", "-n", "shop", "-o", "jsonpath={.metadata.labels}").out())
        .contains("cutover.io/migration-uid");
    assertThat(ok("target", "get", "secret", "checkout-bound-token", "-n", "shop", "-o", "name").out())
        .contains("secret/checkout-bound-token");
    Result gone = kubectl("source", "get", "serviceaccount", "checkout", "-n", "shop");
    assertThat(gone.exitCode()).isNotZero();
    assertThat(gone.err()).contains("NotFound");
    assertThat(ok("source", "get", "secrets", "-n", "shop", "-o", "name").out()).doesNotContain("secret/checkout-token");
  }

  @Test
  void kubectlGetSamPrintsPhaseSourceTargetDeadlineAndReadyColumns() throws Exception {
    applyIdentityAndMigration("store", "basket", "store-basket");
    awaitCompletedThroughKubectl("store-basket");

    String table = ok("control", "get", "sam", "-n", "cutover-system").out();
    String[] r = row(table, "store-basket", "NAME", "PHASE", "SOURCE", "TARGET", "DEADLINE", "READY", "AGE");
    assertThat(r).hasSize(7);
    assertThat(r[1]).isEqualTo("Completed");
    assertThat(r[2]).isEqualTo("source/store/basket");
    assertThat(r[3]).isEqualTo("target/store/basket");
    assertThat(java.time.Instant.parse(r[4])).as("deadline, as an RFC 3339 time").isBefore(java.time.Instant.now());
    assertThat(r[5]).isEqualTo("True");
  }

  @Test
  void kubectlGetSamWatchPrintsEachPhaseChangeLiveThenExitsOnRequestTimeout() throws Exception {
    java.util.concurrent.CompletableFuture<Result> watching = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return kubectl("control", "get", "sam", "-n", "cutover-system", "-w", "--request-timeout=25s");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    long started = System.nanoTime();
    Thread.sleep(1500); // the watch is open before the migration exists
    applyIdentityAndMigration("live", "ticker", "live-ticker");
    awaitCompletedThroughKubectl("live-ticker");

    Result watched = watching.get(60, java.util.concurrent.TimeUnit.SECONDS);
    long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    System.out.printf("kubectl get sam -w ended after %d s (request timeout 25 s), exit %d%n", seconds,
        watched.exitCode());
    List<String> lines = watched.out().lines().toList();
    assertThat(lines).as("kubectl output:%n%s%nerr:%n%s", watched.out(), watched.err()).isNotEmpty();
    assertThat(lines.get(0).trim().split("\\s+"))
        .containsExactly("NAME", "PHASE", "SOURCE", "TARGET", "DEADLINE", "READY", "AGE");
    List<String> phases = lines.stream().skip(1).map(l -> l.trim().split("\\s+"))
        .filter(r -> r[0].equals("live-ticker")).map(r -> r.length > 1 ? r[1] : "")
        .filter(p -> !p.isEmpty()).distinct().toList();
    // Every phase change arrives as its own row, in the order the operator made them.
    assertThat(phases).as("phases seen live:%n%s", watched.out())
        .containsSubsequence("DualRun", "Completed").endsWith("Completed").hasSizeGreaterThanOrEqualTo(3);
    assertThat(seconds).as("exits at --request-timeout").isBetween(20L, 40L);
  }
}
