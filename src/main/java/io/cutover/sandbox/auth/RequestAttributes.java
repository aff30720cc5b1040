package io.cutover.sandbox.auth;

import java.util.List;

/**
 * What a request asks, as in the spec of an authorization.k8s.io/v1 SubjectAccessReview: who ({@code user},
 * {@code groups}) wants to do what ({@code verb}) either to a resource ({@code resourceRequest} true:
 * {@code namespace}, {@code apiGroup}, {@code resource}, {@code subresource}, {@code name}) or to a non-resource URL
 * ({@code resourceRequest} false: {@code path}). Null strings are read as empty, a null group list as no groups.
 */
public record RequestAttributes(String user, List<String> groups, String verb,
    boolean resourceRequest, String namespace, String apiGroup, String resource, String subresource, String name,
    String path) {

  public RequestAttributes {
    user = nullToEmpty(user);
    groups = groups == null ? List.of() : List.copyOf(groups);
    verb = nullToEmpty(verb);
    namespace = nullToEmpty(namespace);
    apiGroup = nullToEmpty(apiGroup);
    resource = nullToEmpty(resource);
    subresource = nullToEmpty(subresource);
    name = nullToEmpty(name);
    path = nullToEmpty(path);
  }

  /** A resource request (SubjectAccessReview {@code resourceAttributes}); {@code namespace} empty for cluster scope. */
  public static RequestAttributes resource(String user, List<String> groups, String verb, String namespace,
      String apiGroup, String resource, String subresource, String name) {
    return new RequestAttributes(user, groups, verb, true, namespace, apiGroup, resource, subresource, name, "");
  }

  /** A non-resource request (SubjectAccessReview {@code nonResourceAttributes}), e.g. {@code get /healthz}. */
  public static RequestAttributes nonResource(String user, List<String> groups, String verb, String path) {
    return new RequestAttributes(user, groups, verb, false, "", "", "", "", "", path);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
