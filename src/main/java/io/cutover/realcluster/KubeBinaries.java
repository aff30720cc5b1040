package io.cutover.realcluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the control-plane binaries are, and their versions: the directory {@code tools/kube/build.sh} prints (it
 * builds them into its cache the first time, and reuses prebuilt ones named by {@code CUTOVER_KUBE_BIN} or kept in
 * kube-api-test's {@code ~/.kubeapitest} layout). Never silently absent: a failure says how to get the binaries.
 */
public record KubeBinaries(Path dir, Map<String, String> versions) {
  public static final List<String> NAMES = List.of("kube-apiserver", "kube-controller-manager", "kubectl", "etcd");
  private static volatile KubeBinaries found;

  public Path path(String name) {
    return dir.resolve(name);
  }

  public String version(String name) {
    return versions.getOrDefault(name, "unknown");
  }

  /** The binaries if this JVM has located them already ({@link #locate}); never builds or looks for them. */
  public static Optional<KubeBinaries> located() {
    return Optional.ofNullable(found);
  }

  /** The binaries, found or built once per JVM through {@code build.sh} under {@code repository}. */
  public static synchronized KubeBinaries locate(Path repository) {
    if (found != null) {
      return found;
    }
    Path script = repository.resolve("tools/kube/build.sh").toAbsolutePath();
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException("tools/kube/build.sh not found under " + repository.toAbsolutePath()
          + "; run from a checkout of Cutover, or set CUTOVER_KUBE_BIN and start from the checkout's root");
    }
    try {
      Process build = new ProcessBuilder("bash", script.toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      int code = build.waitFor();
      String[] lines = out.split("\n");
      if (code != 0 || lines.length == 0 || lines[lines.length - 1].isBlank()) {
        throw new IllegalStateException("tools/kube/build.sh failed (exit " + code + "): the real control-plane "
            + "binaries are missing. Install Go >= 1.24 with access to the Go module proxy, or set CUTOVER_KUBE_BIN "
            + "to a directory holding " + String.join(", ", NAMES) + " (see README, 'Real clusters')");
      }
      Path dir = Path.of(lines[lines.length - 1]);
      Map<String, String> versions = new LinkedHashMap<>();
      for (String line : Files.readAllLines(dir.resolve("versions"))) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          versions.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      for (String name : NAMES) {
        if (!Files.isExecutable(dir.resolve(name))) {
          throw new IllegalStateException(name + " is missing from " + dir + " after tools/kube/build.sh");
        }
      }
      found = new KubeBinaries(dir, Map.copyOf(versions));
      return found;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run tools/kube/build.sh: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the control-plane binaries", e);
    }
  }
}
