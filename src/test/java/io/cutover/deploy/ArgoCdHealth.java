package io.cutover.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs deploy/argocd/health.lua on an object with Debian's lua5.4, as Argo CD runs it (global obj, returned table). */
public final class ArgoCdHealth {
  public static final Path LUA = Path.of("/usr/bin/lua5.4");
  public static final Path SCRIPT = Path.of("deploy/argocd/health.lua");
  static final Path RUNNER = Path.of("src/test/resources/argocd/run-health.lua");
  private static final AtomicInteger RUNS = new AtomicInteger();

  public record Health(String status, String message) {}

  private ArgoCdHealth() {}

  /** The health of {@code object} (a Kubernetes object as JSON-like maps and lists). */
  public static Health of(Path workDir, Map<String, Object> object) throws IOException, InterruptedException {
    return of(workDir, object, "UTC");
  }

  /** The health of {@code object} with the Lua process in time zone {@code tz} (Argo CD's pod may not run in UTC). */
  public static Health of(Path workDir, Map<String, Object> object, String tz) throws IOException, InterruptedException {
    assertThat(LUA).as("lua5.4 is installed (.ci/run installs it)").isExecutable();
    Path input = workDir.resolve("object-" + RUNS.incrementAndGet() + ".lua");
    Files.writeString(input, "return " + lua(object) + "\n", StandardCharsets.UTF_8);
    ProcessBuilder pb = new ProcessBuilder(LUA.toString(), RUNNER.toString(), SCRIPT.toString(), input.toString())
        .redirectErrorStream(true);
    pb.environment().put("TZ", tz);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("lua5.4: %s", out).isZero();
    String[] lines = out.split("\n", -1);
    return new Health(lines[0], lines.length > 1 ? lines[1] : "");
  }

  /** A Lua table constructor for a JSON-like value. */
  static String lua(Object value) {
    if (value == null) {
      return "nil";
    }
    if (value instanceof Map<?, ?> m) {
      StringBuilder b = new StringBuilder("{");
      m.forEach((k, v) -> b.append('[').append(lua(String.valueOf(k))).append("]=").append(lua(v)).append(','));
      return b.append('}').toString();
    }
    if (value instanceof List<?> l) {
      StringBuilder b = new StringBuilder("{");
      l.forEach(v -> b.append(lua(v)).append(','));
      return b.append('}').toString();
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    StringBuilder b = new StringBuilder("\"");
    for (char c : value.toString().toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\%03d", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
