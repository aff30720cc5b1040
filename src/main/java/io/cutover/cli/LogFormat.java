package io.cutover.cli;

import java.util.List;

/**
 * {@code LOG_FORMAT}, which {@code logback.xml} reads to pick the root logger's appender. An unknown value there makes
 * logback attach no appender at all: the operator would run without a single log line. So the operator refuses to
 * start on one, naming the values it knows.
 */
final class LogFormat {
  static final String VARIABLE = "LOG_FORMAT";
  /** The appenders of logback.xml; unset means text. */
  static final List<String> ALLOWED = List.of("text", "json");

  private LogFormat() {}

  /** Why {@code value} (of LOG_FORMAT; null when unset) cannot be used, or null when it can. */
  static String refusal(String value) {
    if (value == null || ALLOWED.contains(value)) {
      return null;
    }
    String shown = value.length() <= 32 && value.matches("[A-Za-z0-9._-]+") ? "'" + value + "'" : "this value";
    return VARIABLE + "=" + shown + " is not a log format: use " + String.join(" or ", ALLOWED)
        + " (unset: text)";
  }
}
