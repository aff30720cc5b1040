package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The Quick start's first command: the demo migrates the example identity on the sandbox and prints no secret. */
class SandboxDemoTest {

  @Test
  void theDemoCompletesTheExampleMigrationAndPrintsItsVerificationWithoutAToken(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(out);
      exit = new CommandLine(new Main()).execute("sandbox", "--kubeconfig-dir", dir.toString(), "--timeout", "60", "--metrics-port", "0");
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    original.print(output);

    assertThat(exit).isZero();
    assertThat(output)
        .containsSubsequence("Planning", "Planned", "Provisioning", "DualRun", "CuttingOver", "Verifying", "Completed")
        .contains("1 legacy token Secret(s), 1 workload(s)")
        .contains("[ok] TargetTokenReview", "[ok] TargetAccessReview", "[ok] SourceCanaryRejected",
            "[ok] NoLegacyTokenSecrets", "[ok] NoSourceBindings")
        .contains("condition Ready=True (Completed)")
        .contains("The operator runs as ServiceAccount cutover-system/cutover with the chart's RBAC")
        .containsPattern("Operator metrics: http://localhost:\\d+/metrics")
        .doesNotContain("FAILED")
        .doesNotContainPattern("eyJ[A-Za-z0-9_-]{8,}\\.eyJ");
    for (String name : new String[] {"control", "source", "target"}) {
      assertThat(Files.readString(dir.resolve(name + ".kubeconfig"))).contains("server: https://127.0.0.1:");
    }
  }
}
