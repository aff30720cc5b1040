package io.cutover.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Every logger at TRACE, and what they log captured instead of printed (thousands of lines); {@link #close()} puts
 * the levels and the console back. For tests that prove no secret reaches a log line even at TRACE.
 */
public final class TraceCapture implements AutoCloseable {
  private final Map<Logger, Level> levels = new LinkedHashMap<>();
  private final List<Appender<ILoggingEvent>> console = new ArrayList<>();
  private final Logger root;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private TraceCapture() {
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    for (Logger logger : logging.getLoggerList()) {
      levels.put(logger, logger.getLevel());
      logger.setLevel(Level.TRACE);
    }
    root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    appender.start();
    root.iteratorForAppenders().forEachRemaining(console::add);
    console.forEach(root::detachAppender);
    root.addAppender(appender);
  }

  public static TraceCapture start() {
    return new TraceCapture();
  }

  /** The events logged so far. */
  public List<ILoggingEvent> events() {
    return appender.list;
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    console.forEach(root::addAppender);
    appender.stop();
    levels.forEach(Logger::setLevel);
  }
}
