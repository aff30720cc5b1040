package io.cutover.metrics;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * The Kubernetes verb of an HTTP request, as kube-apiserver's request info names it: get, list and watch for GET
 * (a watch is {@code ?watch=true}; a collection without a name is a list), create (POST), update (PUT), patch
 * (PATCH), delete and deletecollection (DELETE on a named object or on a collection). Paths outside /api and /apis
 * are non-resource requests: the lower-case HTTP method.
 */
public final class RequestVerb {
  private RequestVerb() {}

  public static String of(String method, URI uri) {
    String m = method == null ? "" : method.toUpperCase();
    List<String> parts = resourceParts(uri == null || uri.getRawPath() == null ? "" : uri.getRawPath());
    if (parts == null) {
      return m.toLowerCase();
    }
    boolean named = parts.size() >= 2;
    return switch (m) {
      case "GET", "HEAD" -> watch(uri.getRawQuery()) ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> m.toLowerCase();
    };
  }

  /** resource[/name[/subresource]] after the group/version and an optional namespaces/{ns}; null: not a resource path. */
  private static List<String> resourceParts(String path) {
    List<String> p = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    int start;
    if (p.size() >= 2 && p.get(0).equals("api")) {
      start = 2; // /api/v1
    } else if (p.size() >= 3 && p.get(0).equals("apis")) {
      start = 3; // /apis/group/version
    } else {
      return null;
    }
    List<String> rest = p.subList(start, p.size());
    if (rest.isEmpty()) {
      return null; // discovery
    }
    // namespaces/{ns}/{resource}... is namespaced; namespaces and namespaces/{ns}[/status] are the Namespace itself
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      rest = rest.subList(2, rest.size());
    }
    return rest;
  }

  private static boolean watch(String query) {
    if (query == null) {
      return false;
    }
    for (String param : query.split("&")) {
      if (param.equals("watch=true") || param.equals("watch=1") || param.equals("watch")) {
        return true;
      }
    }
    return false;
  }
}
