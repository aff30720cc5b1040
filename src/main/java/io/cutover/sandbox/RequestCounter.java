package io.cutover.sandbox;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the API requests a sandbox cluster serves by client, verb and resource, with kube-apiserver's request
 * verbs (its {@code RequestInfo}): {@code get}, {@code list}, {@code watch} (a GET with {@code watch=true|1}),
 * {@code create} (POST), {@code update} (PUT), {@code patch}, {@code delete}, {@code deletecollection}. The resource
 * is the plural name with its subresource ({@code serviceaccounts/token}, {@code serviceaccountmigrations/status});
 * a request outside the resource API ({@code /.well-known/openid-configuration}, discovery) counts under its path
 * with the lowercased HTTP method, as kube-apiserver's non-resource requests do. The client is the request's
 * {@code User-Agent} (empty when none), so a benchmark can tell its own requests from the operator's.
 */
public final class RequestCounter {

  /** One counted kind of request. */
  public record Key(String userAgent, String verb, String resource) {}

  /**
   * Told of each request as it is counted, with its path (without the query): for a measurement that needs to know
   * which object a request named, or when it came (the benchmark's burst mode). Called on the server's thread: keep
   * it short.
   */
  public interface Tap {
    void request(Key key, String path);
  }

  private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
  private final List<Tap> taps = new CopyOnWriteArrayList<>();

  /** Counts one request. */
  public void record(RecordedRequest request) {
    String agent = request.getHeader("User-Agent");
    String path = request.getPath() == null ? "/" : request.getPath();
    String method = request.getMethod() == null ? "GET" : request.getMethod();
    Key key = classify(agent == null ? "" : agent, method, path);
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    if (!taps.isEmpty()) {
      int q = path.indexOf('?');
      String bare = q < 0 ? path : path.substring(0, q);
      taps.forEach(t -> t.request(key, bare));
    }
  }

  /** Hands every request counted from now on to {@code tap}, until the returned handle is closed. */
  public AutoCloseable tap(Tap tap) {
    taps.add(tap);
    return () -> taps.remove(tap);
  }

  /** A copy of the counts so far. */
  public Map<Key, Long> snapshot() {
    Map<Key, Long> copy = new TreeMap<>(java.util.Comparator.comparing(Key::userAgent).thenComparing(Key::verb)
        .thenComparing(Key::resource));
    counts.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }

  /** Forgets every count (e.g. after seeding, before a measurement). */
  public void reset() {
    counts.clear();
  }

  /** The kube-apiserver verb and resource of a request (method, path with query). */
  static Key classify(String userAgent, String method, String pathWithQuery) {
    int q = pathWithQuery.indexOf('?');
    String path = q < 0 ? pathWithQuery : pathWithQuery.substring(0, q);
    String query = q < 0 ? "" : pathWithQuery.substring(q + 1);
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String[] parts = path.startsWith("/") ? path.substring(1).split("/") : path.split("/");
    int rest;
    if (parts.length >= 2 && parts[0].equals("api")) {
      rest = 2; // api/v1/...
    } else if (parts.length >= 3 && parts[0].equals("apis")) {
      rest = 3; // apis/group/version/...
    } else {
      return new Key(userAgent, method.toLowerCase(), path);
    }
    if (parts.length == rest) {
      return new Key(userAgent, method.toLowerCase(), path); // discovery of a group version
    }
    // [namespaces/{ns}/]resource[/name[/subresource]]; "namespaces/{name}[/subresource]" is the namespace itself.
    int i = rest;
    if (parts[i].equals("namespaces") && parts.length > i + 2) {
      i += 2;
    }
    String resource = parts[i];
    boolean named = parts.length > i + 1;
    String subresource = parts.length > i + 2 ? parts[i + 2] : null;
    String verb = switch (method.toUpperCase()) {
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> isWatch(query) ? "watch" : named ? "get" : "list";
    };
    return new Key(userAgent, verb, subresource == null ? resource : resource + "/" + subresource);
  }

  private static boolean isWatch(String query) {
    for (String param : query.split("&")) {
      if (param.equals("watch=true") || param.equals("watch=1")) {
        return true;
      }
    }
    return false;
  }
}
