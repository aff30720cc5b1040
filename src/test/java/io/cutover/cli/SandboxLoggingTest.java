package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
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

/**
 * The two logback configurations: the operator's (logback.xml: the terminal) and the sandbox's (logback-sandbox.xml:
 * a file, the terminal only when verbose), sharing logback-levels.xml — fabric8's HTTP loggers, which print bearer
 * tokens at TRACE, stay at INFO in both.
 */
class SandboxLoggingTest {
  static final String[] NEVER_BELOW_INFO = {"io.fabric8.kubernetes.client.http", "io.fabric8.kubernetes.client.okhttp",
      "io.fabric8.kubernetes.client.jdkhttp"};

  static LoggerContext context() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }

  static List<Appender<ILoggingEvent>> rootAppenders() {
    List<Appender<ILoggingEvent>> all = new ArrayList<>();
    context().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(all::add);
    return all;
  }

  @Test
  void theOperatorsConfigurationLogsToTheTerminalWithTheSharedLevels() {
    assertThat(rootAppenders()).singleElement().satisfies(a -> {
      assertThat(a.getName()).isEqualTo("text");
      assertThat(a).isInstanceOf(ConsoleAppender.class);
      assertThat(((ConsoleAppender<?>) a).getTarget()).isEqualTo("System.err");
    });
    for (String name : NEVER_BELOW_INFO) {
      assertThat(context().getLogger(name).getLevel()).as(name).isEqualTo(Level.INFO);
    }
    assertThat(context().getLogger("io.javaoperatorsdk").getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void theSandboxsLogsGoToTheFileOnlyAndTheOperatorsConfigurationComesBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sandbox.log");
    String terminal = captureErr(() -> {
      try (SandboxLogging logging = SandboxLogging.toFile(file, false)) {
        assertThat(rootAppenders()).extracting(Appender::getName).containsExactlyInAnyOrder("file", "text");
        assertThat(rootAppenders()).filteredOn(a -> a instanceof FileAppender<?>).singleElement()
            .satisfies(a -> assertThat(((FileAppender<?>) a).getFile()).isEqualTo(file.toString()));
        for (String name : NEVER_BELOW_INFO) {
          assertThat(context().getLogger(name).getLevel()).as(name).isEqualTo(Level.INFO);
        }
        LoggerFactory.getLogger(SandboxLoggingTest.class).info("to the file only");
      }
    });

    assertThat(Files.readString(file)).contains("INFO  [] i.c.c.SandboxLoggingTest - to the file only");
    assertThat(terminal).doesNotContain("to the file only");
    theOperatorsConfigurationLogsToTheTerminalWithTheSharedLevels();
    LoggerFactory.getLogger(SandboxLoggingTest.class).info("after the sandbox");
    assertThat(Files.readString(file)).doesNotContain("after the sandbox");
  }

  @Test
  void verboseLogsToTheTerminalToo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sandbox.log");
    String terminal = captureErr(() -> {
      try (SandboxLogging logging = SandboxLogging.toFile(file, true)) {
        LoggerFactory.getLogger(SandboxLoggingTest.class).info("on both");
      }
    });

    assertThat(Files.readString(file)).contains("on both");
    assertThat(terminal).contains("INFO  [] i.c.c.SandboxLoggingTest - on both");
  }

  interface Body {
    void run() throws Exception;
  }

  static String captureErr(Body body) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    try (PrintStream err = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setErr(err);
      body.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
