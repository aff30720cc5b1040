package io.cutover.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Compares what a target identity would be granted with what the source identity has, scope by scope, using
 * Kubernetes' coverage check ({@link RuleCoverage#covers}).
 */
public final class Escalation {

  private static final Comparator<ScopedRule> ORDER = Comparator
      .comparing(ScopedRule::namespace, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
      .thenComparing(s -> Rules.key(s.rule()));

  private Escalation() {}

  /**
   * A target grant in namespace T must be covered by the source grants that apply in a source namespace that maps to T
   * (source cluster-wide grants apply in every namespace); a target cluster-wide grant must be covered by source
   * cluster-wide grants. Conversely a source grant in namespace S must be covered by the target grants in the
   * namespace S maps to (plus target cluster-wide grants), and a source cluster-wide grant by target cluster-wide
   * grants only: grants in every existing namespace still miss namespaces created later and cluster-scoped resources.
   *
   * @param sourceToTargetNamespace maps a source namespace to the target namespace its grants are carried to; may
   *     return null when that namespace is not carried (its source grants are then all losses)
   * @return escalations scoped by target namespace, losses scoped by source namespace (null = cluster-wide), each
   *     broken down to single rules, sorted, without duplicates
   */
  public static RbacDiff diff(List<Grant> source, List<Grant> target,
                              UnaryOperator<String> sourceToTargetNamespace) {
    Objects.requireNonNull(sourceToTargetNamespace, "sourceToTargetNamespace");
    List<PolicyRule> sourceClusterWide = clusterWide(source);
    List<PolicyRule> targetClusterWide = clusterWide(target);

    List<ScopedRule> escalations = new ArrayList<>();
    for (Grant grant : target) {
      List<PolicyRule> owner = new ArrayList<>(sourceClusterWide);
      if (grant.namespace() != null) {
        for (Grant s : source) {
          if (s.namespace() != null && grant.namespace().equals(sourceToTargetNamespace.apply(s.namespace()))) {
            owner.add(s.rule());
          }
        }
      }
      for (PolicyRule rule : RuleCoverage.covers(owner, List.of(grant.rule())).uncovered()) {
        escalations.add(new ScopedRule(grant.namespace(), rule));
      }
    }

    List<ScopedRule> losses = new ArrayList<>();
    for (Grant grant : source) {
      List<PolicyRule> owner = new ArrayList<>(targetClusterWide);
      if (grant.namespace() != null) {
        String mapped = sourceToTargetNamespace.apply(grant.namespace());
        if (mapped != null) {
          owner.addAll(target.stream().filter(t -> mapped.equals(t.namespace())).map(Grant::rule).toList());
        }
      }
      for (PolicyRule rule : RuleCoverage.covers(owner, List.of(grant.rule())).uncovered()) {
        losses.add(new ScopedRule(grant.namespace(), rule));
      }
    }
    return new RbacDiff(distinctSorted(escalations), distinctSorted(losses));
  }

  private static List<PolicyRule> clusterWide(List<Grant> grants) {
    return grants.stream().filter(g -> g.namespace() == null).map(Grant::rule).toList();
  }

  private static List<ScopedRule> distinctSorted(List<ScopedRule> rules) {
    Map<String, ScopedRule> byKey = new LinkedHashMap<>();
    for (ScopedRule rule : rules) {
      byKey.putIfAbsent((rule.namespace() == null ? "\u0002" : rule.namespace()) + "\u0001" + Rules.key(rule.rule()), rule);
    }
    List<ScopedRule> sorted = new ArrayList<>(byKey.values());
    sorted.sort(ORDER);
    return List.copyOf(sorted);
  }
}
