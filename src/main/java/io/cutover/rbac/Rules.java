package io.cutover.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Small helpers for fabric8 {@link PolicyRule}s: null-safe field access, construction and a human description. */
public final class Rules {

  /** The wildcard RBAC uses for verbs, API groups, resources and non-resource URLs. */
  public static final String ALL = "*";

  private Rules() {}

  /** A resource rule; {@code resourceNames} may be empty. */
  public static PolicyRule resourceRule(List<String> verbs, List<String> apiGroups, List<String> resources,
                                        List<String> resourceNames) {
    return rule(verbs, apiGroups, resources, resourceNames, List.of());
  }

  /** A non-resource rule. */
  public static PolicyRule nonResourceRule(List<String> verbs, List<String> nonResourceUrls) {
    return rule(verbs, List.of(), List.of(), List.of(), nonResourceUrls);
  }

  /** A rule with every field given (copied; null means empty). */
  public static PolicyRule rule(List<String> verbs, List<String> apiGroups, List<String> resources,
                                List<String> resourceNames, List<String> nonResourceUrls) {
    PolicyRule rule = new PolicyRule();
    rule.setVerbs(copy(verbs));
    rule.setApiGroups(copy(apiGroups));
    rule.setResources(copy(resources));
    rule.setResourceNames(copy(resourceNames));
    rule.setNonResourceURLs(copy(nonResourceUrls));
    return rule;
  }

  /** A copy of the rule with its five lists copied and nulls made empty (additional properties are dropped). */
  public static PolicyRule copyOf(PolicyRule rule) {
    return rule(verbs(rule), apiGroups(rule), resources(rule), resourceNames(rule), nonResourceUrls(rule));
  }

  public static List<String> verbs(PolicyRule rule) {
    return orEmpty(rule.getVerbs());
  }

  public static List<String> apiGroups(PolicyRule rule) {
    return orEmpty(rule.getApiGroups());
  }

  public static List<String> resources(PolicyRule rule) {
    return orEmpty(rule.getResources());
  }

  public static List<String> resourceNames(PolicyRule rule) {
    return orEmpty(rule.getResourceNames());
  }

  public static List<String> nonResourceUrls(PolicyRule rule) {
    return orEmpty(rule.getNonResourceURLs());
  }

  /**
   * Whether two rules have the same verbs, groups, resources, names and URLs, in the same order, treating null and
   * empty lists alike (fabric8's {@code equals} does not).
   */
  public static boolean sameRule(PolicyRule a, PolicyRule b) {
    return verbs(a).equals(verbs(b)) && apiGroups(a).equals(apiGroups(b)) && resources(a).equals(resources(b))
        && resourceNames(a).equals(resourceNames(b)) && nonResourceUrls(a).equals(nonResourceUrls(b));
  }

  /**
   * A short human description for status messages, e.g. {@code get,list pods in apps}, {@code get pods named web}
   * (core group), {@code get /healthz}. A rule with both parts gives both, separated by {@code "; "}. Groups are left
   * out when the rule names only the core group; otherwise the core group shows as {@code core}.
   */
  public static String describe(PolicyRule rule) {
    String verbs = join(verbs(rule));
    List<String> parts = new ArrayList<>(2);
    if (!resources(rule).isEmpty() || !apiGroups(rule).isEmpty()) {
      StringBuilder part = new StringBuilder(verbs).append(' ').append(join(resources(rule)));
      List<String> groups = apiGroups(rule);
      if (!(groups.size() == 1 && groups.get(0).isEmpty())) {
        part.append(" in ").append(String.join(",", groups.stream().map(g -> g.isEmpty() ? "core" : g).toList()));
      }
      if (!resourceNames(rule).isEmpty()) {
        part.append(" named ").append(join(resourceNames(rule)));
      }
      parts.add(part.toString());
    }
    if (!nonResourceUrls(rule).isEmpty()) {
      parts.add(verbs + ' ' + join(nonResourceUrls(rule)));
    }
    if (parts.isEmpty()) {
      return verbs.isEmpty() ? "(nothing)" : verbs + " (nothing)";
    }
    return String.join("; ", parts);
  }

  /** A key that identifies a rule's content (for de-duplication and stable sorting). */
  static String key(PolicyRule rule) {
    return String.join("\u0000", List.of(join(nonResourceUrls(rule)), join(apiGroups(rule)), join(resources(rule)),
        join(resourceNames(rule)), join(verbs(rule))));
  }

  private static String join(List<String> values) {
    return String.join(",", values);
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values;
  }

  private static List<String> copy(List<String> values) {
    if (values == null) {
      return new ArrayList<>();
    }
    values.forEach(v -> Objects.requireNonNull(v, "RBAC rule lists may not hold null"));
    return new ArrayList<>(values);
  }
}
