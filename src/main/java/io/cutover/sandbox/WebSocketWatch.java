package io.cutover.sandbox;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

/**
 * One watch over a WebSocket, as the fabric8 client opens them (so every informer of the operator and of the
 * sandbox's own controllers): the same {@link HttpWatch} as a streamed HTTP watch — where it starts (no
 * resourceVersion: the selected objects as ADDED, then their changes; a resourceVersion: the changes after it, or
 * 410 Expired when they are no longer kept), {@code timeoutSeconds}, bookmarks — with each event one text message
 * and the end a normal close, after which the client resumes from the last resourceVersion it saw.
 *
 * <p>The mock's own WebSocket watch ignored the resourceVersion: it answered every watch with the objects as they
 * were when it opened, and nothing of what changed before. The fabric8 client resumes a watch that ended (its
 * informers close theirs every 5 to 10 minutes) from the last resourceVersion it saw and relists only on 410, so
 * an object deleted while it reconnected stayed in the informer for good.
 */
final class WebSocketWatch extends WebSocketListener {

  private final HttpWatch watch;

  WebSocketWatch(HttpWatch watch) {
    this.watch = watch;
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    watch.start(new HttpWatch.Sink() {
      @Override
      public void write(String chunk) {
        webSocket.send(chunk.strip());
      }

      @Override
      public void end() {
        webSocket.close(1000, "");
      }
    });
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    watch.stop();
    webSocket.close(code, reason);
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    watch.stop();
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable error, Response response) {
    watch.stop();
  }
}
