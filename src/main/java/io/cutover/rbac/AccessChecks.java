package io.cutover.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The single SubjectAccessReview checks that prove a set of grants. */
public final class AccessChecks {

  private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

  /** Sort order: namespace, then resource checks before non-resource ones, then group, resource, subresource, name, verb. */
  public static final Comparator<AccessCheck> ORDER = Comparator
      .comparing(AccessCheck::namespace, NULLS_FIRST)
      .thenComparing(AccessCheck::nonResourcePath, NULLS_FIRST)
      .thenComparing(AccessCheck::apiGroup, NULLS_FIRST)
      .thenComparing(AccessCheck::resource, NULLS_FIRST)
      .thenComparing(AccessCheck::subresource, NULLS_FIRST)
      .thenComparing(AccessCheck::name, NULLS_FIRST)
      .thenComparing(AccessCheck::verb, NULLS_FIRST);

  private AccessChecks() {}

  /**
   * One check per (namespace, verb, group, resource[/subresource], resourceName) combination of each rule, wildcards
   * kept as the literal {@code "*"} (a SubjectAccessReview for verb {@code "*"} is allowed only by a rule whose verbs
   * include {@code "*"}, and likewise for groups and resources, so the literal proves the wildcard). A resource
   * {@code "pods/log"} becomes resource {@code pods}, subresource {@code log}; {@code "*\/scale"} becomes {@code "*"},
   * {@code scale}. Non-resource URLs become path+verb checks (a trailing-{@code *} URL is checked with the
   * {@code "*"}-path as given, which only a rule whose URL covers it allows); they come only from cluster-wide grants,
   * because a RoleBinding cannot grant a non-resource URL. Sorted by {@link #ORDER}, without duplicates.
   */
  public static List<AccessCheck> enumerate(List<Grant> grants) {
    Set<AccessCheck> checks = new LinkedHashSet<>();
    for (Grant grant : grants) {
      PolicyRule rule = grant.rule();
      List<String> names = Rules.resourceNames(rule);
      for (String group : Rules.apiGroups(rule)) {
        for (String resource : Rules.resources(rule)) {
          int slash = resource.indexOf('/');
          String base = slash < 0 ? resource : resource.substring(0, slash);
          String subresource = slash < 0 ? null : resource.substring(slash + 1);
          for (String verb : Rules.verbs(rule)) {
            if (names.isEmpty()) {
              checks.add(AccessCheck.resource(grant.namespace(), verb, group, base, subresource, null));
            } else {
              for (String name : names) {
                checks.add(AccessCheck.resource(grant.namespace(), verb, group, base, subresource, name));
              }
            }
          }
        }
      }
      if (grant.namespace() == null) {
        for (String url : Rules.nonResourceUrls(rule)) {
          for (String verb : Rules.verbs(rule)) {
            checks.add(AccessCheck.nonResource(verb, url));
          }
        }
      }
    }
    List<AccessCheck> sorted = new ArrayList<>(checks);
    sorted.sort(ORDER);
    return List.copyOf(sorted);
  }
}
