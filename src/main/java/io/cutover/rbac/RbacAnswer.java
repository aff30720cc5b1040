package io.cutover.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;

/**
 * What RBAC alone answers for one ServiceAccount and one request, from a snapshot of a cluster's RBAC objects: the
 * rules bound to it (directly and through its groups) where the request applies, covering the request as
 * kube-apiserver's RBAC authorizer matches rules (verb, API group, resource/subresource, name; non-resource path).
 */
public final class RbacAnswer {
  private RbacAnswer() {}

  public static boolean allows(RbacSnapshot rbac, ServiceAccountIdentity identity, AccessCheck check) {
    List<PolicyRule> rules = EffectiveRules.rulesIn(EffectiveRules.grantsFor(rbac, identity), check.namespace());
    PolicyRule asked = check.isNonResource()
        ? Rules.nonResourceRule(List.of(check.verb()), List.of(check.nonResourcePath()))
        : Rules.resourceRule(List.of(check.verb()), List.of(check.apiGroup() == null ? "" : check.apiGroup()),
            List.of(check.subresource() == null ? check.resource() : check.resource() + "/" + check.subresource()),
            check.name() == null ? List.of() : List.of(check.name()));
    return RuleCoverage.covers(rules, List.of(asked)).covered();
  }
}
