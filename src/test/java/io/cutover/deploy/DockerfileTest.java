package io.cutover.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile cannot be built here (no Docker engine); this checks what the chart relies on: a multi-stage build,
 * the operator jar (not the developer jar), a non-root numeric user equal to the chart's runAsUser, and an entrypoint
 * whose default command is the operator.
 */
class DockerfileTest {
  @TempDir
  Path work;

  @Test
  void multiStageNonRootImageRunsTheJarsOperatorCommandAsTheChartExpects() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("Dockerfile")).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    assertThat(lines).filteredOn(l -> l.startsWith("FROM ")).hasSize(2);
    // the operator jar (no sandbox, bench or mock server: OperatorJarIT), under the path the entrypoint runs
    assertThat(lines).contains("COPY --from=build /src/target/cutover-operator.jar /opt/cutover/cutover.jar");
    String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow().substring(5);
    assertThat(user).isEqualTo("65532:65532");
    assertThat(lines.get(lines.size() - 2)).startsWith("ENTRYPOINT [\"java\"").endsWith("\"-jar\", \"/opt/cutover/cutover.jar\"]");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("CMD [\"operator\"]");

    Rendered chart = Rendered.parse(Chart.template(Chart.withValues(work, "docker", Map.of())));
    Map<String, Object> pod = HelmChartTest.podSpec(chart);
    assertThat(Rendered.map(pod, "securityContext")).containsEntry("runAsUser", 65532).containsEntry("runAsGroup", 65532);
    // the chart's args replace CMD and start with the jar's operator command
    assertThat(HelmChartTest.args(chart).get(0)).isEqualTo("operator");
  }
}
