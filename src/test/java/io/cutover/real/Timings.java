package io.cutover.real;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/** Real-cluster timings, printed and kept in target/real-clusters/timings.txt (measurements, never assertions). */
final class Timings {
  private Timings() {}

  static synchronized void record(String what, Duration took) {
    String line = String.format("real-cluster timing: %s: %d ms%n", what, took.toMillis());
    System.out.print(line);
    try {
      Files.writeString(Path.of(RealEnvironment.BASE, "timings.txt"), line, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
