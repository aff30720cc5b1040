package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The Quick start's first command: the demo migrates the example identity on the sandbox, prints one readable
 * timeline (the cutover's lateness explained against the deadline) and the verification summary, sends the log lines
 * to a file whose path it prints (to the terminal as well only with --verbose), and prints no secret.
 */
class SandboxDemoTest {
  /** A logback line of either configuration's text pattern: "14:37:31.039 INFO  [ns/name] logger - message". */
  static final String LOG_LINE = "(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR) +\\[";
  static final String JWT = "eyJ[A-Za-z0-9_-]{8,}\\.eyJ";

  record Run(int exit, String out, String err, Path log) {
    String terminal() {
      return out + err;
    }
  }

  static Run demo(Path dir, String... extra) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    List<String> args = new ArrayList<>(List.of("sandbox", "--kubeconfig-dir", dir.toString(), "--timeout", "60",
        "--metrics-port", "0"));
    args.addAll(List.of(extra));
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      exit = new CommandLine(new Main()).execute(args.toArray(String[]::new));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    Run run = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
        dir.resolve(SandboxCommand.LOG_FILE).toAbsolutePath());
    originalOut.print(run.out());
    return run;
  }

  @Test
  void theDemoPrintsOneTimelineAndTheVerificationAndSendsTheLogsToTheFileItNames(@TempDir Path dir) throws Exception {
    Run run = demo(dir);

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .startsWith("Logs: " + run.log() + " (--verbose: on the terminal too)")
        .containsSubsequence("Planning", "Planned", "Provisioning", "DualRun", "CuttingOver", "Verifying", "Completed")
        .contains("1 legacy token Secret(s), 1 workload(s)")
        .contains("[ok] TargetTokenReview", "[ok] TargetAccessReview", "[ok] SourceCanaryRejected",
            "[ok] NoLegacyTokenSecrets", "[ok] NoSourceBindings")
        .contains("condition Ready=True (Completed)")
        .contains("The operator runs as ServiceAccount cutover-system/cutover with the chart's RBAC")
        .containsPattern("Operator metrics: http://localhost:\\d+/metrics")
        .doesNotContain("FAILED")
        .doesNotContainPattern(JWT);
    // The cutover's line, before Verifying: the deadline, the lateness and its two parts, which add up to it.
    String timeline = run.out().replaceAll("\\R {24}", " ");
    var lateness = java.util.regex.Pattern.compile("\\+\\d+\\.\\ds {16}deadline (\\S+Z); revocation finished (\\d+)"
        + " ms after it: (\\d+) ms from the deadline to the intent \\(the operator wakes at the deadline, then"
        + " re-checks the target: its token's TokenReview, access reviews if its RBAC changed\\) \\+ (\\d+) ms from the"
        + " intent to the end \\(the intent written to status, then the revocation requests to the source, sent"
        + " together\\)\\. Both run from the deadline,"
        + " never before it").matcher(timeline);
    assertThat(lateness.find()).as(timeline).isTrue();
    assertThat(Long.parseLong(lateness.group(3)) + Long.parseLong(lateness.group(4)))
        .isEqualTo(Long.parseLong(lateness.group(2)));
    assertThat(timeline).contains("dual run ").contains(".. deadline " + lateness.group(1))
        .containsSubsequence("CuttingOver", "deadline " + lateness.group(1), "Verifying");
    // No log line on the terminal; all of them in the file, the reconciler's among them.
    assertThat(run.terminal()).doesNotContain("INFO [", "INFO  [").doesNotContainPattern(LOG_LINE);
    String log = Files.readString(run.log());
    assertThat(log).containsPattern(LOG_LINE)
        .contains("INFO  [cutover-system/payments-api] i.c.r.MigrationReconciler - phase DualRun -> CuttingOver")
        .contains("phase Verifying -> Completed")
        .doesNotContainPattern(JWT);
    for (String name : new String[] {"control", "source", "target"}) {
      assertThat(Files.readString(dir.resolve(name + ".kubeconfig"))).contains("server: https://127.0.0.1:");
    }
    // The configuration logback started with is back (the operator's: the terminal, no file).
    assertThat(rootAppenders()).containsExactly("text");
  }

  @Test
  void withVerboseTheLogLinesAreOnTheTerminalToo(@TempDir Path dir) throws Exception {
    Run run = demo(dir, "--verbose");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("Logs: " + run.log() + " (and on the terminal: --verbose)")
        .contains("condition Ready=True (Completed)");
    String reconciler = "INFO  [cutover-system/payments-api] i.c.r.MigrationReconciler - phase DualRun -> CuttingOver";
    assertThat(run.err()).containsPattern(LOG_LINE).contains(reconciler).doesNotContainPattern(JWT);
    assertThat(Files.readString(run.log())).contains(reconciler);
    assertThat(rootAppenders()).containsExactly("text");
  }

  private static List<String> rootAppenders() {
    Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    List<String> names = new ArrayList<>();
    root.iteratorForAppenders().forEachRemaining((Appender<?> a) -> names.add(a.getName()));
    return names;
  }
}
