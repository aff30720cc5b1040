package io.cutover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.e2e.E2eEnvironment.Identity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Invariant 5: a whole migration logs no token, neither a bound JWT nor the legacy token value. */
class NoSecretsInLogsTest extends EndToEndTest {

  static String line(ILoggingEvent event) {
    String throwable = event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy());
    return event.getLoggerName() + " " + event.getMDCPropertyMap() + " " + event.getFormattedMessage() + " " + throwable;
  }

  @Test
  void aFullMigrationLogsNoTokenValue() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger cutover = (Logger) LoggerFactory.getLogger("io.cutover");
    Level cutoverLevel = cutover.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    cutover.setLevel(Level.TRACE);
    List<String> lines;
    String legacyToken;
    String deliveredToken;
    try {
      Identity id = env.seedIdentity("logs", "secret-api");
      legacyToken = env.legacyToken(id).orElseThrow();
      env.create(env.migration("logs-secret", id, spec -> { }));
      env.awaitPhase("logs-secret", Phase.Completed);
      deliveredToken = E2eEnvironment.decode(env.target.secrets().inNamespace("logs").withName("secret-api-token").get()
          .getData().get("token"));
    } finally {
      cutover.setLevel(cutoverLevel);
      root.detachAppender(appender);
      appender.stop();
    }
    lines = appender.list.stream().map(NoSecretsInLogsTest::line).toList();

    assertThat(lines).as("the appender saw the migration's own log lines")
        .anyMatch(l -> l.contains("logs-secret") && l.contains("-> Completed"));
    assertThat(legacyToken).containsPattern(E2eEnvironment.JWT);
    assertThat(lines).as("log lines with a JWT").noneMatch(l -> E2eEnvironment.JWT.matcher(l).find());
    assertThat(lines).as("log lines with the legacy token").noneMatch(l -> l.contains(legacyToken));
    assertThat(lines).as("log lines with the delivered token").noneMatch(l -> l.contains(deliveredToken));
  }
}
