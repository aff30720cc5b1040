package io.cutover.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Kubernetes' escalation check, as kube-apiserver runs it before letting someone create a Role or binding
 * ({@code pkg/registry/rbac/validation/policy_comparator.go}, {@code Covers}): owner rules cover servant rules when every
 * servant rule, broken down to single verb/group/resource(/resourceName) and verb/URL combinations, is covered by one
 * owner rule. Wildcards cover only in the owner: a servant's {@code "*"} is covered only by an owner's {@code "*"}.
 */
public final class RuleCoverage {

  private RuleCoverage() {}

  /** Do the owner rules cover the servant rules; {@code uncovered} lists the broken-down servant rules that no owner rule covers. */
  public static Coverage covers(List<PolicyRule> owner, List<PolicyRule> servant) {
    List<PolicyRule> uncovered = new ArrayList<>();
    for (PolicyRule servantRule : servant) {
      for (PolicyRule subrule : breakdown(servantRule)) {
        if (owner.stream().noneMatch(ownerRule -> ruleCovers(ownerRule, subrule))) {
          uncovered.add(subrule);
        }
      }
    }
    return new Coverage(uncovered.isEmpty(), uncovered);
  }

  /**
   * The rule as single-permission rules: one per (group, resource, verb[, resourceName]) and one per (URL, verb), in
   * that order. A rule without verbs breaks down to nothing (it grants nothing).
   */
  public static List<PolicyRule> breakdown(PolicyRule rule) {
    List<PolicyRule> subrules = new ArrayList<>();
    List<String> names = Rules.resourceNames(rule);
    for (String group : Rules.apiGroups(rule)) {
      for (String resource : Rules.resources(rule)) {
        for (String verb : Rules.verbs(rule)) {
          if (names.isEmpty()) {
            subrules.add(Rules.resourceRule(List.of(verb), List.of(group), List.of(resource), List.of()));
          } else {
            for (String name : names) {
              subrules.add(Rules.resourceRule(List.of(verb), List.of(group), List.of(resource), List.of(name)));
            }
          }
        }
      }
    }
    for (String url : Rules.nonResourceUrls(rule)) {
      for (String verb : Rules.verbs(rule)) {
        subrules.add(Rules.nonResourceRule(List.of(verb), List.of(url)));
      }
    }
    return subrules;
  }

  /**
   * Whether one owner rule covers a servant rule: verbs, groups, resources, resource names and URLs each covered.
   * Meant for broken-down servant rules (as {@link #covers} uses it), but sound for any servant rule.
   */
  public static boolean ruleCovers(PolicyRule owner, PolicyRule servant) {
    List<String> ownerNames = Rules.resourceNames(owner);
    List<String> servantNames = Rules.resourceNames(servant);
    boolean namesMatch = servantNames.isEmpty()
        ? ownerNames.isEmpty()
        : ownerNames.isEmpty() || hasAll(ownerNames, servantNames);
    return coversAllOrStar(Rules.verbs(owner), Rules.verbs(servant))
        && coversAllOrStar(Rules.apiGroups(owner), Rules.apiGroups(servant))
        && resourcesCoverAll(Rules.resources(owner), Rules.resources(servant))
        && namesMatch
        && nonResourceUrlsCoverAll(Rules.nonResourceUrls(owner), Rules.nonResourceUrls(servant));
  }

  /**
   * Whether an owner's non-resource URL covers a requested one: equal, or the owner ends in {@code *} and the request
   * starts with the owner without its trailing stars ({@code /api/*} covers {@code /api/v1} but not {@code /api}).
   */
  public static boolean nonResourceUrlCovers(String ownerPath, String requestedPath) {
    if (ownerPath.equals(requestedPath)) {
      return true;
    }
    return ownerPath.endsWith(Rules.ALL) && requestedPath.startsWith(trimTrailingStars(ownerPath));
  }

  private static boolean coversAllOrStar(List<String> owner, List<String> servant) {
    return owner.contains(Rules.ALL) || hasAll(owner, servant);
  }

  private static boolean resourcesCoverAll(List<String> owner, List<String> servant) {
    if (owner.contains(Rules.ALL) || hasAll(owner, servant)) {
      return true;
    }
    for (String resource : servant) {
      if (owner.contains(resource)) {
        continue;
      }
      int slash = resource.indexOf('/');
      // A plain resource is covered only by itself or "*"; a subresource also by "*/subresource".
      if (slash < 0 || !owner.contains("*/" + resource.substring(slash + 1))) {
        return false;
      }
    }
    return true;
  }

  private static boolean nonResourceUrlsCoverAll(List<String> owner, List<String> servant) {
    return servant.stream().allMatch(path -> owner.stream().anyMatch(o -> nonResourceUrlCovers(o, path)));
  }

  private static boolean hasAll(List<String> set, List<String> contains) {
    Set<String> owning = new HashSet<>(set);
    return owning.containsAll(contains);
  }

  private static String trimTrailingStars(String path) {
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '*') {
      end--;
    }
    return path.substring(0, end);
  }
}
