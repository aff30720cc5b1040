package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.realcluster.ThisJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** LOG_FORMAT with a value logback.xml has no appender for stops the operator at start, instead of silencing it. */
class LogFormatTest {
  @Test
  void theKnownFormatsAndUnsetAreAccepted() {
    assertThat(LogFormat.refusal(null)).isNull();
    assertThat(LogFormat.refusal("text")).isNull();
    assertThat(LogFormat.refusal("json")).isNull();
  }

  @Test
  void anyOtherValueIsRefusedNamingTheAllowedOnes() {
    for (String bad : new String[] {"xml", "JSON", "", " text", "logfmt"}) {
      assertThat(LogFormat.refusal(bad)).as(bad).contains("LOG_FORMAT").contains("text or json");
    }
    assertThat(LogFormat.refusal("xml")).contains("'xml'");
    assertThat(LogFormat.refusal("a".repeat(200) + "$(id)")).doesNotContain("$(id)").contains("this value");
  }

  @Test
  void theOperatorRefusesToStartWithAnUnknownLogFormat() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(ThisJvm.javaExecutable(), "-cp", ThisJvm.classPath(),
        OperatorMain.class.getName(), "operator", "--metrics-port", "0");
    pb.environment().put("LOG_FORMAT", "xml");
    pb.environment().put("KUBECONFIG", "/nonexistent/kubeconfig");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits, does not run silently").isTrue();
    String out = read(p);
    assertThat(p.exitValue()).as(out).isEqualTo(2);
    assertThat(out).contains("LOG_FORMAT='xml' is not a log format: use text or json");
    assertThat(out).doesNotContain("Metrics at");
  }

  private static String read(Process p) throws IOException {
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
