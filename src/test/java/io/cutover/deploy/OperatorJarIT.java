package io.cutover.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.config.CrdManifest;
import io.cutover.sandbox.SandboxCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The artifacts as {@code mvn package} leaves them (failsafe runs this in {@code verify}, after the shade plugin):
 * the image's {@code target/cutover-operator.jar} holds none of the sandbox, the benchmark, the real-cluster harness,
 * the dev-only commands or the mock server's libraries, and still starts — its help, its CRD, and the operator itself
 * against an API server, through fabric8's JDK HTTP client. The developer jar keeps everything.
 */
class OperatorJarIT {
  static final Path OPERATOR_JAR = Path.of("target", "cutover-operator.jar");
  static final Path DEVELOPER_JAR = Path.of("target", "cutover.jar");
  /** Entry prefixes the operator jar must not hold. */
  static final List<String> FORBIDDEN = List.of("io/cutover/sandbox/", "io/cutover/bench/", "io/cutover/realcluster/",
      "io/cutover/cli/Main.class", "io/cutover/cli/Main$", "io/cutover/cli/SandboxCommand",
      "io/cutover/cli/BenchCommand", "io/cutover/cli/ClustersCommand", "io/fabric8/mockwebserver/",
      "io/fabric8/kubernetes/client/server/mock/", "okhttp3/mockwebserver/", "io/vertx/", "io/netty/",
      "org/bouncycastle/", "com/google/protobuf/");
  /** A command in picocli's usage: two spaces, its name, two spaces, its description. */
  static final Pattern COMMAND_LINE = Pattern.compile("^  ([a-z]+)  .*");
  static final Pattern READY_LINE = Pattern.compile("Metrics at (http://\\S+)/metrics");

  @TempDir
  Path dir;

  @Test
  void theOperatorJarHoldsNoSandboxBenchRealClusterOrMockServerClass() throws IOException {
    List<String> entries = entries(OPERATOR_JAR);
    assertThat(entries).filteredOn(e -> FORBIDDEN.stream().anyMatch(e::startsWith)).isEmpty();
    assertThat(entries).contains("io/cutover/cli/OperatorMain.class", "io/cutover/reconciler/MigrationReconciler.class",
        "io/fabric8/kubernetes/client/jdkhttp/JdkHttpClientFactory.class", CrdManifest.GENERATED_RESOURCE.substring(1));
    try (JarFile jar = new JarFile(OPERATOR_JAR.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.cutover.cli.OperatorMain");
    }
  }

  @Test
  void theDeveloperJarStillHoldsTheSandboxAndEveryCommand() throws IOException {
    assertThat(entries(DEVELOPER_JAR)).contains("io/cutover/sandbox/Sandbox.class", "io/cutover/bench/Bench.class",
        "io/cutover/realcluster/RealCluster.class", "io/fabric8/mockwebserver/DefaultMockServer.class");
    try (JarFile jar = new JarFile(DEVELOPER_JAR.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.cutover.cli.Main");
    }
  }

  @Test
  void theOperatorJarListsOnlyTheOperatorsCommandsAndPrintsTheCommittedCrd() throws Exception {
    Run help = run(List.of("--help"));
    assertThat(help.exit).isZero();
    List<String> commands = help.output.lines().dropWhile(l -> !l.equals("Commands:")).skip(1)
        .map(COMMAND_LINE::matcher).filter(Matcher::matches).map(m -> m.group(1)).toList();
    assertThat(commands).containsExactly("operator", "crd", "plan", "status", "approve", "rollback");

    Run crd = run(List.of("crd"));
    assertThat(crd.exit).isZero();
    assertThat(crd.output).isEqualTo(Files.readString(Path.of(CrdManifest.COMMITTED_PATH)));
  }

  @Test
  void theOperatorJarsOperatorStartsAndIsReadyAgainstAnApiServer() throws Exception {
    try (SandboxCluster control = SandboxCluster.start("control")) {
      control.client().apiextensions().v1().customResourceDefinitions().resource(CrdManifest.load()).create();
      Path kubeconfig = Files.writeString(dir.resolve("control.kubeconfig"), control.kubeconfig("control"));
      ProcessBuilder builder = new ProcessBuilder(java(), "-jar", OPERATOR_JAR.toString(), "operator",
          "--metrics-port", "0").redirectErrorStream(true);
      builder.environment().keySet().removeIf(k -> k.startsWith("KUBERNETES_") || k.endsWith("JAVA_OPTIONS")
          || k.equals("JAVA_TOOL_OPTIONS"));
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
      Process operator = builder.start();
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      CompletableFuture<String> metrics = new CompletableFuture<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(operator.getInputStream(),
            StandardCharsets.UTF_8))) {
          for (String line; (line = out.readLine()) != null; ) {
            lines.add(line);
            Matcher m = READY_LINE.matcher(line);
            if (m.find()) {
              metrics.complete(m.group(1));
            }
          }
        } catch (IOException e) {
          metrics.completeExceptionally(e);
        }
        metrics.completeExceptionally(new IllegalStateException("the operator exited: " + lines));
      }, "operator-jar-output");
      reader.setDaemon(true);
      reader.start();
      try {
        String base = metrics.get(120, TimeUnit.SECONDS);
        HttpResponse<String> ready = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(base + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as("readyz; output: %s", lines).isEqualTo(200);
        assertThat(operator.isAlive()).isTrue();
      } finally {
        operator.destroy();
        if (!operator.waitFor(20, TimeUnit.SECONDS)) {
          operator.destroyForcibly();
        }
      }
      assertThat(String.join("\n", lines)).doesNotContain("ClassNotFoundException", "NoClassDefFoundError");
    }
  }

  record Run(int exit, String output) {}

  static Run run(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", OPERATOR_JAR.toString()));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  static List<String> entries(Path jar) throws IOException {
    assertThat(jar).as("built by mvn package").isRegularFile();
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(JarEntry::getName).toList();
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
