package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code cutover clusters} without {@code --real} is a usage error pointing at the sandbox; --help says what it needs. */
class ClustersCommandUsageTest {

  @Test
  void withoutRealItIsAUsageErrorThatPointsAtTheSandbox() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute("clusters", "--keep-running");

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("clusters needs --real", "use: cutover sandbox");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void helpSaysItRunsFromACheckoutAndNamesTheSandbox() {
    StringWriter out = new StringWriter();
    int exit = new CommandLine(new Main()).setOut(new PrintWriter(out, true)).execute("clusters", "--help");

    assertThat(exit).isZero();
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("--real", "--keep-running", "--kubeconfig-dir=DIR")
        .contains("from the root of a Cutover checkout")
        .contains("sandbox command");
  }

  @Test
  void mainListsTheCommand() {
    StringWriter out = new StringWriter();
    new CommandLine(new Main()).setOut(new PrintWriter(out, true)).execute("--help");

    assertThat(out.toString()).contains("clusters");
  }
}
