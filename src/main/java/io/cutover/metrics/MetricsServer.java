package io.cutover.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One HTTP server for {@code /metrics} (Prometheus text format 0.0.4), {@code /healthz} (the process serves and the
 * operator has not been stopped) and {@code /readyz} (the operator started and its informers have synced). Port 0
 * picks a free port; {@link #port()} says which.
 */
public final class MetricsServer implements AutoCloseable {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  /**
   * The JDK server's limit, in seconds, on reading a request (line, headers and body): a client that opens a
   * connection and sends slowly would otherwise hold one of the server's two threads for ever, and two such clients
   * would stop /healthz answering (the kubelet would then restart the pod). The JDK reads it once per JVM, when its
   * first HTTP server is made; the operator makes no other.
   */
  public static final String MAX_REQUEST_TIME_PROPERTY = "sun.net.httpserver.maxReqTime";
  public static final int MAX_REQUEST_SECONDS = 5;

  static {
    if (System.getProperty(MAX_REQUEST_TIME_PROPERTY) == null) {
      System.setProperty(MAX_REQUEST_TIME_PROPERTY, Integer.toString(MAX_REQUEST_SECONDS));
    }
  }
  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static MetricsServer start(int port, Supplier<String> scrape, BooleanSupplier live, BooleanSupplier ready) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port + " for /metrics", e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "cutover-metrics-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
          send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
          return;
        }
        switch (path) {
          case "/metrics" -> send(exchange, 200, CONTENT_TYPE, scrape.get());
          case "/healthz" -> probe(exchange, live.getAsBoolean(), "ok\n", "operator stopped\n");
          case "/readyz" -> probe(exchange, ready.getAsBoolean(), "ok\n", "not ready: the operator's informers have not synced\n");
          default -> send(exchange, 404, "text/plain; charset=utf-8", "not found; try /metrics, /healthz or /readyz\n");
        }
      }
    });
    server.start();
    return new MetricsServer(server, executor);
  }

  private static void probe(HttpExchange exchange, boolean ok, String yes, String no) throws IOException {
    send(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? yes : no);
  }

  private static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Where /metrics is, for a person on this machine. */
  public URI metricsUri() {
    return URI.create("http://localhost:" + port() + "/metrics");
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
