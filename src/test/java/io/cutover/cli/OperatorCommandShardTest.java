package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A bad --selector or --shard stops the operator command before it connects anywhere, saying why. */
class OperatorCommandShardTest {
  record Run(int exit, String err) {}

  static Run operator(String... args) {
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 3];
    all[0] = "operator";
    all[1] = "--metrics-port";
    all[2] = "0";
    System.arraycopy(args, 0, all, 3, args.length);
    int exit = new CommandLine(new OperatorMain()).setErr(new PrintWriter(err)).execute(all);
    return new Run(exit, err.toString());
  }

  @Test
  void anInvalidSelectorFailsTheStartWithTheReason() {
    Run run = operator("--selector", "cutover.io/shard in ()", "--shard", "a");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("selector 'cutover.io/shard in ()' is not a label selector:"
        + " 'cutover.io/shard in ()': in needs at least one value").doesNotContain("Metrics at");
  }

  @Test
  void aSelectorWithLeaderElectionButNoShardNameIsRefused() {
    Run run = operator("--selector", "cutover.io/shard=a", "--lease-namespace", "cutover-system");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("a selector with leader election needs a shard name");
  }

  @Test
  void aShardNameThatIsNoDnsLabelIsRefused() {
    Run run = operator("--selector", "cutover.io/shard=a", "--shard", "Shard_A");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("shard name 'Shard_A' must be a DNS label");
  }
}
