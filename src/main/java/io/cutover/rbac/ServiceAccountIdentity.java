package io.cutover.rbac;

import java.util.List;
import java.util.Objects;

/**
 * A ServiceAccount as an RBAC subject: user {@code system:serviceaccount:NS:NAME}, groups {@code system:serviceaccounts},
 * {@code system:serviceaccounts:NS} and {@code system:authenticated} (what kube-apiserver's ServiceAccount token
 * authenticator puts in the user info).
 */
public record ServiceAccountIdentity(String namespace, String name) {

  public static final String USERNAME_PREFIX = "system:serviceaccount:";
  public static final String ALL_SERVICE_ACCOUNTS_GROUP = "system:serviceaccounts";
  public static final String AUTHENTICATED_GROUP = "system:authenticated";

  public ServiceAccountIdentity {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (namespace.isEmpty() || name.isEmpty()) {
      throw new IllegalArgumentException("a ServiceAccount needs a namespace and a name");
    }
  }

  /** {@code system:serviceaccount:NS:NAME}. */
  public String username() {
    return USERNAME_PREFIX + namespace + ":" + name;
  }

  /** {@code system:serviceaccounts}, {@code system:serviceaccounts:NS}, {@code system:authenticated}. */
  public List<String> groups() {
    return List.of(ALL_SERVICE_ACCOUNTS_GROUP, ALL_SERVICE_ACCOUNTS_GROUP + ":" + namespace, AUTHENTICATED_GROUP);
  }
}
