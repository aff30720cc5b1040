package io.cutover.plan;

import io.cutover.api.v1alpha1.Ownership;
import io.cutover.observe.TargetObservation;
import io.cutover.rbac.EffectiveRules;
import io.cutover.rbac.Grant;
import io.cutover.rbac.RbacSnapshot;
import io.cutover.rbac.RuleCoverage;
import io.cutover.rbac.Rules;
import io.cutover.rbac.ScopedRule;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RBAC mode Mirror: the Roles, ClusterRoles and bindings the target identity gets so that it holds what the source
 * identity holds directly, and never wider. Built-in roles are bound, not copied; aggregated roles are copied as
 * their current rules without the aggregation rule; a grant in a namespace the target does not have cannot be carried
 * and is reported instead.
 *
 * <p>A grant that reaches the source identity through one of its groups ({@code system:serviceaccounts},
 * {@code system:serviceaccounts:NS}, {@code system:authenticated}) is carried to the target identity alone, by a
 * binding that names its ServiceAccount — never by a group binding, which would widen every identity of the target
 * namespace or cluster — unless the target's own bindings already grant the rule to the target identity (as the
 * bootstrap bindings of {@code system:authenticated} do on every cluster).
 */
final class RbacMirror {
  private RbacMirror() {}

  /**
   * The objects to create, roles before bindings; the source rules that cannot be carried; and for each group grant,
   * what became of it, for the plan (carried to the identity alone, or already held otherwise).
   */
  record Mirrored(List<HasMetadata> objects, List<ScopedRule> uncarriable, Map<Grant, String> groupGrants) {}

  static Mirrored of(List<Grant> grants, RbacSnapshot sourceRbac, TargetObservation target, Identities ids,
      TargetObjects names) {
    Map<String, HasMetadata> out = new LinkedHashMap<>();
    List<ScopedRule> uncarriable = new ArrayList<>();
    Map<Grant, String> groupGrants = new LinkedHashMap<>();
    List<Grant> targetGrants = EffectiveRules.grantsFor(target.rbac(), ids.target());
    List<Grant> direct = grants.stream().filter(Grant::direct).toList();
    Subject subject = new SubjectBuilder().withKind("ServiceAccount").withNamespace(ids.target().namespace())
        .withName(ids.target().name()).build();
    for (Grant g : grants) {
      String targetNs = g.bindingNamespace() == null ? null : ids.targetNamespaceFor(g.bindingNamespace());
      if (!g.direct()) {
        if (covered(g.rule(), targetNs, targetGrants, ns -> ns)) {
          groupGrants.put(g, "the target's own bindings grant it");
          continue;
        }
        if (covered(g.rule(), targetNs, direct, ids::targetNamespaceFor)) {
          groupGrants.put(g, "also granted by name, and carried so");
          continue;
        }
      }
      if (targetNs != null && !targetNs.equals(ids.target().namespace()) && !target.namespaces().contains(targetNs)) {
        uncarriable.add(new ScopedRule(g.namespace(), g.rule()));
        continue;
      }
      if (!g.direct()) {
        groupGrants.put(g, "carried to " + ids.target().username() + " alone");
      }
      String roleName;
      if (Grant.ROLE.equals(g.roleKind())) {
        Role role = find(sourceRbac, Role.class, g.bindingNamespace(), g.roleName());
        roleName = names.derivedName(g.roleName());
        out.putIfAbsent("Role/" + targetNs + "/" + roleName, new RoleBuilder()
            .withMetadata(names.metadata(targetNs, roleName, role))
            .withRules(copyRules(role.getRules()))
            .build());
      } else {
        ClusterRole role = find(sourceRbac, ClusterRole.class, null, g.roleName());
        if (isBuiltIn(role)) {
          roleName = g.roleName();
        } else {
          roleName = names.derivedName(g.roleName());
          out.putIfAbsent("ClusterRole//" + roleName, new ClusterRoleBuilder()
              .withMetadata(names.metadata(null, roleName, role))
              .withRules(copyRules(role.getRules()))
              .build());
        }
      }
      if (Grant.CLUSTER_ROLE_BINDING.equals(g.bindingKind())) {
        ClusterRoleBinding b = find(sourceRbac, ClusterRoleBinding.class, null, g.bindingName());
        String name = names.derivedName(g.bindingName());
        out.putIfAbsent("ClusterRoleBinding//" + name, new ClusterRoleBindingBuilder()
            .withMetadata(names.metadata(null, name, b))
            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", roleName)
            .withSubjects(subject)
            .build());
      } else {
        RoleBinding b = find(sourceRbac, RoleBinding.class, g.bindingNamespace(), g.bindingName());
        String name = names.derivedName(g.bindingName());
        out.putIfAbsent("RoleBinding/" + targetNs + "/" + name, new RoleBindingBuilder()
            .withMetadata(names.metadata(targetNs, name, b))
            .withNewRoleRef("rbac.authorization.k8s.io", g.roleKind(), roleName)
            .withSubjects(subject)
            .build());
      }
    }
    // Roles before bindings, so a binding never points at a role that is not there yet.
    List<HasMetadata> ordered = new ArrayList<>();
    out.values().stream().filter(o -> o instanceof Role || o instanceof ClusterRole).forEach(ordered::add);
    out.values().stream().filter(o -> !(o instanceof Role || o instanceof ClusterRole)).forEach(ordered::add);
    return new Mirrored(ordered, uncarriable, groupGrants);
  }

  /**
   * Whether {@code grants} (their namespaces mapped by {@code namespaceOf}) hold {@code rule} where it is carried to:
   * cluster-wide, or in {@code targetNs}.
   */
  private static boolean covered(PolicyRule rule, String targetNs, List<Grant> grants,
      java.util.function.UnaryOperator<String> namespaceOf) {
    List<PolicyRule> owner = grants.stream()
        .filter(t -> t.namespace() == null || (targetNs != null && targetNs.equals(namespaceOf.apply(t.namespace()))))
        .map(Grant::rule).toList();
    return RuleCoverage.covers(owner, List.of(rule)).covered();
  }

  /** One of Kubernetes' bootstrap roles (cluster-admin, edit, view, ...): bound on the target as it is there. */
  static boolean isBuiltIn(ClusterRole role) {
    var labels = role.getMetadata().getLabels();
    return labels != null && Ownership.BOOTSTRAPPING_DEFAULTS.equals(labels.get(Ownership.BOOTSTRAPPING_LABEL));
  }

  private static List<PolicyRule> copyRules(List<PolicyRule> rules) {
    return rules == null ? List.of() : rules.stream().map(Rules::copyOf).toList();
  }

  private static <T extends HasMetadata> T find(RbacSnapshot rbac, Class<T> kind, String namespace, String name) {
    return rbac.find(kind, namespace, name)
        .orElseThrow(() -> new IllegalStateException("observed grant without its object: " + name));
  }
}
