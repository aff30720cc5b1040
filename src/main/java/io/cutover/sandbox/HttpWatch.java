package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One watch as a streamed HTTP response, as kube-apiserver serves {@code ?watch=true} without a WebSocket upgrade: a chunked
 * {@code 200} whose body is one JSON {@code WatchEvent} per line ({@code ADDED}, {@code MODIFIED}, {@code DELETED},
 * {@code BOOKMARK}, {@code ERROR}), until {@code timeoutSeconds} pass or the client goes away.
 *
 * <p>It travels from {@link SandboxDispatcher} to {@link SandboxHttpServer} as the WebSocket listener of a
 * {@code MockResponse} (the mock's only way to hand a response that is not a fixed body); the server recognises it
 * and streams it instead of upgrading. Where the watch starts: no {@code resourceVersion} (or {@code "0"}) sends an
 * {@code ADDED} for every selected object first, then the changes after; a {@code resourceVersion} sends the changes
 * after it, or an {@code ERROR} event with a 410 {@code Expired} Status when they are no longer kept.
 */
final class HttpWatch extends WebSocketListener {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Timers of all HTTP watches (timeouts, bookmarks): one daemon thread; the work on it never blocks. */
  private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "sandbox-http-watch-timers");
    thread.setDaemon(true);
    return thread;
  });

  /** Where the events go: the chunked HTTP response. */
  interface Sink {
    void write(String chunk);

    void end();
  }

  private final ApiResource resource;
  private final Predicate<JsonNode> selection;
  private final String resourceVersion;
  private final Duration timeout;
  private final Duration bookmarkInterval;
  private final Function<JsonNode, JsonNode> encode;
  private final WatchEvents events;
  private final Supplier<List<JsonNode>> current;
  private final String contentType;
  private long horizon;

  private Sink sink;
  private boolean ended;
  private long lastSent;
  private final WatchEvents.Subscriber subscriber = this::changed;
  private ScheduledFuture<?> timeoutTask;
  private ScheduledFuture<?> bookmarkTask;

  HttpWatch(ApiResource resource, Predicate<JsonNode> selection, String resourceVersion, Duration timeout,
      Duration bookmarkInterval, Function<JsonNode, JsonNode> encode, WatchEvents events,
      Supplier<List<JsonNode>> current, String contentType) {
    this.resource = resource;
    this.selection = selection;
    this.resourceVersion = resourceVersion;
    this.timeout = timeout;
    this.bookmarkInterval = bookmarkInterval;
    this.encode = encode;
    this.events = events;
    this.current = current;
    this.contentType = contentType;
  }

  String contentType() {
    return contentType;
  }

  /**
   * The first resourceVersion this kind's changes can be watched from (a custom resource: its CRD as stored, as
   * kube-apiserver's watch cache of a kind starts at its first list); a watch from before it is 410 Expired.
   */
  HttpWatch watchableFrom(long resourceVersion) {
    this.horizon = resourceVersion;
    return this;
  }

  /** Starts streaming into the sink; the server calls {@link #stop()} when the client goes away. */
  void start(Sink sink) {
    this.sink = sink;
    long from;
    if (resourceVersion == null || resourceVersion.isEmpty() || resourceVersion.equals("0")) {
      from = events.lastResourceVersion();
      for (JsonNode object : current.get()) {
        if (selection.test(object)) {
          send("ADDED", object);
        }
      }
    } else {
      from = Long.parseLong(resourceVersion);
    }
    synchronized (events) {
      lastSent = Math.max(from, lastSent);
      if (from < horizon || !events.subscribe(subscriber, from)) {
        sendExpired(from);
        finish();
        return;
      }
    }
    timeoutTask = TIMERS.schedule(this::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (bookmarkInterval != null) {
      bookmarkTask = TIMERS.scheduleAtFixedRate(this::bookmark, bookmarkInterval.toMillis(),
          bookmarkInterval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** The client went away (or the server closes): no more events. */
  void stop() {
    events.unsubscribe(subscriber);
    synchronized (events) {
      ended = true;
    }
    cancelTimers();
  }

  private void changed(WatchEvents.Change change) {
    boolean was = change.before() != null && selection.test(change.before());
    boolean is = change.after() != null && selection.test(change.after());
    if (was && is) {
      send("MODIFIED", change.after());
    } else if (was) {
      send("DELETED", change.before());
    } else if (is) {
      send("ADDED", change.after());
    }
    lastSent = Math.max(lastSent, change.resourceVersion());
  }

  private void expire() {
    synchronized (events) {
      if (ended) {
        return;
      }
      if (bookmarkInterval != null) {
        sendBookmark();
      }
    }
    events.unsubscribe(subscriber);
    finish();
  }

  private void bookmark() {
    synchronized (events) {
      if (!ended) {
        sendBookmark();
      }
    }
  }

  /** A BOOKMARK: an object of the watched kind holding only the resourceVersion the watch has reached. */
  private void sendBookmark() {
    ObjectNode object = NODES.objectNode();
    object.put("kind", resource.kind());
    object.put("apiVersion", resource.apiVersion());
    object.putObject("metadata").put("resourceVersion", Long.toString(Math.max(lastSent,
        events.lastResourceVersion())));
    write("BOOKMARK", object);
  }

  private void sendExpired(long from) {
    ObjectNode status = NODES.objectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", "too old resource version: " + from + " (" + events.horizon() + ")");
    status.put("reason", "Expired");
    status.put("code", 410);
    write("ERROR", status);
  }

  private void send(String type, JsonNode object) {
    write(type, encode.apply(object));
  }

  private void write(String type, JsonNode object) {
    if (ended) {
      return;
    }
    ObjectNode event = NODES.objectNode();
    event.put("type", type);
    event.set("object", object);
    sink.write(Store.write(event) + "\n");
  }

  private void finish() {
    synchronized (events) {
      if (ended) {
        return;
      }
      ended = true;
    }
    cancelTimers();
    sink.end();
  }

  private void cancelTimers() {
    if (timeoutTask != null) {
      timeoutTask.cancel(false);
    }
    if (bookmarkTask != null) {
      bookmarkTask.cancel(false);
    }
  }
}
