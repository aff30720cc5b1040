package io.cutover.sandbox.auth;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;

/**
 * Whether one PolicyRule allows one request, as RuleAllows and its matchers in
 * plugin/pkg/auth/authorizer/rbac/rbac.go and pkg/apis/rbac/v1/evaluation_helpers.go. Every comparison is an exact,
 * case-sensitive string match; {@code *} is the only wildcard (plus "star slash subresource" for that subresource of any resource
 * and a trailing {@code *} in a non-resource URL); an empty string in a rule is an ordinary value, not a wildcard.
 */
public final class RbacRules {

  private static final String ALL = "*";

  private RbacRules() {
  }

  /** True when {@code rule} allows {@code request}. */
  public static boolean allows(RequestAttributes request, PolicyRule rule) {
    if (request.resourceRequest()) {
      String combined = request.subresource().isEmpty()
          ? request.resource() : request.resource() + "/" + request.subresource();
      return verbMatches(rule, request.verb())
          && apiGroupMatches(rule, request.apiGroup())
          && resourceMatches(rule, combined, request.subresource())
          && resourceNameMatches(rule, request.name());
    }
    return verbMatches(rule, request.verb()) && nonResourceUrlMatches(rule, request.path());
  }

  static boolean verbMatches(PolicyRule rule, String verb) {
    return containsOrAll(rule.getVerbs(), verb);
  }

  static boolean apiGroupMatches(PolicyRule rule, String group) {
    return containsOrAll(rule.getApiGroups(), group);
  }

  static boolean resourceMatches(PolicyRule rule, String combinedResource, String subresource) {
    for (String ruleResource : RbacAuthorizer.nonNull(rule.getResources())) {
      if (ALL.equals(ruleResource) || combinedResource.equals(ruleResource)) {
        return true;
      }
      if (!subresource.isEmpty() && ruleResource != null && ruleResource.equals("*/" + subresource)) {
        return true;
      }
    }
    return false;
  }

  static boolean resourceNameMatches(PolicyRule rule, String name) {
    List<String> names = RbacAuthorizer.nonNull(rule.getResourceNames());
    return names.isEmpty() || names.contains(name);
  }

  static boolean nonResourceUrlMatches(PolicyRule rule, String path) {
    for (String ruleUrl : RbacAuthorizer.nonNull(rule.getNonResourceURLs())) {
      if (ruleUrl == null) {
        continue;
      }
      if (ALL.equals(ruleUrl) || ruleUrl.equals(path)) {
        return true;
      }
      if (ruleUrl.endsWith(ALL) && path.startsWith(stripTrailingStars(ruleUrl))) {
        return true;
      }
    }
    return false;
  }

  private static String stripTrailingStars(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '*') {
      end--;
    }
    return s.substring(0, end);
  }

  private static boolean containsOrAll(List<String> values, String requested) {
    for (String value : RbacAuthorizer.nonNull(values)) {
      if (ALL.equals(value) || requested.equals(value)) {
        return true;
      }
    }
    return false;
  }
}
