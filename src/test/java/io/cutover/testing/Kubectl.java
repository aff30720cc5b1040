package io.cutover.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The real kubectl binary, run as a user would, with its output kept in a work folder. */
public final class Kubectl {
  public static final Path BINARY = Path.of("/usr/bin/kubectl");
  private static final int TIMEOUT_SECONDS = 60;

  private final Path workDir;
  private final Path binary;
  private final AtomicInteger runs = new AtomicInteger();

  public record Result(int exitCode, String out, String err) {}

  public Kubectl(Path workDir) {
    this(workDir, BINARY);
  }

  /** kubectl at {@code binary} (the real clusters' own, built with them by tools/kube). */
  public Kubectl(Path workDir, Path binary) {
    assertThat(binary).as("kubectl is installed (.ci/run installs it)").isExecutable();
    this.workDir = workDir;
    this.binary = binary;
  }

  public Result run(Path kubeconfig, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", workDir.resolve("kubectl-cache").toString(), "--request-timeout", "20s"));
    command.addAll(Arrays.asList(args));
    int run = runs.incrementAndGet();
    Path out = workDir.resolve("kubectl-" + run + ".out");
    Path err = workDir.resolve("kubectl-" + run + ".err");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish within " + TIMEOUT_SECONDS + "s");
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Runs kubectl and asserts it succeeded. */
  public Result ok(Path kubeconfig, String... args) throws IOException, InterruptedException {
    Result result = run(kubeconfig, args);
    assertThat(result.exitCode()).as("kubectl %s: %s", String.join(" ", args), result.err()).isZero();
    return result;
  }
}
