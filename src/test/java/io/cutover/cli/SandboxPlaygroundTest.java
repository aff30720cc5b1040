package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.testing.Kubectl;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 20's "done when": {@code sandbox --keep-running}, then the README's "Pointing kubectl at the sandbox"
 * commands, run with the real kubectl exactly as written there (names of the test's own choosing in place of
 * {@code shop} and {@code cart}, no flag the README does not show), move an identity of a namespace other than the
 * demo's to the target, under the playground policy and the migrator's shipped RBAC.
 */
class SandboxPlaygroundTest {
  static final Path README = Path.of("README.md");

  @Test
  void theReadmesCommandsMigrateAnIdentityOfTheUsersOwnChoosingOnTheKeptRunningSandbox(@TempDir Path dir)
      throws Exception {
    String section = section(Files.readString(README), "## Pointing kubectl at the sandbox");
    List<String> commands = block(section, "```sh\n", "kubectl --kubeconfig kubeconfigs/source.kubeconfig create namespace");
    String migrationYaml = block(section, "```yaml\n", "kind: ServiceAccountMigration").stream()
        .reduce("", (a, b) -> a + b + "\n");
    assertThat(migrationYaml).contains("policy: sandbox", "requester: {username: sandbox-admin}");

    Path kubeconfigs = Files.createDirectories(dir.resolve("kubeconfigs"));
    Files.writeString(dir.resolve("my-migration.yaml"), ours(migrationYaml));

    SandboxCommand command = new SandboxCommand();
    new CommandLine(command).parseArgs("--keep-running", "--kubeconfig-dir", kubeconfigs.toString(),
        "--metrics-port", "0");
    command.stop = new CountDownLatch(1);
    command.running = new CountDownLatch(1);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
    CompletableFuture<Integer> sandbox = CompletableFuture.supplyAsync(() -> {
      try {
        return command.call();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      assertThat(command.running.await(120, TimeUnit.SECONDS)).as("the sandbox is up").isTrue();
      assertThat(captured.toString(StandardCharsets.UTF_8)).as("says so at start")
          .contains("Playground policy sandbox: any namespace of source and target; production installs deny by default");

      Kubectl kubectl = new Kubectl(dir);
      List<String> ran = new ArrayList<>();
      for (String line : commands) {
        if (line.endsWith(" -w")) {
          continue; // the README's watch; the test reads the phase below
        }
        String[] words = ours(line).split(" ");
        assertThat(words[0]).isEqualTo("kubectl");
        assertThat(words[1]).isEqualTo("--kubeconfig");
        String[] args = java.util.Arrays.copyOfRange(words, 3, words.length);
        if (args[args.length - 1].equals("my-migration.yaml")) {
          args[args.length - 1] = dir.resolve("my-migration.yaml").toString();
        }
        Kubectl.Result r = kubectl.run(dir.resolve(words[2]), args);
        assertThat(r.exitCode()).as("%s%nout: %s%nerr: %s", line, r.out(), r.err()).isZero();
        ran.add(String.join(" ", args));
      }
      assertThat(ran).as("the README's commands were found and run").hasSize(6)
          .anyMatch(c -> c.startsWith("create rolebinding gnome-reader --role=gnome-reader --serviceaccount=garden:gnome"));

      Path control = kubeconfigs.resolve("control.kubeconfig");
      await("the migration completes").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
          .until(() -> kubectl.run(control, "get", "sam", "gnome", "-n", "cutover-system", "-o",
              "jsonpath={.status.phase}").out(), p -> p.equals("Completed") || p.equals("Failed"));
      Kubectl.Result ready = kubectl.run(control, "get", "sam", "gnome", "-n", "cutover-system", "-o",
          "jsonpath={.status.phase} {.status.conditions[?(@.type==\"Ready\")].reason}: "
              + "{.status.conditions[?(@.type==\"Ready\")].message}");
      assertThat(ready.out()).startsWith("Completed Completed");
      assertThat(kubectl.run(kubeconfigs.resolve("target.kubeconfig"), "get", "serviceaccount", "gnome", "-n",
          "garden", "-o", "name").out().trim()).isEqualTo("serviceaccount/gnome");
      Kubectl.Result gone = kubectl.run(kubeconfigs.resolve("source.kubeconfig"), "get", "serviceaccount", "gnome",
          "-n", "garden");
      assertThat(gone.err()).contains("NotFound");

      // The README's kubectl create secret generic NAME --from-file=kubeconfig=FILE stores it as a cluster does.
      Kubectl.Result secret = kubectl.run(control, "create", "secret", "generic", "garden-kubeconfig", "-n",
          "cutover-system", "--from-file=kubeconfig=" + kubeconfigs.resolve("target.kubeconfig"));
      assertThat(secret.exitCode()).as(secret.err()).isZero();
      assertThat(secret.out().trim()).isEqualTo("secret/garden-kubeconfig created");
      assertThat(kubectl.run(control, "get", "secret", "garden-kubeconfig", "-n", "cutover-system", "-o",
          "jsonpath={.type} {.data.kubeconfig}").out()).startsWith("Opaque ").hasSizeGreaterThan(100);
    } finally {
      command.stop.countDown();
      System.setOut(original);
    }
    assertThat(sandbox.get(60, TimeUnit.SECONDS)).isZero();
  }

  /** The test's own names in place of the README's. */
  private static String ours(String text) {
    return text.replace("shop", "garden").replace("cart", "gnome");
  }

  private static String section(String readme, String heading) {
    int start = readme.indexOf(heading);
    assertThat(start).as(heading).isNotNegative();
    int end = readme.indexOf("\n## ", start + heading.length());
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  /** The lines of the first code block opened by {@code fence} whose text contains {@code containing}. */
  private static List<String> block(String section, String fence, String containing) {
    int at = 0;
    while ((at = section.indexOf(fence, at)) >= 0) {
      int end = section.indexOf("```", at + fence.length());
      String body = section.substring(at + fence.length(), end);
      if (body.contains(containing)) {
        return body.lines().toList();
      }
      at = end + 3;
    }
    throw new AssertionError("no " + fence.trim() + " block with " + containing);
  }

  /** Writes to both streams: the test's output keeps the sandbox's, and the test reads it. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }
}
