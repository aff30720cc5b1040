package io.cutover.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.realcluster.ThisJvm;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that sends half a request line and then nothing (slowloris) does not hold the metrics/health server:
 * the server closes it within its request-read limit, and /healthz answers others meanwhile, even with more slow
 * clients than the server has threads.
 */
class SlowClientTest {
  private static Socket halfRequest(int port) throws java.io.IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.getOutputStream().write("GET /heal".getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(MetricsServer.MAX_REQUEST_SECONDS + 15));
    return s;
  }

  @Test
  void aHalfSentRequestIsClosedWithinTheLimitAndHealthzStillAnswers() throws Exception {
    Process child = new ProcessBuilder(ThisJvm.javaExecutable(), "-cp", ThisJvm.classPath(),
        MetricsServerProcess.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      String first = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)).readLine();
      assertThat(first).as("the child's port").matches("\\d+");
      int port = Integer.parseInt(first);
      List<Socket> slow = new ArrayList<>();
      try {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest healthz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
            .timeout(Duration.ofSeconds(MetricsServer.MAX_REQUEST_SECONDS + 5)).build();
        long start = System.nanoTime();
        slow.add(halfRequest(port));
        // One slow client holds one of the two threads: the other answers at once, meanwhile.
        long before = System.nanoTime();
        assertThat(http.send(healthz, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).as("ms for /healthz beside one slow client")
            .isLessThan(TimeUnit.SECONDS.toMillis(MetricsServer.MAX_REQUEST_SECONDS) - 1000);
        // Three: more than the server has threads. /healthz answers once the limit has closed them (never, before).
        slow.add(halfRequest(port));
        slow.add(halfRequest(port));
        assertThat(http.send(healthz, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        for (Socket s : slow) {
          InputStream in = s.getInputStream();
          int read;
          try {
            while ((read = in.read()) != -1) {
              // the server may answer before closing; the connection must end
            }
          } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept a half-sent request open", e);
          } catch (java.io.IOException reset) {
            // closed by the server (a reset is a close too)
          }
        }
        long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        // The JDK checks the limit once a second; the rest is slack for a loaded machine.
        assertThat(elapsed).as("seconds until the slow clients were closed")
            .isLessThanOrEqualTo(MetricsServer.MAX_REQUEST_SECONDS + 5);
        assertThat(http.send(healthz, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    } finally {
      child.getOutputStream().close();
      if (!child.waitFor(10, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
  }
}
