package io.cutover.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.sandbox.SandboxCluster;
import io.cutover.testing.Kubectl;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator docs stay true: every condition reason has a troubleshooting entry, and every shell command in a
 * {@code ```sh} block of docs/ is either run here (against a sandbox cluster where it needs one) or run by the test
 * named for it. A new command fails this test until something runs it.
 */
class DocsTest {
  static final List<String> DOCS = List.of("concepts.md", "security.md", "operations.md", "gitops.md", "troubleshooting.md");

  /** Commands some other test runs, and which. */
  static final Map<String, String> RUN_ELSEWHERE = Map.ofEntries(
      Map.entry("export PATH=\"$PWD/bin:$PATH\"", "KubectlCutoverPluginTest (bin/ on PATH)"),
      Map.entry("kubectl cutover plan -f examples/payments-api-migration.yaml", "KubectlCutoverPluginTest"),
      Map.entry("kubectl cutover status payments-api -n cutover-system", "KubectlCutoverPluginTest"),
      Map.entry("kubectl cutover approve payments-api -n cutover-system", "KubectlCutoverPluginTest"),
      Map.entry("kubectl cutover rollback payments-api -n cutover-system", "KubectlCutoverPluginTest (on orders-api)"),
      Map.entry("kubectl delete sam --all -A --wait", "HelmLifecycleOnRealClustersTest (the uninstall order)"),
      Map.entry("helm uninstall cutover --namespace cutover-system", "HelmLifecycleOnRealClustersTest"),
      // a shell variable and a pipe, and two clusters: run as a script on the real clusters
      // (it reads them from docs/operations.md, "Rotating a kubeconfig Secret")
      Map.entry("TOKEN=$(kubectl --context eu-old create token cutover-migrator -n cutover-system --duration=24h)",
          "KubeconfigRotationOnRealClustersTest"),
      Map.entry("kubectl config set-credentials cutover-migrator --kubeconfig=eu-old.kubeconfig --token=\"$TOKEN\"",
          "KubeconfigRotationOnRealClustersTest"),
      Map.entry("kubectl create secret generic eu-old-kubeconfig -n cutover-system --from-file=kubeconfig=eu-old.kubeconfig"
          + " --dry-run=client -o yaml | kubectl apply -f -", "KubeconfigRotationOnRealClustersTest"));

  /** Commands that need a real cluster (pods that run, Helm releases, the OpenAPI document): the sandbox cannot. */
  static final Map<String, String> REAL_CLUSTER_ONLY = Map.of(
      "kubectl -n cutover-system rollout status deployment/cutover", "the sandbox runs no pods",
      "kubectl explain sam.spec", "a bare sandbox cluster does not serve a CRD applied to it (discovery is fixed); CrdManifestTest checks the schema's descriptions",
      "helm upgrade cutover helm/cutover --namespace cutover-system --reuse-values", "helm needs a release; HelmChartTest lints and renders");

  @TempDir
  Path work;

  @Test
  void everyConditionReasonHasATroubleshootingEntry() throws Exception {
    String doc = Files.readString(Path.of("docs/troubleshooting.md"));
    List<String> reasons = new ArrayList<>();
    for (Field f : Conditions.Reason.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        reasons.add((String) f.get(null));
      }
    }
    assertThat(reasons).hasSizeGreaterThan(20).allSatisfy(r -> assertThat(doc).as("troubleshooting.md entry for %s", r).contains("`" + r + "`"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyAlertHasARunbookSectionAndEverySectionAnAlert() throws Exception {
    List<String> alerts = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) Deploy.yaml("deploy/prometheus/cutover-rules.yaml").get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        if (rule.get("alert") != null) {
          alerts.add((String) rule.get("alert"));
        }
      }
    }
    String ops = Files.readString(Path.of("docs/operations.md"));
    List<String> runbook = ops.substring(ops.indexOf("## Runbook")).lines()
        .filter(l -> l.startsWith("### ")).map(l -> l.substring(4).strip()).toList();
    assertThat(alerts).isNotEmpty();
    assertThat(runbook).containsExactlyInAnyOrderElementsOf(alerts);
  }

  @Test
  void everyDocumentedCommandIsRun() throws Exception {
    Map<String, String> commands = commands();
    assertThat(commands).isNotEmpty();
    // The control cluster gets deploy/ and the CRD; a remote cluster gets deploy/remote (as on a real source/target).
    try (SandboxCluster control = SandboxCluster.start("control"); SandboxCluster remote = SandboxCluster.start("remote")) {
      Path controlConfig = work.resolve("control.kubeconfig");
      Path remoteConfig = work.resolve("remote.kubeconfig");
      Files.writeString(controlConfig, control.kubeconfig("control"));
      Files.writeString(remoteConfig, remote.kubeconfig("remote"));
      Kubectl kubectl = new Kubectl(work);
      Files.writeString(work.resolve("eu-old.kubeconfig"), "apiVersion: v1\nkind: Config\n");
      for (var entry : commands.entrySet()) {
        String command = entry.getKey();
        if (RUN_ELSEWHERE.containsKey(command) || REAL_CLUSTER_ONLY.containsKey(command)
            || command.startsWith("helm install ")) { // theHelmInstallInTheDocsRendersTheKubeconfigSecretsRole
          continue;
        }
        String[] args = runHere(command, work);
        assertThat(args).as("%s (%s) is run by no test: run it here or name the test that does", command, entry.getValue()).isNotNull();
        // The migrator's commands go to the remote cluster (deploy/remote, the namespace it is put in scope in, and
        // the permissions to mirror granted there; kubectl create clusterrole/rolebinding send protobuf bodies).
        boolean remoteCommand = command.contains("deploy/remote") || command.equals("kubectl create namespace payments")
            || command.contains("cutover-mirror-payments");
        var result = kubectl.run(remoteCommand ? remoteConfig : controlConfig, args);
        assertThat(unexpectedErrors(result.err())).as("%s: %s", command, result.err()).isEmpty();
        assertThat(result.exitCode() == 0 || !result.err().isBlank()).as(command).isTrue();
        if (command.equals("kubectl apply -k deploy")) {
          assertThat(result.out()).contains("customresourcedefinition.apiextensions.k8s.io/serviceaccountmigrations.cutover.io",
              "namespace/cutover-system", "serviceaccount/cutover", "clusterrole.rbac.authorization.k8s.io/cutover",
              "deployment.apps/cutover", "role.rbac.authorization.k8s.io/cutover-kubeconfigs",
              "customresourcedefinition.apiextensions.k8s.io/migrationpolicies.cutover.io",
              "clusterrole.rbac.authorization.k8s.io/cutover-authority",
              "validatingadmissionpolicy.admissionregistration.k8s.io/cutover-requester",
              "validatingadmissionpolicybinding.admissionregistration.k8s.io/cutover-requester",
              "validatingadmissionpolicy.admissionregistration.k8s.io/cutover-policy-scope",
              "validatingadmissionpolicybinding.admissionregistration.k8s.io/cutover-policy-scope");
        }
        if (command.equals("kubectl apply -k deploy/remote")) {
          assertThat(result.out()).contains("clusterrole.rbac.authorization.k8s.io/cutover-migrator", "serviceaccount/cutover-migrator");
        }
        if (command.equals("kubectl kustomize examples/gitops")) {
          assertThat(result.out()).contains("kind: ServiceAccountMigration", "approval: Manual");
        }
      }
    }
  }

  /** Every non-blank line kubectl wrote to stderr: the sandbox serves every kind the manifests hold. */
  static List<String> unexpectedErrors(String err) {
    return err.lines().filter(l -> !l.isBlank()).toList();
  }

  @Test
  void theHelmInstallInTheDocsRendersTheKubeconfigSecretsRole() throws Exception {
    String install = commands().keySet().stream().filter(c -> c.startsWith("helm install")).findFirst().orElseThrow();
    var helm = new com.marcnuri.helm.Helm(Chart.DIR).template().withName("cutover").withNamespace("cutover-system")
        .withKubeVersion(Chart.KUBE_VERSION);
    for (String set : install.split("--set ")) {
      if (set.contains("=") && !set.startsWith("helm ")) {
        String kv = set.trim().replace("'", "");
        helm.set(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    Rendered r = Rendered.parse(helm.call());
    assertThat(Rendered.strings(Rendered.list(r.get("Role", "cutover-kubeconfigs"), "rules").get(0), "resourceNames"))
        .containsExactly("eu-old-kubeconfig", "eu-new-kubeconfig");
    assertThat(HelmChartTest.container(r).get("image")).isEqualTo("registry.example.com/cutover:0.1.0");
  }

  /** kubectl arguments for a command this test runs itself; null if it runs no such command. */
  static String[] runHere(String command, Path work) {
    List<String> words = new ArrayList<>(Arrays.asList(command.split("\\s+")));
    if (!words.get(0).equals("kubectl")) {
      return null;
    }
    words.remove(0);
    if (words.get(0).equals("apply")) {
      words.add(1, "--validate=false"); // the sandbox serves no OpenAPI document
    }
    if (command.startsWith("kubectl create secret generic")) {
      words.replaceAll(w -> w.replace("./eu-old.kubeconfig", work.resolve("eu-old.kubeconfig").toString()));
      words.add("--dry-run=client");  // cutover-system does not exist on this bare cluster; the command's form is what counts
    }
    return words.toArray(String[]::new);
  }

  /** Every command in a ```sh block of the docs (continuation lines joined), with the file it is in. */
  static Map<String, String> commands() throws Exception {
    Map<String, String> commands = new LinkedHashMap<>();
    for (String doc : DOCS) {
      boolean inBlock = false;
      StringBuilder current = new StringBuilder();
      for (String line : Files.readAllLines(Path.of("docs", doc))) {
        if (line.startsWith("```")) {
          inBlock = line.equals("```sh");
          continue;
        }
        if (!inBlock || line.isBlank()) {
          continue;
        }
        current.append(line.strip());
        if (line.endsWith("\\")) {
          current.setLength(current.length() - 1);
          continue;
        }
        commands.put(current.toString().replaceAll("\\s+", " ").strip(), doc);
        current.setLength(0);
      }
    }
    return commands;
  }
}
