package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.bench.OperatorMode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The benchmark says first where the logs go, for each place it sends them. */
class BenchCommandLogsTest {
  @Test
  void eachModeNamesWhereTheLogsGo() {
    assertThat(BenchCommand.logs(OperatorMode.PROCESS, null))
        .isEqualTo("Logs: the operator process's on stderr, each line prefixed \"operator | \""
            + " (--operator-log FILE: to a file)");
    assertThat(BenchCommand.logs(OperatorMode.PROCESS, Path.of("/tmp/op.log")))
        .isEqualTo("Logs: the operator process's in /tmp/op.log");
    assertThat(BenchCommand.logs(OperatorMode.IN_PROCESS, null))
        .startsWith("Logs: stderr (the operator runs in this JVM");
  }
}
