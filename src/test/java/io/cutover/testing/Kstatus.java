package io.cutover.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The kstatus rules of sigs.k8s.io/cli-utils (what Flux and the {@code kstatus} library compute from an object's
 * conditions and observedGeneration): the small Go command under tools/kstatus, which {@code tools/kstatus/build.sh}
 * builds once into the real clusters' cache (mvn runs it before the tests; this class runs it again to learn the path,
 * which costs nothing once built).
 */
public final class Kstatus {
  private static final int TIMEOUT_SECONDS = 60;
  private static volatile Path binary;

  /** What kstatus says of one object: InProgress, Failed, Current, Terminating, NotFound or Unknown, and why. */
  public record Result(String status, String message) {}

  private Kstatus() {}

  /** Computes the kstatus result of the object whose JSON is {@code json}. */
  public static Result compute(String json) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(binary().toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (var in = p.getOutputStream()) {
      in.write(json.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new AssertionError("tools/kstatus failed on " + json);
    }
    String[] lines = out.split("\n", -1);
    return new Result(lines[0].trim(), lines.length > 1 ? lines[1].trim() : "");
  }

  static synchronized Path binary() throws IOException, InterruptedException {
    if (binary != null) {
      return binary;
    }
    Process build = new ProcessBuilder("bash", Path.of("tools/kstatus/build.sh").toAbsolutePath().toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    String[] lines = out.split("\n");
    Path built = Path.of(lines[lines.length - 1]);
    if (build.waitFor() != 0 || !Files.isExecutable(built)) {
      throw new AssertionError("tools/kstatus/build.sh did not build kstatus (needs Go >= 1.24 and the module proxy)");
    }
    binary = built;
    return built;
  }
}
