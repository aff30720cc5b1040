package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.cutover.sandbox.SandboxCluster;
import io.cutover.testing.TraceCapture;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubectl plugin's clients (plan, status, approve, rollback: {@link KubeOptions}) trace HTTP as the operator's do:
 * with every logger at TRACE, fabric8's header-and-body logging would print the kubeconfig's bearer token; through
 * {@code HttpTrace} only method, URL and code are logged.
 */
class CliHttpTraceTest {
  private static SandboxCluster cluster;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("control");
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** The administrator's kubeconfig: its token is the secret the trace must never show. */
  private static String kubeconfig() {
    String kubeconfig = cluster.kubeconfig("control");
    assertThat(kubeconfig).contains("token: " + cluster.adminToken());
    return kubeconfig;
  }

  @Test
  void aCliClientAtTraceNeverLogsTheBearerTokenButDoesTraceItsRequests(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("kubeconfig");
    Files.writeString(file, kubeconfig());
    List<String> lines = atTrace(() -> {
      try (KubernetesClient client = KubeOptions.client(file)) {
        client.namespaces().list();
        client.namespaces().withName("absent").get();
      }
      String before = System.getProperty("kubeconfig");
      System.setProperty("kubeconfig", file.toString()); // the no --kubeconfig path: fabric8's own lookup
      try (KubernetesClient client = new KubeOptions().client()) {
        client.serviceAccounts().inNamespace("default").list();
      } finally {
        if (before == null) {
          System.clearProperty("kubeconfig");
        } else {
          System.setProperty("kubeconfig", before);
        }
      }
    });
    // Counted, not listed: a failure must not print the token either.
    assertThat(lines.stream().filter(l -> l.contains(cluster.adminToken())).count()).as("lines holding the bearer token")
        .isZero();
    assertThat(lines).as("the requests were traced").anyMatch(l -> l.startsWith("io.cutover.cluster.http GET ")
        && l.contains("/api/v1/namespaces"));
    assertThat(lines).as("the client without --kubeconfig too").anyMatch(l -> l.startsWith("io.cutover.cluster.http GET ")
        && l.contains("/serviceaccounts"));
  }

  /** Runs {@code action} with every logger at TRACE, returning the lines logged (captured, not printed). */
  static List<String> atTrace(ThrowingRunnable action) throws Exception {
    List<ILoggingEvent> events;
    try (TraceCapture capture = TraceCapture.start()) {
      action.run();
      events = List.copyOf(capture.events());
    }
    return events.stream()
        .filter(e -> !e.getLoggerName().startsWith("io.fabric8.kubernetes.client.server.mock")
            && !e.getLoggerName().startsWith("io.fabric8.mockwebserver"))
        .map(e -> e.getLoggerName() + " " + e.getFormattedMessage()
            + (e.getThrowableProxy() == null ? "" : " " + ThrowableProxyUtil.asString(e.getThrowableProxy())))
        .toList();
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
