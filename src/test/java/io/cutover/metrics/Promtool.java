package io.cutover.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real promtool (Debian's prometheus package; .ci/run installs it). A missing promtool fails the test
 * with that message: these checks are never skipped.
 */
public final class Promtool {
  /** What promtool said: its exit code and its combined output. */
  public record Result(int exitCode, String output) {}

  private Promtool() {}

  public static Result run(Path workingDir, String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add("promtool");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (workingDir != null) {
      pb.directory(workingDir.toFile());
    }
    try {
      Process p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("promtool " + args[0] + " did not finish in 60 s");
      }
      return new Result(p.exitValue(), output);
    } catch (IOException e) {
      throw new AssertionError("promtool is not installed (apt-get install -y prometheus; .ci/run does): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
