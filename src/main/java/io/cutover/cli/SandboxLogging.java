package io.cutover.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.joran.util.ConfigurationWatchListUtil;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import java.net.URL;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Where the demo commands' logs go: {@link #toFile} re-configures logback from {@code logback-sandbox.xml} (every
 * line to a file, the terminal only when verbose), {@link #close()} puts back the configuration logback started with
 * ({@code logback.xml}, the operator's: the terminal). Logback's own configurator does the switch, so levels, patterns
 * and the MDC are the configuration files' and no log line passes through this class. The operator's commands never
 * call it: they log to the terminal as {@code logback.xml} says.
 */
final class SandboxLogging implements AutoCloseable {
  static final String CONFIGURATION = "/logback-sandbox.xml";
  static final String FILE_PROPERTY = "CUTOVER_LOG_FILE";
  static final String TERMINAL_PROPERTY = "CUTOVER_TERMINAL_LOG_LEVEL";

  private final LoggerContext context;
  private final URL original;

  private SandboxLogging(LoggerContext context, URL original) {
    this.context = context;
    this.original = original;
  }

  /** From now on every log line goes to {@code file} (replaced), and to the terminal as well when {@code verbose}. */
  static SandboxLogging toFile(Path file, boolean verbose) throws JoranException {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    URL original = ConfigurationWatchListUtil.getMainWatchURL(context);
    if (original == null) {
      original = SandboxLogging.class.getResource("/logback.xml");
    }
    configure(context, SandboxLogging.class.getResource(CONFIGURATION), file, verbose);
    return new SandboxLogging(context, original);
  }

  private static void configure(LoggerContext context, URL configuration, Path file, boolean verbose)
      throws JoranException {
    context.reset();
    if (file != null) {
      context.putProperty(FILE_PROPERTY, file.toAbsolutePath().toString());
      context.putProperty(TERMINAL_PROPERTY, verbose ? "ALL" : "OFF");
    }
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    long from = System.currentTimeMillis();
    configurator.doConfigure(configuration);
    if (new StatusUtil(context).getHighestLevel(from) >= Status.ERROR) {
      throw new IllegalStateException("logback could not apply " + configuration
          + " (its status messages say why)");
    }
  }

  /** Back to the configuration logback started with (the file is closed). */
  @Override
  public void close() throws JoranException {
    configure(context, original, null, false);
  }
}
