package io.cutover.sandbox.auth;

import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Kubernetes' RBAC authorizer (plugin/pkg/auth/authorizer/rbac) over a snapshot of stored roles and bindings.
 *
 * <p>ClusterRoleBindings are consulted first and grant everywhere; then, for a namespaced resource request, the
 * RoleBindings of that namespace, which grant only there, to a Role of that namespace or to a ClusterRole. The first
 * rule that allows the request decides, and the reason names its binding, role and subject in kube-apiserver's words.
 * A binding whose role cannot be found grants nothing; if nothing allowed the request, such bindings are reported in
 * the reason as kube-apiserver does ({@code RBAC: clusterrole.rbac.authorization.k8s.io "x" not found}), otherwise a
 * denial has an empty reason. Rules of aggregated ClusterRoles are read as stored: run {@link ClusterRoleAggregator}
 * on the ClusterRoles first, as kube-controller-manager does on a real cluster.
 *
 * <p>The lists are copied at construction; the objects in them must not be changed afterwards.
 */
public final class RbacAuthorizer {

  static final String USER_KIND = "User";
  static final String GROUP_KIND = "Group";
  static final String SERVICE_ACCOUNT_KIND = "ServiceAccount";
  private static final String SERVICE_ACCOUNT_USER_PREFIX = "system:serviceaccount:";

  private final Map<String, Role> rolesByNamespaceAndName = new HashMap<>();
  private final Map<String, ClusterRole> clusterRolesByName = new HashMap<>();
  private final List<RoleBinding> roleBindings;
  private final List<ClusterRoleBinding> clusterRoleBindings;

  public RbacAuthorizer(List<Role> roles, List<ClusterRole> clusterRoles, List<RoleBinding> roleBindings,
      List<ClusterRoleBinding> clusterRoleBindings) {
    for (Role role : nonNull(roles)) {
      rolesByNamespaceAndName.putIfAbsent(key(namespaceOf(role.getMetadata()), nameOf(role.getMetadata())), role);
    }
    for (ClusterRole clusterRole : nonNull(clusterRoles)) {
      clusterRolesByName.putIfAbsent(nameOf(clusterRole.getMetadata()), clusterRole);
    }
    this.roleBindings = List.copyOf(nonNull(roleBindings));
    this.clusterRoleBindings = List.copyOf(nonNull(clusterRoleBindings));
  }

  public Decision authorize(RequestAttributes request) {
    Objects.requireNonNull(request, "request");
    // A non-resource request has no namespace: only ClusterRoleBindings can grant it, as in kube-apiserver.
    String namespace = request.resourceRequest() ? request.namespace() : "";
    List<String> errors = new ArrayList<>();
    for (Grant grant : grantsFor(request.user(), request.groups(), namespace, errors)) {
      for (PolicyRule rule : grant.rules()) {
        if (RbacRules.allows(request, rule)) {
          return new Decision(true, "RBAC: allowed by " + grant.source());
        }
      }
    }
    return new Decision(false, errors.isEmpty() ? "" : "RBAC: " + aggregate(errors));
  }

  /**
   * For SelfSubjectRulesReview: the rules that apply to user/groups in namespace (cluster-wide ones included).
   * Resource rules come from every rule with resources, non-resource rules from every rule with non-resource URLs,
   * in the order the authorizer consults them. Non-resource rules reached through a RoleBinding are left out: they
   * never allow anything (kube-apiserver lists them nonetheless; we report only what {@link #authorize} honours).
   */
  public RulesForSubject rulesFor(String user, List<String> groups, String namespace) {
    List<ResourceRule> resourceRules = new ArrayList<>();
    List<NonResourceRule> nonResourceRules = new ArrayList<>();
    List<String> ignoredErrors = new ArrayList<>();
    for (Grant grant : grantsFor(nullToEmpty(user), groups == null ? List.of() : groups, nullToEmpty(namespace),
        ignoredErrors)) {
      for (PolicyRule rule : grant.rules()) {
        if (!nonNull(rule.getResources()).isEmpty()) {
          resourceRules.add(new ResourceRuleBuilder()
              .withVerbs(copy(rule.getVerbs()))
              .withApiGroups(copy(rule.getApiGroups()))
              .withResources(copy(rule.getResources()))
              .withResourceNames(copy(rule.getResourceNames()))
              .build());
        }
        if (grant.clusterWide() && !nonNull(rule.getNonResourceURLs()).isEmpty()) {
          nonResourceRules.add(new NonResourceRuleBuilder()
              .withVerbs(copy(rule.getVerbs()))
              .withNonResourceURLs(copy(rule.getNonResourceURLs()))
              .build());
        }
      }
    }
    return new RulesForSubject(resourceRules, nonResourceRules);
  }

  /**
   * Every rule user/groups hold in namespace ({@code ""}: the cluster-wide ones only), as the rule resolver's
   * {@code RulesFor} gives them to kube-apiserver's escalation check: those of the ClusterRoleBindings, then of the
   * namespace's RoleBindings; bindings to a missing role add nothing.
   */
  public List<PolicyRule> rulesOf(String user, List<String> groups, String namespace) {
    List<PolicyRule> rules = new ArrayList<>();
    for (Grant grant : grantsFor(nullToEmpty(user), groups == null ? List.of() : groups, nullToEmpty(namespace),
        new ArrayList<>())) {
      rules.addAll(grant.rules());
    }
    return rules;
  }

  /** One binding that applies to the subject, the rules of its role, and how kube-apiserver describes it. */
  private record Grant(String source, List<PolicyRule> rules, boolean clusterWide) {
  }

  /** As VisitRulesFor in pkg/registry/rbac/validation/rule.go: ClusterRoleBindings, then the namespace's bindings. */
  private List<Grant> grantsFor(String user, List<String> groups, String namespace, List<String> errors) {
    List<Grant> grants = new ArrayList<>();
    for (ClusterRoleBinding binding : clusterRoleBindings) {
      Subject subject = firstMatchingSubject(user, groups, binding.getSubjects(), "");
      if (subject == null) {
        continue;
      }
      RoleRef ref = binding.getRoleRef();
      List<PolicyRule> rules = roleReferenceRules(ref, "", errors);
      if (rules == null) {
        continue;
      }
      String source = "ClusterRoleBinding " + quote(nameOf(binding.getMetadata())) + " of " + refKind(ref) + " "
          + quote(refName(ref)) + " to " + describeSubject(subject, "");
      grants.add(new Grant(source, rules, true));
    }
    if (namespace.isEmpty()) {
      return grants;
    }
    for (RoleBinding binding : roleBindings) {
      String bindingNamespace = namespaceOf(binding.getMetadata());
      if (!namespace.equals(bindingNamespace)) {
        continue;
      }
      Subject subject = firstMatchingSubject(user, groups, binding.getSubjects(), bindingNamespace);
      if (subject == null) {
        continue;
      }
      RoleRef ref = binding.getRoleRef();
      List<PolicyRule> rules = roleReferenceRules(ref, bindingNamespace, errors);
      if (rules == null) {
        continue;
      }
      String source = "RoleBinding " + quote(nameOf(binding.getMetadata()) + "/" + bindingNamespace) + " of "
          + refKind(ref) + " " + quote(refName(ref)) + " to " + describeSubject(subject, bindingNamespace);
      grants.add(new Grant(source, rules, false));
    }
    return grants;
  }

  /** The rules of the referenced role, or null (with an error recorded as kube-apiserver words it) when missing. */
  private List<PolicyRule> roleReferenceRules(RoleRef ref, String bindingNamespace, List<String> errors) {
    String kind = refKind(ref);
    String name = refName(ref);
    switch (kind) {
      case "Role" -> {
        Role role = rolesByNamespaceAndName.get(key(bindingNamespace, name));
        if (role == null) {
          errors.add("role.rbac.authorization.k8s.io " + quote(name) + " not found");
          return null;
        }
        return nonNull(role.getRules());
      }
      case "ClusterRole" -> {
        ClusterRole clusterRole = clusterRolesByName.get(name);
        if (clusterRole == null) {
          errors.add("clusterrole.rbac.authorization.k8s.io " + quote(name) + " not found");
          return null;
        }
        return nonNull(clusterRole.getRules());
      }
      default -> {
        errors.add("unsupported role reference kind: " + quote(kind));
        return null;
      }
    }
  }

  /** As appliesTo in rule.go: the first subject of the binding that names this user, one of its groups, or its SA. */
  private static Subject firstMatchingSubject(String user, List<String> groups, List<Subject> subjects,
      String bindingNamespace) {
    for (Subject subject : nonNull(subjects)) {
      if (appliesTo(user, groups, subject, bindingNamespace)) {
        return subject;
      }
    }
    return null;
  }

  static boolean appliesTo(String user, List<String> groups, Subject subject, String bindingNamespace) {
    String kind = nullToEmpty(subject.getKind());
    String name = nullToEmpty(subject.getName());
    return switch (kind) {
      case USER_KIND -> user.equals(name);
      case GROUP_KIND -> groups.contains(name);
      case SERVICE_ACCOUNT_KIND -> {
        String saNamespace = nullToEmpty(subject.getNamespace()).isEmpty()
            ? bindingNamespace : subject.getNamespace();
        yield !saNamespace.isEmpty() && user.equals(SERVICE_ACCOUNT_USER_PREFIX + saNamespace + ":" + name);
      }
      default -> false;
    };
  }

  private static String describeSubject(Subject subject, String bindingNamespace) {
    String kind = nullToEmpty(subject.getKind());
    String name = nullToEmpty(subject.getName());
    if (SERVICE_ACCOUNT_KIND.equals(kind)) {
      String ns = nullToEmpty(subject.getNamespace()).isEmpty() ? bindingNamespace : subject.getNamespace();
      return kind + " " + quote(name + "/" + ns);
    }
    return kind + " " + quote(name);
  }

  /** As utilerrors.NewAggregate(...).Error(): one message alone, several deduplicated in brackets. */
  private static String aggregate(List<String> errors) {
    Set<String> unique = new LinkedHashSet<>(errors);
    if (unique.size() == 1) {
      return unique.iterator().next();
    }
    return "[" + String.join(", ", unique) + "]";
  }

  /** Go's %q for the strings that occur here: double quotes with backslash escapes. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static String refKind(RoleRef ref) {
    return ref == null ? "" : nullToEmpty(ref.getKind());
  }

  private static String refName(RoleRef ref) {
    return ref == null ? "" : nullToEmpty(ref.getName());
  }

  private static String nameOf(io.fabric8.kubernetes.api.model.ObjectMeta meta) {
    return meta == null ? "" : nullToEmpty(meta.getName());
  }

  private static String namespaceOf(io.fabric8.kubernetes.api.model.ObjectMeta meta) {
    return meta == null ? "" : nullToEmpty(meta.getNamespace());
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  private static List<String> copy(List<String> list) {
    return new ArrayList<>(nonNull(list));
  }

  static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }

  static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
