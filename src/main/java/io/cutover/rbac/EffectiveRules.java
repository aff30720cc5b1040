package io.cutover.rbac;

import io.cutover.rbac.RbacSnapshot.RoleLookup;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an identity is granted in one cluster, following kube-apiserver's RBAC authorizer
 * ({@code pkg/registry/rbac/validation/rule.go}): ClusterRoleBindings grant cluster-wide, RoleBindings grant in their
 * own namespace only, and a subject applies to the ServiceAccount when it is the ServiceAccount (kind ServiceAccount;
 * in a RoleBinding an empty subject namespace means the binding's namespace, in a ClusterRoleBinding it matches
 * nothing), the user {@code system:serviceaccount:NS:NAME}, or one of its groups. Subject {@code apiGroup} is not
 * looked at, as the authorizer does not.
 */
public final class EffectiveRules {

  private EffectiveRules() {}

  /**
   * Every grant the identity receives, one per (binding, rule), in snapshot order (ClusterRoleBindings first). Reads
   * the bindings that may name the identity (an indexed snapshot's by subject, else all) and the roles they refer to.
   * When a binding names the identity several ways, the grant records the most direct one (ServiceAccount, then User,
   * then Group). A binding to a missing role grants nothing (see {@link #danglingBindings}).
   *
   * <p>Rules that reach the identity through a RoleBinding keep only their resource part: kube-apiserver authorizes
   * non-resource requests against ClusterRoleBindings only, so a RoleBinding's non-resource URLs grant nothing, and a
   * rule left with no resources is omitted.
   */
  public static List<Grant> grantsFor(RbacSnapshot rbac, ServiceAccountIdentity identity) {
    Named sa = new Named(identity);
    RoleLookup roles = rbac.roleLookup();
    List<Grant> grants = new ArrayList<>();
    for (ClusterRoleBinding binding : rbac.clusterRoleBindingsNaming(identity)) {
      Optional<String> subjectKind = matchingSubjectKind(binding.getSubjects(), null, sa);
      if (subjectKind.isEmpty()) {
        continue;
      }
      RoleRef ref = binding.getRoleRef();
      Optional<List<PolicyRule>> rules = resolve(roles, ref, null);
      for (PolicyRule rule : rules.orElse(List.of())) {
        grants.add(new Grant(null, Rules.copyOf(rule), Grant.CLUSTER_ROLE_BINDING, null, name(binding.getMetadata()),
            ref.getKind(), ref.getName(), subjectKind.get()));
      }
    }
    for (RoleBinding binding : rbac.roleBindingsNaming(identity)) {
      String namespace = namespace(binding.getMetadata());
      if (namespace == null) {
        continue; // a RoleBinding without a namespace cannot exist in a cluster
      }
      Optional<String> subjectKind = matchingSubjectKind(binding.getSubjects(), namespace, sa);
      if (subjectKind.isEmpty()) {
        continue;
      }
      RoleRef ref = binding.getRoleRef();
      Optional<List<PolicyRule>> rules = resolve(roles, ref, namespace);
      for (PolicyRule rule : rules.orElse(List.of())) {
        PolicyRule resourcePart = Rules.rule(Rules.verbs(rule), Rules.apiGroups(rule), Rules.resources(rule),
            Rules.resourceNames(rule), List.of());
        if (Rules.resources(resourcePart).isEmpty()) {
          continue;
        }
        grants.add(new Grant(namespace, resourcePart, Grant.ROLE_BINDING, namespace, name(binding.getMetadata()),
            ref.getKind(), ref.getName(), subjectKind.get()));
      }
    }
    return List.copyOf(grants);
  }

  /**
   * The bindings that name the identity but whose role reference does not resolve: the Role or ClusterRole does not
   * exist, or the reference's kind is not allowed (a ClusterRoleBinding may only refer to a ClusterRole).
   */
  public static List<DanglingBinding> danglingBindings(RbacSnapshot rbac, ServiceAccountIdentity identity) {
    Named sa = new Named(identity);
    RoleLookup roles = rbac.roleLookup();
    List<DanglingBinding> dangling = new ArrayList<>();
    for (ClusterRoleBinding binding : rbac.clusterRoleBindingsNaming(identity)) {
      if (matchingSubjectKind(binding.getSubjects(), null, sa).isPresent()
          && resolve(roles, binding.getRoleRef(), null).isEmpty()) {
        dangling.add(dangling(Grant.CLUSTER_ROLE_BINDING, null, binding.getMetadata(), binding.getRoleRef()));
      }
    }
    for (RoleBinding binding : rbac.roleBindingsNaming(identity)) {
      String namespace = namespace(binding.getMetadata());
      if (namespace != null && matchingSubjectKind(binding.getSubjects(), namespace, sa).isPresent()
          && resolve(roles, binding.getRoleRef(), namespace).isEmpty()) {
        dangling.add(dangling(Grant.ROLE_BINDING, namespace, binding.getMetadata(), binding.getRoleRef()));
      }
    }
    return List.copyOf(dangling);
  }

  /**
   * The rules of the grants that apply in a namespace: the cluster-wide grants and those of that namespace. With a
   * null namespace, only the cluster-wide grants.
   */
  public static List<PolicyRule> rulesIn(List<Grant> grants, String namespace) {
    return grants.stream()
        .filter(g -> g.namespace() == null || (namespace != null && namespace.equals(g.namespace())))
        .map(Grant::rule)
        .toList();
  }

  /**
   * Whether one binding subject applies to the ServiceAccount, as the authorizer's {@code appliesToUser} decides.
   * {@code bindingNamespace} is the RoleBinding's namespace, or null for a ClusterRoleBinding.
   */
  public static boolean appliesTo(Subject subject, String bindingNamespace, ServiceAccountIdentity sa) {
    return appliesTo(subject, bindingNamespace, new Named(sa));
  }

  /** The identity with its username and groups spelled once: every binding read is matched against them. */
  private record Named(ServiceAccountIdentity sa, String username, List<String> groups) {
    Named(ServiceAccountIdentity sa) {
      this(sa, sa.username(), sa.groups());
    }
  }

  private static boolean appliesTo(Subject subject, String bindingNamespace, Named named) {
    if (subject == null || subject.getKind() == null || subject.getName() == null) {
      return false;
    }
    ServiceAccountIdentity sa = named.sa();
    return switch (subject.getKind()) {
      case Grant.USER -> named.username().equals(subject.getName());
      case Grant.GROUP -> named.groups().contains(subject.getName());
      case Grant.SERVICE_ACCOUNT -> {
        String saNamespace = isEmpty(subject.getNamespace()) ? bindingNamespace : subject.getNamespace();
        yield !isEmpty(saNamespace) && saNamespace.equals(sa.namespace()) && subject.getName().equals(sa.name());
      }
      default -> false;
    };
  }

  /** The preferred kind (ServiceAccount, then User, then Group) among the subjects that name the identity. */
  private static Optional<String> matchingSubjectKind(List<Subject> subjects, String bindingNamespace, Named sa) {
    if (subjects == null) {
      return Optional.empty();
    }
    String best = null;
    for (Subject subject : subjects) {
      if (appliesTo(subject, bindingNamespace, sa)) {
        String kind = subject.getKind();
        if (best == null || PREFERRED.indexOf(kind) < PREFERRED.indexOf(best)) {
          best = kind;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private static final List<String> PREFERRED = List.of(Grant.SERVICE_ACCOUNT, Grant.USER, Grant.GROUP);

  /** The rules of the referenced role, or empty when it does not resolve. {@code namespace} null = ClusterRoleBinding. */
  private static Optional<List<PolicyRule>> resolve(RoleLookup roles, RoleRef ref, String namespace) {
    if (ref == null || ref.getKind() == null || ref.getName() == null) {
      return Optional.empty();
    }
    if (Grant.CLUSTER_ROLE.equals(ref.getKind())) {
      return Optional.ofNullable(roles.clusterRole(ref.getName())).map(r -> nonNull(r.getRules()));
    }
    if (Grant.ROLE.equals(ref.getKind()) && namespace != null) {
      return Optional.ofNullable(roles.role(namespace, ref.getName())).map(r -> nonNull(r.getRules()));
    }
    return Optional.empty();
  }

  private static DanglingBinding dangling(String kind, String namespace, ObjectMeta meta, RoleRef ref) {
    return new DanglingBinding(kind, namespace, name(meta), ref == null ? null : ref.getKind(),
        ref == null ? null : ref.getName());
  }

  private static List<PolicyRule> nonNull(List<PolicyRule> rules) {
    return rules == null ? List.of() : rules.stream().filter(Objects::nonNull).toList();
  }

  private static String name(ObjectMeta meta) {
    return meta == null ? null : meta.getName();
  }

  private static String namespace(ObjectMeta meta) {
    return meta == null || isEmpty(meta.getNamespace()) ? null : meta.getNamespace();
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }
}
