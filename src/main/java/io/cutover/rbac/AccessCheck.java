package io.cutover.rbac;

/**
 * A single permission to prove with SubjectAccessReview. A resource check has {@code apiGroup} ("" for the core group),
 * {@code resource}, optionally {@code subresource} and {@code name}, and {@code namespace} (null = all namespaces or a
 * cluster-scoped resource); a non-resource check has only {@code verb} and {@code nonResourcePath}.
 */
public record AccessCheck(String namespace, String verb, String apiGroup, String resource, String subresource,
                          String name, String nonResourcePath) {

  public static AccessCheck resource(String namespace, String verb, String apiGroup, String resource,
                                     String subresource, String name) {
    return new AccessCheck(namespace, verb, apiGroup, resource, subresource, name, null);
  }

  public static AccessCheck nonResource(String verb, String path) {
    return new AccessCheck(null, verb, null, null, null, null, path);
  }

  public boolean isNonResource() {
    return nonResourcePath != null;
  }
}
