package io.cutover.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The files under deploy/ and the chart's shared files. */
final class Deploy {
  static final Path DIR = Path.of("deploy");

  private Deploy() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(String path) {
    try {
      return Rendered.YAML.readValue(Path.of(path).toFile(), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String path) {
    try {
      return java.nio.file.Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The migrator's cluster-wide rules (its ClusterRole). */
  static List<Map<String, Object>> migratorClusterRules() {
    return rules("files/migrator-cluster-rules.yaml");
  }

  /** The migrator's rules in each namespace in scope (its Role there). */
  static List<Map<String, Object>> migratorNamespaceRules() {
    return rules("files/migrator-namespace-rules.yaml");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rules(String file) {
    try {
      return Rendered.YAML.readValue(Chart.DIR.resolve(file).toFile(), List.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
