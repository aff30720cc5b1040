package io.cutover.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart in helm/cutover, rendered and linted by real Helm (helm-java). To lint with other values the chart is
 * copied (symlinks resolved, as {@code helm package} does) with a values.yaml that is the defaults merged with them.
 */
final class Chart {
  static final Path DIR = Path.of("helm/cutover");
  static final String RELEASE = "cutover";
  static final String NAMESPACE = "cutover-system";
  static final String KUBE_VERSION = "1.30.0";

  private Chart() {}

  /** A copy of the chart whose values.yaml is the defaults deep-merged with {@code overrides}. */
  static Path withValues(Path workDir, String name, Map<String, Object> overrides) {
    try {
      Path copy = workDir.resolve(name).resolve("cutover");
      try (Stream<Path> files = Files.walk(DIR, FileVisitOption.FOLLOW_LINKS)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Path to = copy.resolve(DIR.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.copy(p, to);
          }
        }
      }
      Map<String, Object> values = defaults();
      merge(values, overrides);
      Files.writeString(copy.resolve("values.yaml"), Rendered.YAML.writeValueAsString(values));
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> defaults() throws IOException {
    return Rendered.YAML.readValue(DIR.resolve("values.yaml").toFile(), LinkedHashMap.class);
  }

  static LintResult lint(Path chart) {
    return new Helm(chart).lint().strict().call();
  }

  static String template(Path chart) {
    return template(chart, RELEASE);
  }

  /** Rendered as the release {@code release} in {@link #NAMESPACE} (a second release beside the first). */
  static String template(Path chart, String release) {
    return new Helm(chart).template().withName(release).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION).call();
  }

  static String crds(Path chart) {
    return new Helm(chart).show().crds().call();
  }

  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> into, Map<String, Object> from) {
    from.forEach((k, v) -> {
      if (v instanceof Map<?, ?> m && into.get(k) instanceof Map<?, ?> existing) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) existing);
        merge(copy, (Map<String, Object>) m);
        into.put(k, copy);
      } else {
        into.put(k, v);
      }
    });
  }
}
