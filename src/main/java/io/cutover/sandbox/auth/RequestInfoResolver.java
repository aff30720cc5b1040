package io.cutover.sandbox.auth;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a request asks of the authorizer, read from its method, path and query as kube-apiserver's
 * {@code RequestInfoFactory.NewRequestInfo} (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go) reads it: under
 * {@code /api/v1} and {@code /apis/GROUP/VERSION} a resource request (verb from the method: get, list or watch for a
 * GET, create, update, patch, delete or deletecollection; the legacy {@code watch} path prefix; namespace, resource,
 * subresource, name, and the name of an exact {@code metadata.name} field selector on a list), anything else a
 * non-resource request with the lower-cased method as verb.
 */
public final class RequestInfoResolver {

  private static final Set<String> SPECIAL_VERBS = Set.of("proxy", "watch");
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  private RequestInfoResolver() {
  }

  /** @param path without query; {@code query} its decoded parameters (first value of each). */
  public static RequestAttributes resolve(Caller caller, String method, String path, Map<String, String> query) {
    String verb = method.toLowerCase(java.util.Locale.ROOT);
    List<String> parts = split(path);
    RequestAttributes nonResource = RequestAttributes.nonResource(caller.name(), caller.groups(), verb, path);
    if (parts.size() < 3 || !(parts.get(0).equals("api") || parts.get(0).equals("apis"))) {
      return nonResource;
    }
    boolean groupless = parts.get(0).equals("api");
    parts = parts.subList(1, parts.size());
    String group = "";
    if (!groupless) {
      if (parts.size() < 3) {
        return nonResource;
      }
      group = parts.get(0);
      parts = parts.subList(1, parts.size());
    }
    parts = parts.subList(1, parts.size()); // the version
    if (SPECIAL_VERBS.contains(parts.get(0)) && parts.size() >= 2) {
      verb = parts.get(0);
      parts = parts.subList(1, parts.size());
    } else {
      verb = switch (method) {
        case "POST" -> "create";
        case "GET", "HEAD" -> "get";
        case "PUT" -> "update";
        case "PATCH" -> "patch";
        case "DELETE" -> "delete";
        default -> "";
      };
    }
    String namespace = "";
    if (parts.get(0).equals("namespaces")) {
      if (parts.size() > 1) {
        namespace = parts.get(1);
        if (parts.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(parts.get(2))) {
          parts = parts.subList(2, parts.size());
        }
      }
    }
    String resource = parts.get(0);
    String name = parts.size() >= 2 ? parts.get(1) : "";
    String subresource = parts.size() >= 3 && !verb.equals("proxy") ? parts.get(2) : "";
    if (name.isEmpty() && verb.equals("get")) {
      verb = watch(query.get("watch")) ? "watch" : "list";
      name = exactName(query.get("fieldSelector"));
    }
    if (name.isEmpty() && verb.equals("delete")) {
      verb = "deletecollection";
    }
    return RequestAttributes.resource(caller.name(), caller.groups(), verb, namespace, group, resource, subresource,
        name);
  }

  /** As strconv.ParseBool, which ListOptions' decoding uses for {@code watch}. */
  private static boolean watch(String value) {
    return value != null && Set.of("1", "t", "T", "true", "TRUE", "True").contains(value);
  }

  /** The value of a {@code metadata.name=} (or {@code ==}) requirement, when it is a valid path segment. */
  private static String exactName(String selector) {
    if (selector == null) {
      return "";
    }
    for (String term : selector.split(",")) {
      String t = term.trim();
      for (String operator : List.of("==", "=")) {
        String prefix = "metadata.name" + operator;
        if (t.startsWith(prefix) && !t.startsWith("metadata.name!=")) {
          String name = t.substring(prefix.length()).trim();
          boolean valid = !name.isEmpty() && !name.equals(".") && !name.equals("..") && !name.contains("/")
              && !name.contains("%");
          return valid ? name : "";
        }
      }
    }
    return "";
  }

  /** As splitPath: the path without its leading and trailing slashes, split on '/'; "/" is no parts. */
  private static List<String> split(String path) {
    String trimmed = path;
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/", -1));
  }
}
