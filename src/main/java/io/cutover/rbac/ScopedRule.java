package io.cutover.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

/** A rule with the scope it applies in: a namespace, or null for cluster-wide. */
public record ScopedRule(String namespace, PolicyRule rule) {

  /** E.g. {@code get pods in namespace apps} or {@code get /healthz cluster-wide}. */
  public String describe() {
    return Rules.describe(rule) + (namespace == null ? " cluster-wide" : " in namespace " + namespace);
  }
}
