package io.cutover.metrics;

/**
 * A MetricsServer alone in a fresh JVM, for {@link SlowClientTest}: the JDK reads its server limits once per JVM, so
 * the test's own JVM (where other tests start JDK HTTP servers first) cannot show the operator's setting. Prints the
 * port, then serves until its stdin closes.
 */
public final class MetricsServerProcess {
  private MetricsServerProcess() {}

  public static void main(String[] args) throws Exception {
    try (MetricsServer server = MetricsServer.start(0, () -> "", () -> true, () -> true)) {
      System.out.println(server.port());
      System.out.flush();
      while (System.in.read() != -1) {
        // serve until the parent closes our stdin
      }
    }
  }
}
