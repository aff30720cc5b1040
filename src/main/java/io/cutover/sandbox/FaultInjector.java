package io.cutover.sandbox;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * API faults of one sandbox cluster, in front of its dispatcher: errors as kube-apiserver sends them (500
 * InternalError, 503 ServiceUnavailable, 429 TooManyRequests with {@code Retry-After}, 409 Conflict on updates), errors
 * sent <em>after</em> a write was applied (the write landed, the answer was lost: the case that makes a client re-send
 * a POST or DELETE), slow answers and answers later than a client's timeout, and dropped watches (the watch is ended
 * with the 410 Expired ERROR event kube-apiserver sends when a watch cannot go on, so informers re-list).
 *
 * <p>Faults come from a seeded rate ({@link #atRate}) and from a script ({@link #script}: "the 3rd POST to
 * {@code .../token} answers 500 after it was applied"); a script rule wins over the rate. Off until configured.
 * Delays are served by the HTTP server after the answer was computed, so nothing waits while holding the
 * dispatcher's lock. With a rate, the faults drawn depend on the order requests arrive in; the seed makes a run
 * reproducible as far as that order is.
 */
public final class FaultInjector {

  /** What a faulted request gets. */
  public enum Fault {
    /** 500 InternalError; the request was not applied. */
    INTERNAL_ERROR,
    /** 503 ServiceUnavailable; the request was not applied. */
    UNAVAILABLE,
    /** 429 TooManyRequests with {@code Retry-After: 1}; the request was not applied. */
    TOO_MANY_REQUESTS,
    /** 409 Conflict "the object has been modified" (PUT and PATCH only); the request was not applied. */
    CONFLICT,
    /** The request was applied, then answered 500 (writes only: POST, PUT, PATCH, DELETE). */
    ERROR_AFTER_APPLY,
    /** The request was applied and answered after {@link #slowDelay()}. */
    SLOW,
    /** The request was applied and answered after {@link #timeoutDelay()} (set it above the client's timeout). */
    TIMEOUT,
    /** A watch: it opens, then ends after a short while with 410 Expired (watch requests only). */
    DROP_WATCH;

    boolean appliesTo(String method, boolean watch) {
      return switch (this) {
        case DROP_WATCH -> watch;
        case CONFLICT -> !watch && (method.equals("PUT") || method.equals("PATCH"));
        case ERROR_AFTER_APPLY -> !watch && WRITES.contains(method);
        default -> !watch;
      };
    }
  }

  /** Rate faults of every kind but {@link Fault#TIMEOUT} (which needs a delay chosen against the client). */
  public static final Set<Fault> DEFAULT_KINDS = EnumSet.complementOf(EnumSet.of(Fault.TIMEOUT));

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  /**
   * A scripted fault: the {@code nth} request (1-based) whose method and path (query excluded) match gets
   * {@code fault}, and so do the following {@code times - 1} matching requests.
   */
  public record Rule(String method, Pattern path, int nth, int times, Fault fault) {
    public Rule {
      if (nth < 1 || times < 1) {
        throw new IllegalArgumentException("nth and times start at 1");
      }
    }

    public static Rule nth(String method, String pathRegex, int nth, Fault fault) {
      return new Rule(method, Pattern.compile(pathRegex), nth, 1, fault);
    }

    boolean matches(String method, String path) {
      return (this.method == null || this.method.equalsIgnoreCase(method)) && this.path.matcher(path).matches();
    }
  }

  private final String cluster;
  private final Object lock = new Object();
  private final Map<Fault, Long> injected = new EnumMap<>(Fault.class);
  private final List<Rule> rules = new ArrayList<>();
  private final List<Integer> seen = new ArrayList<>();
  private final List<Counter> counters = new ArrayList<>();
  private final ScheduledExecutorService dropper;
  private double rate;
  private Set<Fault> kinds = DEFAULT_KINDS;
  private Random random = new Random(0);
  private Duration slowDelay = Duration.ofMillis(150);
  private Duration timeoutDelay = Duration.ofSeconds(2);
  private Duration watchLifetime = Duration.ofMillis(1500);

  FaultInjector(String cluster) {
    this.cluster = cluster;
    this.dropper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sandbox-" + cluster + "-watch-dropper");
      t.setDaemon(true);
      return t;
    });
  }

  /** From now on, each request gets one of {@code kinds} (those that apply to it) with probability {@code rate}. */
  public FaultInjector atRate(double rate, long seed, Set<Fault> kinds) {
    if (rate < 0 || rate > 1 || kinds.isEmpty()) {
      throw new IllegalArgumentException("rate in [0,1] and at least one kind");
    }
    synchronized (lock) {
      this.rate = rate;
      this.random = new Random(seed);
      this.kinds = EnumSet.copyOf(kinds);
    }
    return this;
  }

  public FaultInjector atRate(double rate, long seed) {
    return atRate(rate, seed, DEFAULT_KINDS);
  }

  /** Adds a scripted rule; requests are counted from the moment it is added. */
  public FaultInjector script(Rule rule) {
    synchronized (lock) {
      rules.add(rule);
      seen.add(0);
    }
    return this;
  }

  /** How long {@link Fault#SLOW}, {@link Fault#TIMEOUT} delay the answer; how long a dropped watch lives. */
  public FaultInjector delays(Duration slow, Duration timeout, Duration watchLifetime) {
    synchronized (lock) {
      this.slowDelay = slow;
      this.timeoutDelay = timeout;
      this.watchLifetime = watchLifetime;
    }
    return this;
  }

  /** No more faults (rate 0, no rules); the counts are kept. */
  public FaultInjector off() {
    synchronized (lock) {
      rate = 0;
      rules.clear();
      seen.clear();
    }
    return this;
  }

  public Duration slowDelay() {
    synchronized (lock) {
      return slowDelay;
    }
  }

  public Duration timeoutDelay() {
    synchronized (lock) {
      return timeoutDelay;
    }
  }

  /** Faults injected so far, by kind. */
  public Map<Fault, Long> injected() {
    synchronized (lock) {
      return Map.copyOf(injected);
    }
  }

  public long injectedTotal() {
    synchronized (lock) {
      return injected.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Counts, from now on, the requests with this method whose path (query excluded) matches: how a test sees, for
   * instance, how many DELETEs of one object reached the cluster.
   */
  public java.util.concurrent.atomic.AtomicInteger countRequests(String method, String pathRegex) {
    var counter = new java.util.concurrent.atomic.AtomicInteger();
    Pattern path = Pattern.compile(pathRegex);
    synchronized (lock) {
      counters.add(new Counter(method.toUpperCase(), path, counter));
    }
    return counter;
  }

  private record Counter(String method, Pattern path, java.util.concurrent.atomic.AtomicInteger count) {}

  /** Serves {@code request} through {@code next}, or not, as the fault drawn for it says. */
  MockResponse serve(RecordedRequest request, Function<RecordedRequest, MockResponse> next) {
    String method = request.getMethod() == null ? "GET" : request.getMethod().toUpperCase();
    String full = request.getPath() == null ? "/" : request.getPath();
    int q = full.indexOf('?');
    String path = q < 0 ? full : full.substring(0, q);
    boolean watch = q >= 0 && full.substring(q + 1).matches("(.*&)?watch=(true|1)(&.*)?");
    Fault fault = draw(method, path, watch);
    if (fault == null) {
      return next.apply(request);
    }
    return switch (fault) {
      case INTERNAL_ERROR -> failure(500, "InternalError",
          "Internal error occurred: injected by the sandbox (" + cluster + ")");
      case UNAVAILABLE -> failure(503, "ServiceUnavailable", "the server is currently unable to handle the request");
      case TOO_MANY_REQUESTS -> Responses.json(429, new io.fabric8.kubernetes.api.model.StatusBuilder()
          .withStatus("Failure").withCode(429).withReason("TooManyRequests")
          .withMessage("the server has received too many requests and has asked us to try again later")
          .withNewDetails().withRetryAfterSeconds(1).endDetails().build()).setHeader("Retry-After", "1");
      case CONFLICT -> Responses.conflict(path);
      case ERROR_AFTER_APPLY -> {
        next.apply(request);
        yield failure(500, "InternalError", "Internal error occurred: injected by the sandbox (" + cluster
            + ") after the request was applied");
      }
      case SLOW -> next.apply(request).setBodyDelay(slowDelay());
      case TIMEOUT -> next.apply(request).setBodyDelay(timeoutDelay());
      case DROP_WATCH -> dropLater(next.apply(request));
    };
  }

  private Fault draw(String method, String path, boolean watch) {
    synchronized (lock) {
      for (Counter c : counters) {
        if (c.method().equals(method) && c.path().matcher(path).matches()) {
          c.count().incrementAndGet();
        }
      }
      for (int i = 0; i < rules.size(); i++) {
        Rule rule = rules.get(i);
        if (rule.matches(method, path) && rule.fault().appliesTo(method, watch)) {
          int n = seen.get(i) + 1;
          seen.set(i, n);
          if (n >= rule.nth() && n < rule.nth() + rule.times()) {
            return count(rule.fault());
          }
        }
      }
      if (rate <= 0 || random.nextDouble() >= rate) {
        return null;
      }
      List<Fault> applicable = kinds.stream().filter(k -> k.appliesTo(method, watch)).toList();
      return applicable.isEmpty() ? null : count(applicable.get(random.nextInt(applicable.size())));
    }
  }

  private Fault count(Fault fault) {
    injected.merge(fault, 1L, Long::sum);
    return fault;
  }

  private MockResponse dropLater(MockResponse response) {
    WebSocketListener listener = response.getWebSocketListener();
    if (listener == null || listener instanceof HttpWatch) {
      // Only WebSocket watches (fabric8's) are dropped; HTTP watches (kubectl's) are streamed by the server itself.
      return response;
    }
    Duration lifetime;
    synchronized (lock) {
      lifetime = watchLifetime;
    }
    return response.withWebSocketUpgrade(new DroppingListener(listener, lifetime));
  }

  private static MockResponse failure(int code, String reason, String message) {
    return Responses.failure(code, reason, message, "", null, null, null);
  }

  /** Passes a watch through, then ends it as kube-apiserver ends a watch that cannot continue: 410 Expired. */
  private final class DroppingListener extends WebSocketListener {
    private final WebSocketListener delegate;
    private final Duration lifetime;

    DroppingListener(WebSocketListener delegate, Duration lifetime) {
      this.delegate = delegate;
      this.lifetime = lifetime;
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
      delegate.onBeforeAccept(webSocket, response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      delegate.onOpen(webSocket, response);
      dropper.schedule(() -> {
        webSocket.send("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
            + "\"status\":\"Failure\",\"message\":\"too old resource version\",\"reason\":\"Expired\",\"code\":410}}");
        webSocket.close(1000, "watch dropped by the sandbox");
      }, lifetime.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      delegate.onMessage(webSocket, text);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
      delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
      delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      delegate.onClosing(webSocket, code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      delegate.onClosed(webSocket, code, reason);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
      delegate.onFailure(webSocket, t, response);
    }
  }

  void close() {
    dropper.shutdownNow();
  }

  @Override
  public String toString() {
    return "FaultInjector[" + cluster + "]";
  }
}
