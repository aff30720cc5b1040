package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.rbac.Coverage;
import io.cutover.rbac.RuleCoverage;
import io.cutover.sandbox.auth.Caller;
import io.cutover.sandbox.auth.RequestAttributes;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kube-apiserver's RBAC escalation check (pkg/registry/rbac: role, clusterrole, rolebinding and clusterrolebinding
 * policybased storage). A Role or ClusterRole write passes when the writer is in {@code system:masters}, may
 * {@code escalate} that role, or already holds every rule it grants (where it is written: the namespace's rules and
 * the cluster-wide ones for a Role, the cluster-wide ones for a ClusterRole; an {@code aggregationRule} needs full
 * authority); a RoleBinding or ClusterRoleBinding write when the writer may {@code bind} the referenced role or holds
 * all of its rules. Updates that change only ownerReferences or finalizers pass. Rule coverage is
 * {@link RuleCoverage}, the operator's port of {@code Covers}. The body is the whole object (a create or an update;
 * the sandbox turns merge patches into updates before they get here).
 */
final class RbacEscalation {

  private static final String GROUP = "rbac.authorization.k8s.io";
  private static final Pattern PATH = Pattern.compile(
      "/apis/rbac\\.authorization\\.k8s\\.io/([^/]+)/(?:namespaces/([^/]+)/)?(roles|clusterroles|rolebindings|clusterrolebindings)(?:/([^/]+))?");
  private static final List<PolicyRule> FULL_AUTHORITY = List.of(
      new PolicyRuleBuilder().withVerbs("*").withApiGroups("*").withResources("*").build(),
      new PolicyRuleBuilder().withVerbs("*").withNonResourceURLs("*").build());

  private final Store store;
  private final AccessReviews reviews;
  private final RequestAuthorizer authorizer;

  RbacEscalation(Store store, AccessReviews reviews, RequestAuthorizer authorizer) {
    this.store = store;
    this.reviews = reviews;
    this.authorizer = authorizer;
  }

  /**
   * The refusal of a create (POST), update (PUT) or JSON patch (PATCH, checked on the patched object) of an RBAC
   * object by caller, or empty to let it go on.
   */
  Optional<MockResponse> check(Caller caller, String method, String contentType, String path, String body) {
    Matcher m = PATH.matcher(path);
    boolean jsonPatch = method.equals("PATCH") && contentType != null
        && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json-patch+json");
    if (caller.privileged() || !(method.equals("POST") || method.equals("PUT") || jsonPatch) || !m.matches()) {
      return Optional.empty();
    }
    String namespace = m.group(2) == null ? "" : m.group(2);
    String resource = m.group(3);
    JsonNode object;
    try {
      object = jsonPatch ? patched(path, body) : Store.JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
      return Optional.empty(); // the store answers what it cannot read or apply
    }
    if (object == null || !object.isObject()) {
      return Optional.empty();
    }
    String name = m.group(4) != null ? m.group(4) : object.path("metadata").path("name").asText("");
    if (!method.equals("POST") && onlyGcFields(path, object)) {
      return Optional.empty();
    }
    return resource.endsWith("bindings")
        ? checkBinding(caller, namespace, resource, name, object)
        : checkRole(caller, namespace, resource, name, object);
  }

  private Optional<MockResponse> checkRole(Caller caller, String namespace,
      String resource, String name, JsonNode object) {
    if (allowed(caller, "escalate", namespace, GROUP, resource, name)) {
      return Optional.empty();
    }
    List<PolicyRule> rules = resource.equals("roles")
        ? nonNull(Store.JSON.convertValue(object, Role.class).getRules())
        : nonNull(Store.JSON.convertValue(object, ClusterRole.class).getRules());
    Optional<String> missing = notHeld(caller, namespace, rules);
    if (missing.isPresent()) {
      return Optional.of(RequestAuthorizer.forbiddenStatus(GROUP, resource, name, missing.get()));
    }
    JsonNode selectors = object.path("aggregationRule").path("clusterRoleSelectors");
    if (resource.equals("clusterroles") && selectors.isArray() && !selectors.isEmpty()
        && notHeld(caller, namespace, FULL_AUTHORITY).isPresent()) {
      return Optional.of(RequestAuthorizer.forbiddenStatus(GROUP, resource, name,
          "must have cluster-admin privileges to use the aggregationRule"));
    }
    return Optional.empty();
  }

  private Optional<MockResponse> checkBinding(Caller caller, String namespace,
      String resource, String name, JsonNode object) {
    RoleRef ref = Store.JSON.convertValue(object.path("roleRef"), RoleRef.class);
    if (ref == null || ref.getKind() == null || ref.getName() == null) {
      return Optional.empty(); // validation's to refuse
    }
    String roleResource = switch (ref.getKind()) {
      case "ClusterRole" -> "clusterroles";
      case "Role" -> "roles";
      default -> "";
    };
    if (!roleResource.isEmpty() && allowed(caller, "bind", namespace,
        ref.getApiGroup() == null ? "" : ref.getApiGroup(), roleResource, ref.getName())) {
      return Optional.empty();
    }
    List<PolicyRule> rules;
    if (roleResource.equals("clusterroles")) {
      Optional<ClusterRole> role = store.get("/apis/" + GROUP + "/v1/clusterroles/" + ref.getName(), ClusterRole.class);
      if (role.isEmpty()) {
        return Optional.of(Responses.notFound(GROUP, "clusterroles", ref.getName()));
      }
      rules = nonNull(role.get().getRules());
    } else if (roleResource.equals("roles") && !namespace.isEmpty()) {
      Optional<Role> role = store.get("/apis/" + GROUP + "/v1/namespaces/" + namespace + "/roles/" + ref.getName(),
          Role.class);
      if (role.isEmpty()) {
        return Optional.of(Responses.notFound(GROUP, "roles", ref.getName()));
      }
      rules = nonNull(role.get().getRules());
    } else {
      return Optional.of(Responses.failure(500, "InternalError", "Internal error occurred: unsupported role reference"
          + " kind: " + RequestAuthorizer.quote(ref.getKind()), "", null, null, null));
    }
    return notHeld(caller, namespace, rules).map(message ->
        RequestAuthorizer.forbiddenStatus(GROUP, resource, name, message));
  }

  private boolean allowed(Caller caller, String verb, String namespace, String group, String resource, String name) {
    return authorizer.authorize(caller, RequestAttributes.resource(caller.name(), caller.groups(), verb, namespace,
        group, resource, "", name)).allowed();
  }

  /** As ConfirmNoEscalation: empty when caller holds every rule, else kube-apiserver's message naming the missing. */
  private Optional<String> notHeld(Caller caller, String namespace, List<PolicyRule> rules) {
    List<PolicyRule> owner = reviews.authorizer(namespace).rulesOf(caller.name(), caller.groups(), namespace);
    Coverage coverage = RuleCoverage.covers(owner, rules);
    if (coverage.covered()) {
      return Optional.empty();
    }
    TreeSet<String> missing = new TreeSet<>();
    for (PolicyRule rule : compact(coverage.uncovered())) {
      missing.add(compactString(rule));
    }
    return Optional.of("user " + RequestAuthorizer.quote(caller.name()) + " (groups=" + quoted(caller.groups())
        + ") is attempting to grant RBAC permissions not currently held:\n" + String.join("\n", missing));
  }

  /** As CompactRules: single-group, single-resource rules (at most one name) merged into one rule per resource. */
  private static List<PolicyRule> compact(List<PolicyRule> rules) {
    List<PolicyRule> compacted = new ArrayList<>();
    Map<List<String>, PolicyRule> simple = new LinkedHashMap<>();
    for (PolicyRule rule : rules) {
      boolean isSimple = nonNull(rule.getNonResourceURLs()).isEmpty() && nonNull(rule.getResourceNames()).size() <= 1
          && nonNull(rule.getApiGroups()).size() == 1 && nonNull(rule.getResources()).size() == 1;
      if (!isSimple) {
        compacted.add(rule);
        continue;
      }
      List<String> key = List.of(rule.getApiGroups().get(0), rule.getResources().get(0),
          nonNull(rule.getResourceNames()).isEmpty() ? "" : "=" + rule.getResourceNames().get(0));
      PolicyRule existing = simple.get(key);
      if (existing == null) {
        simple.put(key, new PolicyRuleBuilder(rule).withVerbs(new ArrayList<>(nonNull(rule.getVerbs()))).build());
      } else {
        List<String> verbs = new ArrayList<>(nonNull(existing.getVerbs()));
        verbs.addAll(nonNull(rule.getVerbs()));
        existing.setVerbs(verbs);
      }
    }
    compacted.addAll(simple.values());
    return compacted;
  }

  /** As rbacv1helpers.CompactString: {@code {APIGroups:["g"], Resources:["r"], Verbs:["get"]}}. */
  static String compactString(PolicyRule r) {
    List<String> parts = new ArrayList<>();
    addPart(parts, "APIGroups", r.getApiGroups());
    addPart(parts, "Resources", r.getResources());
    addPart(parts, "NonResourceURLs", r.getNonResourceURLs());
    addPart(parts, "ResourceNames", r.getResourceNames());
    addPart(parts, "Verbs", r.getVerbs());
    return "{" + String.join(", ", parts) + "}";
  }

  private static void addPart(List<String> parts, String label, List<String> values) {
    if (values != null && !values.isEmpty()) {
      parts.add(label + ":" + quoted(values));
    }
  }

  /** Go's %q of a []string: {@code ["a" "b"]}. */
  private static String quoted(List<String> values) {
    List<String> q = new ArrayList<>();
    values.forEach(v -> q.add(RequestAuthorizer.quote(v)));
    return "[" + String.join(" ", q) + "]";
  }

  /** The stored object with a JSON patch applied (null when there is none to patch). */
  private JsonNode patched(String path, String patch) throws com.fasterxml.jackson.core.JsonProcessingException {
    MockResponse stored = store.crud().handleGet(path);
    if (stored.code() != 200) {
      return null;
    }
    return io.fabric8.zjsonpatch.JsonPatch.apply(Store.JSON.readTree(patch), Store.JSON.readTree(Store.body(stored)));
  }

  /** As IsOnlyMutatingGCFields: the update changes nothing but ownerReferences and finalizers. */
  private boolean onlyGcFields(String path, JsonNode updated) {
    MockResponse stored = store.crud().handleGet(path);
    if (stored.code() != 200) {
      return false;
    }
    try {
      return withoutGcFields(Store.JSON.readTree(Store.body(stored))).equals(withoutGcFields(updated));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return false;
    }
  }

  private static JsonNode withoutGcFields(JsonNode object) {
    ObjectNode copy = object.deepCopy();
    copy.remove(List.of("apiVersion", "kind"));
    if (copy.get("metadata") instanceof ObjectNode meta) {
      meta.remove(List.of("ownerReferences", "finalizers", "managedFields", "selfLink", "resourceVersion", "uid",
          "creationTimestamp", "generation"));
    }
    return copy;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
