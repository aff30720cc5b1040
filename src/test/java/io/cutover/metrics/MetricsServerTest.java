package io.cutover.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The one HTTP port: /metrics in the text format, /healthz and /readyz following the operator's state. */
class MetricsServerTest {
  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> get(MetricsServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readinessAndLivenessFollowTheOperatorAndMetricsAreServedInTheTextFormat() throws Exception {
    AtomicBoolean live = new AtomicBoolean(true);
    AtomicBoolean ready = new AtomicBoolean(false);
    CutoverMetrics metrics = new CutoverMetrics();
    metrics.tokenIssued(false);
    try (MetricsServer server = MetricsServer.start(0, metrics::scrape, live::get, ready::get)) {
      assertThat(server.port()).isPositive();
      assertThat(server.metricsUri().toString()).isEqualTo("http://localhost:" + server.port() + "/metrics");
      assertThat(get(server, "/readyz").statusCode()).as("informers not synced").isEqualTo(503);
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
      ready.set(true);
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
      live.set(false);
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(503);
      HttpResponse<String> m = get(server, "/metrics");
      assertThat(m.statusCode()).isEqualTo(200);
      assertThat(m.headers().firstValue("Content-Type")).contains(MetricsServer.CONTENT_TYPE);
      assertThat(m.body()).contains("# TYPE cutover_tokens_issued_total counter", "cutover_tokens_issued_total 1.0");
      assertThat(get(server, "/other").statusCode()).isEqualTo(404);
      assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/metrics"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }
  }
}
