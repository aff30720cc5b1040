package io.cutover.sandbox;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.ServerWebSocketHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox cluster's HTTP front: a Vert.x server, as fabric8's MockWebServer is, that hands each request to the
 * dispatcher as the mock would (same {@code RecordedRequest}, WebSocket upgrades with the mock's own
 * {@link ServerWebSocketHandler}, serving the dispatcher's {@link WebSocketWatch} as it served the mock's watch) and,
 * unlike the mock,
 * can stream: a response carrying an {@link HttpWatch} is written as a chunked body that stays open, which is how
 * kube-apiserver serves {@code ?watch=true} to kubectl. The mock's server has no such response, hence this front.
 */
final class SandboxHttpServer implements AutoCloseable {

  /** The sub-protocols kube-apiserver (and the mock) accept on WebSocket upgrades. */
  private static final List<String> WEBSOCKET_SUB_PROTOCOLS =
      List.of("v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io");

  private final Vertx vertx;
  private final HttpServer server;

  private SandboxHttpServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /**
   * Listens on {@code address} (port 0: any free port) over HTTPS with {@code certificate} and dispatches every
   * request to {@code dispatcher}.
   */
  static SandboxHttpServer start(InetAddress address, int port, Dispatcher dispatcher, CaCertificate certificate) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2)
        .setInternalBlockingPoolSize(2));
    HttpServer server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(address.getHostAddress())
        .setPort(port)
        .setWebSocketSubProtocols(WEBSOCKET_SUB_PROTOCOLS)
        .setHandle100ContinueAutomatically(true)
        .setSsl(true)
        .setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions()
            .setCertValue(io.vertx.core.buffer.Buffer.buffer(certificate.certificatePem()))
            .setKeyValue(io.vertx.core.buffer.Buffer.buffer(certificate.keyPem()))));
    server.requestHandler(request -> handle(request, dispatcher, vertx));
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("the sandbox HTTP server did not start", e);
    }
    return new SandboxHttpServer(vertx, server);
  }

  int port() {
    return server.actualPort();
  }

  private static void handle(HttpServerRequest request, Dispatcher dispatcher, Vertx vertx) {
    Future<io.vertx.core.buffer.Buffer> body = hasBody(request) ? request.body() : Future.succeededFuture(null);
    body.onFailure(e -> fail(request, e)).onSuccess(bytes -> {
      RecordedRequest recorded = new RecordedRequest(request.version().alpnName().toUpperCase(Locale.ROOT),
          HttpMethod.fromVertx(request.method()), request.uri(), Headers.builder().addAll(request.headers()).build(),
          new Buffer(bytes == null ? new byte[0] : bytes.getBytes()));
      MockResponse response;
      try {
        response = dispatcher.dispatch(recorded);
      } catch (RuntimeException e) {
        fail(request, e);
        return;
      }
      if (response.getWebSocketListener() instanceof HttpWatch watch) {
        stream(request, response, watch);
      } else if (response.getWebSocketListener() != null) {
        request.toWebSocket().onFailure(e -> fail(request, e))
            .onSuccess(new ServerWebSocketHandler(recorded, response));
      } else if (response.getBodyDelay() != null && response.getBodyDelay().toMillis() > 0) {
        // A slow answer (the fault layer's): sent later by a timer, never by blocking the event loop.
        vertx.setTimer(response.getBodyDelay().toMillis(), id -> respond(request.response(), response));
      } else {
        respond(request.response(), response);
      }
    });
  }

  private static void respond(HttpServerResponse out, MockResponse response) {
    out.setStatusCode(response.code());
    response.getHeaders().toMultimap().forEach((name, values) -> out.headers().add(name, values));
    if (response.getBody() == null) {
      out.end();
      return;
    }
    out.headers().set("Content-Length", Long.toString(response.getBody().size()));
    out.end(io.vertx.core.buffer.Buffer.buffer(response.getBody().getBytes()));
  }

  /** A chunked 200 that stays open, one watch event per chunk, until the watch ends or the client goes away. */
  private static void stream(HttpServerRequest request, MockResponse response, HttpWatch watch) {
    HttpServerResponse out = request.response();
    out.setStatusCode(response.code());
    out.setChunked(true);
    out.headers().set("Content-Type", watch.contentType());
    out.headers().set("Cache-Control", "no-cache, private");
    out.closeHandler(v -> watch.stop());
    out.exceptionHandler(e -> watch.stop());
    // Headers go out at once, as kube-apiserver flushes them before the first event.
    out.write("");
    watch.start(new HttpWatch.Sink() {
      @Override
      public void write(String chunk) {
        if (!out.ended() && !out.closed()) {
          out.write(chunk);
        }
      }

      @Override
      public void end() {
        if (!out.ended() && !out.closed()) {
          out.end();
        }
      }
    });
  }

  private static void fail(HttpServerRequest request, Throwable e) {
    if (!request.response().headWritten()) {
      request.response().setStatusCode(500).end();
    }
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.headers().get("Content-Length");
    if (length != null && !length.trim().isEmpty()) {
      return Integer.parseInt(length.trim()) > 0;
    }
    return request.headers().contains("Transfer-Encoding") || request.headers().contains("Content-Type");
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
  }
}
