package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.real.RealClusterTest;
import io.cutover.realcluster.KubeBinaries;
import io.cutover.testing.Kubectl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code cutover clusters --real} without {@code --keep-running}: its own three real clusters (under {@value #DIR},
 * kept for their logs), Cutover deployed with kubectl and no Helm, the operator ready, everything stopped at the end.
 */
@RealClusterTest
class ClustersCommandTest {
  static final String DIR = "target/clusters-command";
  private static final List<String> CLUSTERS = List.of("control", "source", "target");

  @Test
  void startsRealClustersDeploysCutoverWithKubectlRunsTheOperatorAndStops() throws Exception {
    Path dir = Path.of(DIR).toAbsolutePath();
    Map<String, Kubectl.Result> namespaces = new LinkedHashMap<>();
    List<Kubectl.Result> canReadKubeconfigs = new ArrayList<>();
    List<Kubectl.Result> migratorMay = new ArrayList<>();
    List<Object> operatorAtReady = new ArrayList<>();
    ClustersCommand command = new ClustersCommand();
    command.onReady = running -> {
      try {
        Kubectl kubectl = new Kubectl(Files.createDirectories(dir.resolve("test-kubectl")),
            KubeBinaries.located().orElseThrow().path("kubectl"));
        for (String name : CLUSTERS) {
          namespaces.put(name, kubectl.run(dir.resolve(name + ".kubeconfig"), "get", "ns", "-o", "name"));
        }
        for (String secret : List.of("source-kubeconfig", "target-kubeconfig")) {
          canReadKubeconfigs.add(kubectl.run(dir.resolve("control.kubeconfig"), "auth", "can-i", "get",
              "secret/" + secret, "-n", "cutover-system", "--as", "system:serviceaccount:cutover-system:cutover"));
        }
        for (String ns : List.of("payments", "default")) { // in the migrator's scope by default, and not
          migratorMay.add(kubectl.run(dir.resolve("target.kubeconfig"), "auth", "can-i", "create", "serviceaccounts",
              "-n", ns, "--as", "system:serviceaccount:cutover-system:cutover-migrator"));
        }
        operatorAtReady.add(running.operator.alive());
        operatorAtReady.add(Files.readString(running.operator.log()));
        operatorAtReady.add(running.operator);
      } catch (Exception e) {
        operatorAtReady.add(e);
      }
    };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

    int exit = cli.execute("--real", "--kubeconfig-dir", DIR);
    System.out.print(out);
    System.err.print(err);

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    for (String name : CLUSTERS) {
      assertThat(dir.resolve(name + ".kubeconfig")).isRegularFile();
      assertThat(namespaces.get(name).exitCode()).as("kubectl get ns on %s: %s", name, namespaces.get(name).err())
          .isZero();
      assertThat(namespaces.get(name).out()).contains("namespace/default", "namespace/cutover-system");
    }
    assertThat(canReadKubeconfigs).extracting(r -> r.out().trim()).containsExactly("yes", "yes");
    assertThat(namespaces.get("source").out()).contains("namespace/payments");
    assertThat(namespaces.get("target").out()).contains("namespace/payments");
    assertThat(migratorMay).as("the migrator creates ServiceAccounts in payments only")
        .extracting(r -> r.out().trim()).containsExactly("yes", "no");
    assertThat(operatorAtReady).as("the operator at ready").hasSize(3);
    assertThat(operatorAtReady.get(0)).isEqualTo(true);
    assertThat((String) operatorAtReady.get(1)).contains("Metrics at ");
    assertThat(((io.cutover.realcluster.OperatorDeployment) operatorAtReady.get(2)).alive())
        .as("the operator is stopped when the command returns").isFalse();
    assertThat(out.toString())
        .contains("export KUBECONFIG=" + dir.resolve("control.kubeconfig"))
        .containsPattern("control +https://127\\.0\\.0\\.1:\\d+")
        .containsPattern("source +https://127\\.0\\.0\\.1:\\d+")
        .containsPattern("target +https://127\\.0\\.0\\.1:\\d+")
        .contains("log: " + dir.resolve("operator/operator.log"))
        .containsPattern("kube-apiserver v\\d+\\.\\d+\\.\\d+, kube-controller-manager v\\d+\\.\\d+\\.\\d+, etcd v\\d+")
        .contains("Stopped the operator and the clusters");
    String printed = out + "\n" + err;
    for (String token : tokens(dir)) {
      assertThat(printed).as("no token is printed").doesNotContain(token);
    }
    assertThat(printed).doesNotContainPattern("eyJ[A-Za-z0-9_-]{8,}\\.eyJ");
  }

  /** Every bearer token in the kubeconfigs the command wrote (admins' and the operator's). */
  private static List<String> tokens(Path dir) throws Exception {
    List<String> tokens = new ArrayList<>();
    Pattern token = Pattern.compile("token: (\\S+)");
    for (Path file : List.of(dir.resolve("control.kubeconfig"), dir.resolve("source.kubeconfig"),
        dir.resolve("target.kubeconfig"), dir.resolve("operator/operator.kubeconfig"))) {
      Matcher m = token.matcher(Files.readString(file));
      while (m.find()) {
        tokens.add(m.group(1));
      }
    }
    assertThat(tokens).hasSize(4);
    return tokens;
  }
}
