package io.cutover.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Production defaults stay deny (issue 20): the sandbox's playground policy and the migrator's mirror grants exist
 * only where the sandbox creates them. Neither the chart nor deploy/ creates a MigrationPolicy or a
 * {@code cutover-migrator-mirrors-*} grant, and no RBAC they ship holds escalate, bind or impersonate.
 */
class PlaygroundOnlyInTheSandboxTest {

  static List<Map<String, Object>> shipped() throws Exception {
    List<Map<String, Object>> objects = new ArrayList<>(Rendered.parse(Chart.template(Chart.DIR)).objects());
    try (Stream<Path> files = Files.walk(Deploy.DIR)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        objects.addAll(Rendered.parse(Files.readString(f)).objects());
      }
    }
    // kustomization.yaml and Prometheus rule files are not objects
    return objects.stream().filter(o -> o.get("kind") != null && o.get("metadata") instanceof Map).toList();
  }

  @Test
  void theChartAndDeployCreateNoMigrationPolicyAndNoMirrorGrantAndNoEscalation() throws Exception {
    List<Map<String, Object>> objects = shipped();
    assertThat(objects).as("objects parsed").hasSizeGreaterThan(20);
    assertThat(objects).as("no MigrationPolicy: without one a migration stays in its own namespace")
        .noneMatch(o -> "MigrationPolicy".equals(o.get("kind")));
    assertThat(objects).extracting(Rendered::name).noneMatch(n -> n != null
        && (n.startsWith(io.cutover.sandbox.SandboxPlayground.GRANT_PREFIX)
        || n.equals("cutover-policy-" + io.cutover.sandbox.Sandbox.PLAYGROUND_POLICY)));
    for (Map<String, Object> o : objects) {
      if (List.of("Role", "ClusterRole").contains(o.get("kind"))) {
        for (Map<String, Object> rule : Rendered.list(o, "rules")) {
          assertThat(Rendered.strings(rule, "verbs")).as(o.get("kind") + " " + Rendered.name(o))
              .doesNotContainAnyElementsOf(HelmChartTest.FORBIDDEN_VERBS);
        }
      }
    }
  }

  @Test
  void onlyTheSandboxCommandStartsThePlayground() throws Exception {
    List<Path> callers = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String text = Files.readString(f);
        if (text.contains("SandboxPlayground.start(") || text.contains("SandboxPolicies.grantPlayground(")) {
          callers.add(f);
        }
      }
    }
    assertThat(callers).containsExactly(Path.of("src/main/java/io/cutover/cli/SandboxCommand.java"));
  }
}
