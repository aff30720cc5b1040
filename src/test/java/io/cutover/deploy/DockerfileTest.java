package io.cutover.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile cannot be built here (no Docker engine); this checks what the chart relies on: a multi-stage build,
 * the operator jar (not the developer jar), a non-root numeric user equal to the chart's runAsUser, and an entrypoint
 * whose default command is the operator; and what the security review asked (issue 15): every base image pinned by a
 * digest (literal, or a build argument without a default, which the build cannot do without), and a runtime stage
 * without a shell that runs nothing at build time.
 */
class DockerfileTest {
  private static final Pattern ARG = Pattern.compile("^ARG ([A-Za-z_][A-Za-z0-9_]*)(=(.*))?$");
  private static final Pattern DIGEST_ARG = Pattern.compile("@\\$\\{([A-Za-z_][A-Za-z0-9_]*)}$");
  private static final Pattern LITERAL_DIGEST = Pattern.compile("@sha256:[0-9a-f]{64}$");

  @TempDir
  Path work;

  static List<String> instructions() throws Exception {
    return Files.readAllLines(Path.of("Dockerfile")).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
  }

  @Test
  void multiStageNonRootImageRunsTheJarsOperatorCommandAsTheChartExpects() throws Exception {
    List<String> lines = instructions();
    assertThat(lines).filteredOn(l -> l.startsWith("FROM ")).hasSize(2);
    // the operator jar (no sandbox, bench or mock server: OperatorJarIT), under the path the entrypoint runs
    assertThat(lines).contains("COPY --from=build /src/target/cutover-operator.jar /opt/cutover/cutover.jar");
    String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow().substring(5);
    assertThat(user).isEqualTo("65532:65532");
    // exec form with an absolute path: there is no shell to run a shell form, nor to look java up in
    assertThat(lines.get(lines.size() - 2)).startsWith("ENTRYPOINT [\"/usr/bin/java\"")
        .endsWith("\"-jar\", \"/opt/cutover/cutover.jar\"]");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("CMD [\"operator\"]");

    Rendered chart = Rendered.parse(Chart.template(Chart.withValues(work, "docker", Map.of())));
    Map<String, Object> pod = HelmChartTest.podSpec(chart);
    assertThat(Rendered.map(pod, "securityContext")).containsEntry("runAsUser", 65532).containsEntry("runAsGroup", 65532);
    // the chart's args replace CMD and start with the jar's operator command
    assertThat(HelmChartTest.args(chart).get(0)).isEqualTo("operator");
  }

  @Test
  void everyBaseImageIsPinnedByADigestThatMustBeGiven() throws Exception {
    List<String> lines = instructions();
    Map<String, String> globalArgs = new LinkedHashMap<>(); // ARGs before the first FROM: the ones FROM may use
    for (String line : lines) {
      if (line.startsWith("FROM ")) {
        break;
      }
      Matcher m = ARG.matcher(line);
      if (m.matches()) {
        globalArgs.put(m.group(1), m.group(3));
      }
    }
    List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(froms).isNotEmpty();
    for (String from : froms) {
      String image = from.substring(5).split(" ")[0];
      if (LITERAL_DIGEST.matcher(image).find()) {
        continue;
      }
      Matcher m = DIGEST_ARG.matcher(image);
      assertThat(m.find()).as(from + ": pinned by @sha256:... or @${A_DIGEST_ARG}").isTrue();
      assertThat(globalArgs).as(from + ": its digest is a build argument declared before the first FROM")
          .containsKey(m.group(1));
      assertThat(globalArgs.get(m.group(1))).as(from + ": the digest argument has no default, so it must be set")
          .isNull();
    }
  }

  @Test
  void theRuntimeStageIsDistrolessRunsNothingAndUsesTheBasesNonRootUser() throws Exception {
    List<String> lines = instructions();
    int last = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("FROM ")) {
        last = i;
      }
    }
    List<String> runtime = new ArrayList<>(lines.subList(last, lines.size()));
    assertThat(runtime.get(0)).as("the runtime stage's base").contains("${RUNTIME_IMAGE}");
    assertThat(lines).contains("ARG RUNTIME_IMAGE=gcr.io/distroless/java17-debian12:nonroot");
    // A shell-less image cannot RUN (useradd, chmod, ...): the base's user 65532 (nonroot) is the chart's.
    assertThat(runtime).noneMatch(l -> l.startsWith("RUN ") || l.startsWith("SHELL "));
    assertThat(runtime).filteredOn(l -> l.startsWith("ENTRYPOINT ") || l.startsWith("CMD "))
        .allMatch(l -> l.matches("^(ENTRYPOINT|CMD) \\[.*]$"), "exec form (no shell to run a shell form)");
    assertThat(runtime).contains("USER 65532:65532");
  }
}
