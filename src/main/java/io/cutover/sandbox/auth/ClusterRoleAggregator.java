package io.cutover.sandbox.auth;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * kube-controller-manager's clusterrole-aggregation controller (pkg/controller/clusterroleaggregation), as a pure
 * function run to its fixed point.
 *
 * <p>For each ClusterRole with an aggregationRule, in the order of its selectors, the ClusterRoles matching the selector
 * (sorted by name, itself excluded) contribute their current rules, each rule once. The controller re-syncs a role
 * whenever a ClusterRole changes, so aggregated roles that are themselves aggregated into others (edit into admin)
 * settle after a few rounds; this class repeats the rounds until nothing changes.
 *
 * <p>Rules are compared semantically (a missing list equals an empty one), as the controller's
 * {@code equality.Semantic.DeepEqual} does, so an aggregated role whose selectors match nothing keeps {@code rules: null}.
 * A selector with an unknown operator makes that one role fail to sync, as in the controller: it is left unchanged.
 */
public final class ClusterRoleAggregator {

  private ClusterRoleAggregator() {
  }

  /** As kube-controller-manager's clusterrole-aggregation controller: for every ClusterRole with an aggregationRule,
   *  its rules become the union of the rules of the ClusterRoles whose labels match any of its selectors
   *  (matchLabels and matchExpressions), in a stable order, without duplicates. Returns only the ClusterRoles whose
   *  rules changed, as updated copies (never mutates the input). */
  public static List<ClusterRole> aggregate(List<ClusterRole> all) {
    Objects.requireNonNull(all, "all");
    // name -> current rules; the working state of the rounds, never the input objects' lists.
    Map<String, List<PolicyRule>> current = new LinkedHashMap<>();
    Map<String, ClusterRole> byName = new LinkedHashMap<>();
    for (ClusterRole role : all) {
      String name = name(role);
      if (byName.putIfAbsent(name, role) == null) {
        current.put(name, RbacAuthorizer.nonNull(role.getRules()));
      }
    }
    List<ClusterRole> sorted = new ArrayList<>(byName.values());
    sorted.sort(Comparator.comparing(ClusterRoleAggregator::name));

    // Each round can only move rules one aggregation level further; more rounds than roles means a cycle that
    // does not settle, which we stop rather than loop on.
    for (int round = 0; round <= byName.size(); round++) {
      boolean changed = false;
      for (ClusterRole role : byName.values()) {
        if (role.getAggregationRule() == null) {
          continue;
        }
        List<PolicyRule> next = aggregatedRules(role, sorted, current);
        if (next != null && !sameRules(next, current.get(name(role)))) {
          current.put(name(role), next);
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }

    List<ClusterRole> updated = new ArrayList<>();
    for (ClusterRole role : byName.values()) {
      List<PolicyRule> rules = current.get(name(role));
      if (role.getAggregationRule() != null && !sameRules(rules, RbacAuthorizer.nonNull(role.getRules()))) {
        updated.add(new ClusterRoleBuilder(role)
            .withRules(rules.stream().map(r -> new PolicyRuleBuilder(r).build()).toList())
            .build());
      }
    }
    return updated;
  }

  /** The rules the controller would write for {@code role} now, or null when one of its selectors is invalid. */
  private static List<PolicyRule> aggregatedRules(ClusterRole role, List<ClusterRole> sorted,
      Map<String, List<PolicyRule>> current) {
    List<PolicyRule> result = new ArrayList<>();
    for (LabelSelector selector : RbacAuthorizer.nonNull(role.getAggregationRule().getClusterRoleSelectors())) {
      for (ClusterRole candidate : sorted) {
        if (name(candidate).equals(name(role))) {
          continue;
        }
        Boolean matches = matches(selector, labels(candidate));
        if (matches == null) {
          return null;
        }
        if (!matches) {
          continue;
        }
        for (PolicyRule rule : current.get(name(candidate))) {
          if (result.stream().noneMatch(existing -> sameRule(existing, rule))) {
            result.add(rule);
          }
        }
      }
    }
    return result;
  }

  /**
   * metav1.LabelSelectorAsSelector then Matches: a null selector matches nothing, an empty one everything; all of
   * matchLabels and matchExpressions must hold. Null when an operator is unknown or its values are malformed.
   */
  static Boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> matchLabels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    List<LabelSelectorRequirement> expressions = RbacAuthorizer.nonNull(selector.getMatchExpressions());
    boolean all = true;
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!Objects.equals(labels.get(e.getKey()), e.getValue())) {
        all = false;
      }
    }
    for (LabelSelectorRequirement requirement : expressions) {
      String key = requirement.getKey();
      List<String> values = RbacAuthorizer.nonNull(requirement.getValues());
      String operator = RbacAuthorizer.nullToEmpty(requirement.getOperator());
      boolean holds;
      switch (operator) {
        case "In" -> {
          if (values.isEmpty()) {
            return null;
          }
          holds = labels.containsKey(key) && values.contains(labels.get(key));
        }
        case "NotIn" -> {
          if (values.isEmpty()) {
            return null;
          }
          holds = !labels.containsKey(key) || !values.contains(labels.get(key));
        }
        case "Exists" -> {
          if (!values.isEmpty()) {
            return null;
          }
          holds = labels.containsKey(key);
        }
        case "DoesNotExist" -> {
          if (!values.isEmpty()) {
            return null;
          }
          holds = !labels.containsKey(key);
        }
        default -> {
          return null;
        }
      }
      all &= holds;
    }
    return all;
  }

  static boolean sameRules(List<PolicyRule> a, List<PolicyRule> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!sameRule(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Semantic equality of two rules: same lists in the same order, a missing list equal to an empty one. */
  static boolean sameRule(PolicyRule a, PolicyRule b) {
    return sameList(a.getVerbs(), b.getVerbs())
        && sameList(a.getApiGroups(), b.getApiGroups())
        && sameList(a.getResources(), b.getResources())
        && sameList(a.getResourceNames(), b.getResourceNames())
        && sameList(a.getNonResourceURLs(), b.getNonResourceURLs());
  }

  private static boolean sameList(List<String> a, List<String> b) {
    return RbacAuthorizer.nonNull(a).equals(RbacAuthorizer.nonNull(b));
  }

  private static Map<String, String> labels(ClusterRole role) {
    if (role.getMetadata() == null || role.getMetadata().getLabels() == null) {
      return Map.of();
    }
    return role.getMetadata().getLabels();
  }

  private static String name(ClusterRole role) {
    return role.getMetadata() == null ? "" : RbacAuthorizer.nullToEmpty(role.getMetadata().getName());
  }
}
