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
 * The operator docs stay true: every condition reason has a troubleshooting entry, and every shell command in README.md
 * and docs/ (design.md is a record, not a guide) is either run here (against a sandbox cluster where it needs one) or
 * run by the test named for it, or needs a real cluster for a reason given. A new command fails this test until
 * something runs it.
 *
 * <p>A command is a line of a fenced block (the fence may be indented, as in a list) that is {@code ```sh}, or a plain
 * {@code ```} block whose every line starts with a command word ({@link #COMMAND_WORDS}) or a shell assignment. A plain
 * block of which only some lines do is an error: mark it {@code ```sh}, or {@code ```text} for output, diagrams and
 * synopses with placeholders. Continuation lines ({@code \\}) are joined.
 */
class DocsTest {
  /** The guides: README.md, then docs/*.md but the design record (README last: it assumes the install ran). */
  static List<Path> docs() throws Exception {
    List<Path> docs = new ArrayList<>();
    try (var files = Files.list(Path.of("docs"))) {
      files.filter(f -> f.toString().endsWith(".md") && !f.getFileName().toString().equals("design.md")).sorted()
          .forEach(docs::add);
    }
    docs.add(Path.of("README.md"));
    return docs;
  }

  /** What a line of a plain block starts with when it is a command a reader types. */
  static final java.util.Set<String> COMMAND_WORDS = java.util.Set.of("kubectl", "helm", "java", "mvn", "curl", "export",
      "bash", "cd", "go", "tail", "promtool", "docker", "git", "make", "jq", "./mvnw", ".ci/run");

  /**
   * Blocks another test reads out of the doc and runs line by line (doc and section heading → the test): their
   * commands need no entry of their own unless that test skips one (then {@link #RUN_ELSEWHERE} names who runs it).
   */
  static final Map<String, String> READ_FROM_DOC = Map.of(
      "README.md § Pointing kubectl at the sandbox", "SandboxPlaygroundTest (block(section, ...), every line but the watch)",
      "docs/operations.md § Rotating a kubeconfig Secret", "KubeconfigRotationOnRealClustersTest (rotationScript(), as a script)");

  /** Commands some other test runs, and which. */
  static final Map<String, String> RUN_ELSEWHERE = Map.ofEntries(
      Map.entry("kubectl cutover plan -f examples/payments-api-migration.yaml", "KubectlCutoverPluginTest"),
      Map.entry("kubectl cutover status payments-api -n cutover-system", "KubectlCutoverPluginTest"),
      Map.entry("kubectl cutover approve payments-api -n cutover-system", "KubectlCutoverPluginTest"),
      Map.entry("kubectl cutover rollback payments-api -n cutover-system", "KubectlCutoverPluginTest (on orders-api)"),
      Map.entry("kubectl delete sam --all -A --wait",
          "HelmLifecycleOnRealClustersTest (the uninstall order: it deletes its migration through the client and waits, not with kubectl)"),
      Map.entry("helm uninstall cutover --namespace cutover-system", "HelmLifecycleOnRealClustersTest (helm-java's uninstall, same release and namespace)"),
      // README, quick start and benchmark
      Map.entry("mvn -B -q package -DskipTests && java -jar target/cutover.jar sandbox",
          "SandboxDemoTest (the sandbox command with a --kubeconfig-dir of its own and --timeout; the jar is mvn -B verify's)"),
      Map.entry("mvn -B verify", ".ci/run (its last command; theReadmesTestCommandIsTheOneCiRuns checks it)"),
      Map.entry("mvn -B -q package -DskipTests", ".ci/run (mvn -B verify runs the package phase; OperatorJarIT runs its target/cutover.jar)"),
      Map.entry("java -jar target/cutover.jar bench --migrations 100 --window 5s --report target/bench-100.json",
          "BenchSmokeTest (the same Bench, in the build with a few migrations and a 1 s window: 100 take minutes)"),
      // README, "Pointing kubectl at the sandbox": the playground
      Map.entry("java -jar target/cutover.jar sandbox --keep-running --kubeconfig-dir ./kubeconfigs",
          "SandboxPlaygroundTest (parses --keep-running --kubeconfig-dir DIR into the sandbox command and runs it)"),
      Map.entry("kubectl --kubeconfig kubeconfigs/control.kubeconfig get sam cart -n cutover-system -w",
          "KubectlSandboxTest (kubectl get sam -n cutover-system -w, ended by --request-timeout)"),
      Map.entry("kubectl --kubeconfig kubeconfigs/control.kubeconfig get sam -n cutover-system -w",
          "KubectlSandboxTest (kubectl get sam -n cutover-system -w, ended by --request-timeout)"),
      // README, "Real clusters"
      Map.entry("java -jar target/cutover.jar clusters --real --keep-running --kubeconfig-dir ./real",
          "ClustersCommandTest (clusters --real --kubeconfig-dir DIR: without --keep-running, which waits for Ctrl-C)"),
      Map.entry("kubectl --as alice apply -f examples/payments-api-migration.yaml",
          "PolicyOnRealClustersTest and KubectlOnRealClustersTest (kubectl --as alice apply -f of a migration, on the real control plane)"),
      Map.entry("kubectl get sam -n cutover-system -w",
          "KubectlSandboxTest (kubectl get sam -n cutover-system -w, ended by --request-timeout)"));

  /** Commands that need a real cluster (pods that run, Helm releases, the OpenAPI document): the sandbox cannot. */
  static final Map<String, String> REAL_CLUSTER_ONLY = Map.of(
      "kubectl -n cutover-system rollout status deployment/cutover", "the sandbox runs no pods",
      "kubectl explain sam.spec", "a bare sandbox cluster does not serve a CRD applied to it (discovery is fixed); CrdManifestTest checks the schema's descriptions",
      "helm upgrade cutover helm/cutover --namespace cutover-system --reuse-values", "helm needs a release; HelmChartTest lints and renders",
      "export KUBECONFIG=$PWD/real/control.kubeconfig", "a shell variable for the kubectl lines after it; here each names its kubeconfig");

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
      List<String> ranHere = new ArrayList<>();
      for (var entry : commands.entrySet()) {
        String command = entry.getKey();
        if (RUN_ELSEWHERE.containsKey(command) || REAL_CLUSTER_ONLY.containsKey(command)
            || READ_FROM_DOC.containsKey(entry.getValue())
            || command.startsWith("helm install ")) { // theHelmInstallInTheDocsRendersTheKubeconfigSecretsRole
          continue;
        }
        String[] args = runHere(command, work);
        assertThat(args).as("%s (%s) is run by no test: run it here or name the test that does", command, entry.getValue()).isNotNull();
        // The migrator's commands go to the remote cluster (deploy/remote, the namespace it is put in scope in, and
        // the permissions to mirror granted there; kubectl create clusterrole/rolebinding send protobuf bodies), and
        // so do the README's commands for a source or target kubeconfig.
        boolean remoteCommand = command.contains("deploy/remote") || command.equals("kubectl create namespace payments")
            || command.contains("cutover-mirror-payments") || REMOTE_KUBECONFIG.matcher(command).find();
        var result = kubectl.run(remoteCommand ? remoteConfig : controlConfig, args);
        ranHere.add(command);
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
        if (command.endsWith("apply -f examples/payments-api-migration.yaml")) {
          assertThat(result.out()).contains("serviceaccountmigration.cutover.io/payments-api created");
        }
        if (command.equals("kubectl --kubeconfig real/target.kubeconfig get sa -n payments")) {
          assertThat(result.out()).contains("payments-api"); // created on the same sandbox by the line before
        }
      }
      // Those of README.md and the list items' indented blocks, not only docs/'s top-level ```sh blocks.
      assertThat(ranHere).contains("kubectl --kubeconfig kubeconfigs/control.kubeconfig apply -f examples/payments-api-migration.yaml",
          "kubectl apply -f examples/migration-policy.yaml", "kubectl get --raw /.well-known/openid-configuration",
          "kubectl apply -k deploy/remote/issuer-trust/namespace -n NAMESPACE");
    }
  }

  @Test
  void commandsAreShBlocksAndPlainBlocksOfCommandLinesOnly() {
    Map<String, String> found = commands("x.md", List.of("# Top", "## Install", "```", "kubectl apply -k deploy",
        "helm install a b \\", "  --set x=1", "```", "```", "Pending → Planning", "```", "   ```sh", "   TOKEN=$(x)", "   ```",
        "```yaml", "# not a heading", "kind: X", "```", "```text", "java -jar target/cutover.jar bench --migrations N", "```"));
    assertThat(found).containsExactly(Map.entry("kubectl apply -k deploy", "x.md § Install"),
        Map.entry("helm install a b --set x=1", "x.md § Install"), Map.entry("TOKEN=$(x)", "x.md § Install"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> commands("y.md", List.of("## S", "```", "kubectl get sa", "NAME AGE", "```")))
        .hasMessageContaining("y.md § S").hasMessageContaining("mark it ```sh");
  }

  @Test
  void theReadmesTestCommandIsTheOneCiRuns() throws Exception {
    assertThat(RUN_ELSEWHERE.get("mvn -B verify")).startsWith(".ci/run");
    assertThat(Files.readAllLines(Path.of(".ci/run"))).as(".ci/run runs the README's test command").contains("mvn -B verify");
    assertThat(commands()).containsKey("mvn -B verify");
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

  @Test
  void theShardedHelmInstallsInTheDocsRenderTwoShardsWithTheirOwnLeases() throws Exception {
    String section = "docs/operations.md § Sharding: several operators on one control cluster";
    List<String> installs = commands().entrySet().stream().filter(e -> e.getValue().equals(section))
        .map(Map.Entry::getKey).filter(c -> c.startsWith("helm install ")).toList();
    assertThat(installs).hasSize(2);
    List<String> leases = new ArrayList<>();
    for (String install : installs) {
      String release = install.split("\\s+")[2];
      var helm = new com.marcnuri.helm.Helm(Chart.DIR).template().withName(release).withNamespace("cutover-system")
          .withKubeVersion(Chart.KUBE_VERSION);
      Map<String, String> values = new LinkedHashMap<>();
      for (String set : install.split("--set ")) {
        if (set.contains("=") && !set.startsWith("helm ")) {
          String kv = set.trim().replace("'", "");
          values.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
      }
      values.forEach(helm::set);
      Rendered r = Rendered.parse(helm.call());
      List<String> args = Rendered.strings(Rendered.list(Rendered.map(r.get("Deployment", release), "spec", "template",
          "spec"), "containers").get(0), "args");
      assertThat(args).containsSubsequence("--selector", values.get("shard.selector"), "--shard", values.get("shard.name"));
      String lease = "cutover-operator-" + values.get("shard.name");
      assertThat(Rendered.list(r.get("Role", release + "-leader-election"), "rules"))
          .anySatisfy(rule -> assertThat(Rendered.strings(rule, "resourceNames")).containsExactly(lease));
      leases.add(lease);
    }
    assertThat(leases).doesNotHaveDuplicates();
  }

  /** kubectl arguments for a command this test runs itself; null if it runs no such command. */
  static String[] runHere(String command, Path work) {
    List<String> words = new ArrayList<>(Arrays.asList(command.split("\\s+")));
    if (!words.get(0).equals("kubectl")) {
      return null;
    }
    words.remove(0);
    if (words.get(0).equals("--kubeconfig") && KUBECONFIG.matcher(words.get(1)).matches()) {
      words.subList(0, 2).clear(); // the README's sandbox or real kubeconfigs: the caller picks control or remote
    }
    words.replaceAll(w -> w.equals("NAMESPACE") ? "payments" : w); // "-n NAMESPACE": the one the migrator is in scope in
    if (words.get(0).equals("apply")) {
      words.add(1, "--validate=false"); // the sandbox serves no OpenAPI document
    }
    if (command.startsWith("kubectl create secret generic")) {
      words.replaceAll(w -> w.replace("./eu-old.kubeconfig", work.resolve("eu-old.kubeconfig").toString()));
      words.add("--dry-run=client");  // cutover-system does not exist on this bare cluster; the command's form is what counts
    }
    return words.toArray(String[]::new);
  }

  /** The README's kubeconfigs, as the sandbox and {@code clusters --real} write them. */
  static final java.util.regex.Pattern KUBECONFIG = java.util.regex.Pattern.compile("(kubeconfigs|real)/(control|source|target)\\.kubeconfig");
  static final java.util.regex.Pattern REMOTE_KUBECONFIG = java.util.regex.Pattern.compile("--kubeconfig (kubeconfigs|real)/(source|target)\\.kubeconfig");

  /**
   * Every command of the guides (see the class comment for what a command is), with where it is:
   * {@code "docs/operations.md § Permissions to mirror"}.
   */
  static Map<String, String> commands() throws Exception {
    Map<String, String> commands = new LinkedHashMap<>();
    for (Path doc : docs()) {
      commands.putAll(commands(doc.toString().replace('\\', '/'), Files.readAllLines(doc)));
    }
    return commands;
  }

  static Map<String, String> commands(String doc, List<String> lines) {
    Map<String, String> commands = new LinkedHashMap<>();
    String section = "";
    String info = null; // the open block's info string; null outside a block
    List<String> block = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (info == null && raw.startsWith("#")) {
        section = raw.replaceFirst("^#+\\s*", "");
        continue;
      }
      if (!line.startsWith("```")) {
        if (info != null && !line.isEmpty()) {
          block.add(line);
        }
        continue;
      }
      if (info == null) {
        info = line.substring(3).strip();
        block.clear();
        continue;
      }
      List<String> logical = new ArrayList<>(); // continuation lines joined
      StringBuilder current = new StringBuilder();
      for (String l : block) {
        current.append(l);
        if (l.endsWith("\\")) {
          current.setLength(current.length() - 1);
          current.append(' ');
          continue;
        }
        logical.add(current.toString().replaceAll("\\s+", " ").strip());
        current.setLength(0);
      }
      long commandLines = logical.stream().filter(DocsTest::startsWithACommandWord).count();
      boolean shell = info.equals("sh") || info.isEmpty() && !logical.isEmpty() && commandLines == logical.size();
      assertThat(info.isEmpty() && commandLines > 0 && !shell)
          .as("%s § %s: a plain block with some command lines %s: mark it ```sh (or ```text)", doc, section, logical).isFalse();
      if (shell) {
        for (String c : logical) {
          commands.put(c, doc + " § " + section);
        }
      }
      info = null;
    }
    return commands;
  }

  static boolean startsWithACommandWord(String line) {
    String first = line.split("\\s+")[0];
    return COMMAND_WORDS.contains(first) || first.matches("[A-Za-z_][A-Za-z0-9_]*=.*");
  }
}
