package io.cutover.sandbox.auth;

import java.util.List;
import java.util.Map;

/**
 * Who sent a request, as kube-apiserver's {@code user.Info}: name, uid, groups and extra. Made by the sandbox's
 * authentication (and impersonation) and read by its authorization.
 */
public record Caller(String name, String uid, List<String> groups, Map<String, List<String>> extra) {

  public static final String ANONYMOUS = "system:anonymous";
  public static final String UNAUTHENTICATED = "system:unauthenticated";
  public static final String AUTHENTICATED = "system:authenticated";
  /** The group kube-apiserver allows everything (its privileged-group authorizer runs before RBAC). */
  public static final String MASTERS = "system:masters";

  public Caller {
    name = name == null ? "" : name;
    uid = uid == null ? "" : uid;
    groups = groups == null ? List.of() : List.copyOf(groups);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  /** A request without credentials, as kube-apiserver's anonymous authenticator names it. */
  public static Caller anonymous() {
    return new Caller(ANONYMOUS, "", List.of(UNAUTHENTICATED), Map.of());
  }

  public boolean privileged() {
    return groups.contains(MASTERS);
  }
}
