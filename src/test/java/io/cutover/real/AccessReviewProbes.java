package io.cutover.real;

import static io.cutover.real.ConformanceTarget.JSON;
import static io.cutover.real.ConformanceTarget.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * SubjectAccessReview probes: every vector of Kubernetes' RBAC authorizer tests (the data RbacAuthorizerVectorsTest
 * runs against the sandbox's authorizer alone), its objects stored on both sides and each question asked of both;
 * ClusterRole aggregation; the default bindings' non-resource URLs.
 *
 * <p>Each vector's names (users, groups, roles, bindings, namespaces) get the vector's prefix, so all coexist on one
 * cluster and none meets the cluster's own defaults. kube-apiserver refuses a rule that names both resources and
 * non-resource URLs, and a namespaced Role with non-resource URLs; such a rule of the data (rbac_test.go builds its
 * objects without validation) is stored as its two halves, which the RBAC authorizer evaluates alike (a resource
 * request never matches a non-resource rule and the reverse). The real authorizer reads RBAC through informers: a
 * probe waits, bounded, until objects stored after its own are in effect before asking.
 */
final class AccessReviewProbes {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String VECTORS = "/kubernetes/rbac-authorizer-vectors.yaml";
  private static final String RBAC = "/apis/rbac.authorization.k8s.io/v1/";
  private static final Duration RBAC_SYNC = Duration.ofSeconds(10);

  private AccessReviewProbes() {}

  static List<ConformanceProbe> all() {
    JsonNode vectors = vectors();
    List<ConformanceProbe> probes = new ArrayList<>();
    int i = 0;
    for (JsonNode c : vectors.get("authorize")) {
      String prefix = "v" + i + "-";
      probes.add(new ConformanceProbe("subjectaccessreview.vector-" + i++, (t, o, ns) -> vector(t, o, prefix, c)));
    }
    i = 0;
    for (JsonNode c : vectors.get("ruleMatches")) {
      String prefix = "r" + i + "-";
      probes.add(new ConformanceProbe("subjectaccessreview.rule-" + i++, (t, o, ns) -> rule(t, o, prefix, c)));
    }
    probes.add(new ConformanceProbe("subjectaccessreview.aggregation", AccessReviewProbes::aggregation));
    probes.add(new ConformanceProbe("subjectaccessreview.default-non-resource-urls", AccessReviewProbes::defaults));
    return probes;
  }

  static JsonNode vectors() {
    try (InputStream in = AccessReviewProbes.class.getResourceAsStream(VECTORS)) {
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void vector(ConformanceTarget t, Observation o, String p, JsonNode c) {
    o.put("vector", c.get("name").asText());
    Set<String> namespaces = new LinkedHashSet<>();
    c.path("roles").forEach(r -> namespaces.add(r.get("namespace").asText()));
    c.path("roleBindings").forEach(b -> namespaces.add(b.get("namespace").asText()));
    namespaces.forEach(n -> t.namespace(p + n));
    int n = 0;
    for (JsonNode r : c.path("clusterRoles")) {
      store(t, o, "clusterroles", role("ClusterRole", p + r.get("name").asText(), null, r.path("rules"), false));
    }
    for (JsonNode r : c.path("roles")) {
      store(t, o, "namespaces/" + p + r.get("namespace").asText() + "/roles",
          role("Role", p + r.get("name").asText(), p + r.get("namespace").asText(), r.path("rules"), true));
    }
    for (JsonNode b : c.path("roleBindings")) {
      String bns = p + b.get("namespace").asText();
      store(t, o, "namespaces/" + bns + "/rolebindings", binding("RoleBinding",
          p + b.path("name").asText("rb-" + n++), bns, b, p));
    }
    for (JsonNode b : c.path("clusterRoleBindings")) {
      store(t, o, "clusterrolebindings", binding("ClusterRoleBinding", p + b.path("name").asText("crb-" + n++),
          null, b, p));
    }
    sentinel(t, o, p);
    for (String list : List.of("allowed", "denied")) {
      int i = 0;
      for (JsonNode r : c.path(list)) {
        ask(t, o, list + "[" + i++ + "] " + r, question(r, p, r.path("user").asText(""), true));
      }
    }
  }

  private static void rule(ConformanceTarget t, Observation o, String p, JsonNode c) {
    o.put("vector", c.get("name").asText());
    ArrayNode rules = JSON.createArrayNode().add(c.get("rule"));
    store(t, o, "clusterroles", role("ClusterRole", p + "the-rule", null, rules, false));
    ObjectNode b = JSON.createObjectNode();
    b.putObject("roleRef").put("kind", "ClusterRole").put("name", "the-rule");
    b.putArray("subjects").addObject().put("kind", "User").put("name", "someone")
        .put("apiGroup", "rbac.authorization.k8s.io");
    store(t, o, "clusterrolebindings", binding("ClusterRoleBinding", p + "bind", null, b, p));
    sentinel(t, o, p);
    int i = 0;
    for (JsonNode r : c.get("requests")) {
      ask(t, o, "[" + i++ + "] " + r, question(r, p, p + "someone", false));
    }
  }

  private static void aggregation(ConformanceTarget t, Observation o, String ns) {
    ObjectNode aggregated = role("ClusterRole", "cf-aggregated", null, JSON.createArrayNode(), false);
    aggregated.putObject("aggregationRule").putArray("clusterRoleSelectors").addObject().putObject("matchLabels")
        .put("conformance.cutover.io/aggregate-to-cf", "true");
    store(t, o, "clusterroles", aggregated);
    ArrayNode rules = JSON.createArrayNode();
    rules.addObject().set("verbs", JSON.createArrayNode().add("get").add("list"));
    ((ObjectNode) rules.get(0)).set("apiGroups", JSON.createArrayNode().add(""));
    ((ObjectNode) rules.get(0)).set("resources", JSON.createArrayNode().add("configmaps"));
    ObjectNode part = role("ClusterRole", "cf-part", null, rules, false);
    ((ObjectNode) part.get("metadata")).putObject("labels").put("conformance.cutover.io/aggregate-to-cf", "true");
    store(t, o, "clusterroles", part);
    ObjectNode b = JSON.createObjectNode();
    b.putObject("roleRef").put("kind", "ClusterRole").put("name", "cf-aggregated");
    b.putArray("subjects").addObject().put("kind", "User").put("name", "cf-agg-user")
        .put("apiGroup", "rbac.authorization.k8s.io");
    store(t, o, "clusterrolebindings", binding("ClusterRoleBinding", "cf-aggregated", null, b, ""));
    o.put("rules aggregated within 10 s", within(RBAC_SYNC, () -> t.get(RBAC + "clusterroles/cf-aggregated").json()
        .path("rules").size() == 1));
    ObjectNode get = resource("cf-agg-user", "get", "default", "", "configmaps");
    o.put("aggregated rule in effect within 10 s", within(RBAC_SYNC, () -> review(t, get).path("allowed")
        .asBoolean()));
    ask(t, o, "get configmaps", get);
    ask(t, o, "delete configmaps", resource("cf-agg-user", "delete", "default", "", "configmaps"));
  }

  private static void defaults(ConformanceTarget t, Observation o, String ns) {
    for (String path : List.of("/version", "/healthz", "/livez", "/api", "/apis/cutover.io", "/metrics",
        "/.well-known/openid-configuration", "/openid/v1/jwks")) {
      for (String group : List.of("system:authenticated", "system:unauthenticated", "system:serviceaccounts")) {
        ObjectNode q = question("cf-someone", List.of(group));
        q.putObject("nonResourceAttributes").put("path", path).put("verb", "get");
        // several default bindings may allow one question; which names itself is the informer's map order
        o.put(group + " get " + path, review(t, q).path("allowed").asBoolean());
      }
    }
    ObjectNode self = question("cf-someone", List.of("system:authenticated"));
    self.putObject("resourceAttributes").put("verb", "create").put("group", "authorization.k8s.io")
        .put("resource", "selfsubjectaccessreviews");
    o.put("system:authenticated create selfsubjectaccessreviews", review(t, self).path("allowed").asBoolean());
  }

  // ---------------------------------------------------------------- objects

  /** A role whose rules are the data's, each split where it names both resources and non-resource URLs. */
  private static ObjectNode role(String kind, String name, String ns, JsonNode rules, boolean namespaced) {
    ObjectNode role = ConformanceTarget.object("rbac.authorization.k8s.io/v1", kind, ns, name);
    ArrayNode out = role.putArray("rules");
    for (JsonNode rule : rules) {
      boolean urls = rule.path("nonResourceURLs").size() > 0;
      boolean resources = rule.path("resources").size() > 0 || rule.path("apiGroups").size() > 0;
      if (resources || !urls) {
        ObjectNode half = ((ObjectNode) rule.deepCopy());
        half.remove("nonResourceURLs");
        out.add(half);
      }
      if (urls && !namespaced) {
        ObjectNode half = JSON.createObjectNode();
        half.set("verbs", rule.get("verbs"));
        half.set("nonResourceURLs", rule.get("nonResourceURLs"));
        out.add(half);
      }
    }
    return role;
  }

  private static ObjectNode binding(String kind, String name, String ns, JsonNode data, String p) {
    ObjectNode b = ConformanceTarget.object("rbac.authorization.k8s.io/v1", kind, ns, name);
    b.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io")
        .put("kind", data.at("/roleRef/kind").asText()).put("name", p + data.at("/roleRef/name").asText());
    ArrayNode subjects = b.putArray("subjects");
    for (JsonNode s : data.path("subjects")) {
      ObjectNode subject = subjects.addObject().put("kind", s.get("kind").asText())
          .put("name", p + s.get("name").asText());
      if (s.has("namespace")) {
        subject.put("namespace", p + s.get("namespace").asText());
      }
      if (!s.get("kind").asText().equals("ServiceAccount")) {
        subject.put("apiGroup", "rbac.authorization.k8s.io");
      }
    }
    return b;
  }

  private static void store(ConformanceTarget t, Observation o, String collection, ObjectNode object) {
    var answer = t.post(RBAC + collection, object);
    o.put("store " + object.get("kind").asText() + " " + object.at("/metadata/name").asText(), answer.code()
        + (answer.code() == 201 ? "" : " " + answer.reason() + " " + answer.message()));
  }

  /**
   * A ClusterRole, ClusterRoleBinding, Role and RoleBinding stored after the probe's own, then awaited in effect:
   * once they are, the informers of each kind have delivered the earlier objects too (each watch is in order).
   */
  private static void sentinel(ConformanceTarget t, Observation o, String p) {
    String ns = t.namespace(p + "sentinel");
    ArrayNode urls = JSON.createArrayNode();
    urls.addObject().set("verbs", JSON.createArrayNode().add("get"));
    ((ObjectNode) urls.get(0)).set("nonResourceURLs", JSON.createArrayNode().add("/" + p + "sentinel"));
    ArrayNode maps = JSON.createArrayNode();
    maps.addObject().set("verbs", JSON.createArrayNode().add("get"));
    ((ObjectNode) maps.get(0)).set("apiGroups", JSON.createArrayNode().add(""));
    ((ObjectNode) maps.get(0)).set("resources", JSON.createArrayNode().add("configmaps"));
    ObjectNode subject = JSON.createObjectNode();
    subject.putArray("subjects").addObject().put("kind", "User").put("name", "sentinel")
        .put("apiGroup", "rbac.authorization.k8s.io");
    ObjectNode toClusterRole = subject.deepCopy();
    toClusterRole.putObject("roleRef").put("kind", "ClusterRole").put("name", "sentinel");
    ObjectNode toRole = subject.deepCopy();
    toRole.putObject("roleRef").put("kind", "Role").put("name", "sentinel");
    store(t, o, "clusterroles", role("ClusterRole", p + "sentinel", null, urls, false));
    store(t, o, "clusterrolebindings", binding("ClusterRoleBinding", p + "sentinel", null, toClusterRole, p));
    store(t, o, "namespaces/" + ns + "/roles", role("Role", p + "sentinel", ns, maps, true));
    store(t, o, "namespaces/" + ns + "/rolebindings", binding("RoleBinding", p + "sentinel", ns, toRole, p));
    ObjectNode url = question(p + "sentinel", List.of());
    url.putObject("nonResourceAttributes").put("path", "/" + p + "sentinel").put("verb", "get");
    ObjectNode map = resource(p + "sentinel", "get", ns, "", "configmaps");
    o.put("stored RBAC in effect within 10 s", within(RBAC_SYNC, () -> review(t, url).path("allowed").asBoolean()
        && review(t, map).path("allowed").asBoolean()));
  }

  // ---------------------------------------------------------------- questions

  /** The SubjectAccessReview spec of a data request, its names prefixed. */
  private static ObjectNode question(JsonNode r, String p, String user, boolean prefixUser) {
    List<String> groups = new ArrayList<>();
    r.path("groups").forEach(g -> groups.add(p + g.asText()));
    ObjectNode q = question(user.isEmpty() || !prefixUser ? user : p + user, groups);
    if (r.has("path")) {
      q.putObject("nonResourceAttributes").put("path", r.get("path").asText()).put("verb", r.get("verb").asText());
    } else {
      ObjectNode attributes = q.putObject("resourceAttributes").put("verb", r.get("verb").asText())
          .put("group", r.path("apiGroup").asText("")).put("resource", r.path("resource").asText(""));
      String ns = r.path("namespace").asText("");
      if (!ns.isEmpty()) {
        attributes.put("namespace", p + ns);
      }
      for (String field : List.of("subresource", "name")) {
        if (!r.path(field).asText("").isEmpty()) {
          attributes.put(field, r.get(field).asText());
        }
      }
    }
    return q;
  }

  private static ObjectNode question(String user, List<String> groups) {
    ObjectNode q = JSON.createObjectNode();
    if (!user.isEmpty()) {
      q.put("user", user);
    }
    ArrayNode g = q.putArray("groups");
    groups.forEach(g::add);
    return q;
  }

  private static ObjectNode resource(String user, String verb, String ns, String group, String resource) {
    ObjectNode q = question(user, List.of());
    q.putObject("resourceAttributes").put("verb", verb).put("namespace", ns).put("group", group)
        .put("resource", resource);
    return q;
  }

  private static JsonNode review(ConformanceTarget t, ObjectNode spec) {
    ObjectNode body = JSON.createObjectNode().put("apiVersion", "authorization.k8s.io/v1")
        .put("kind", "SubjectAccessReview");
    body.set("spec", spec);
    var answer = t.post("/apis/authorization.k8s.io/v1/subjectaccessreviews", body);
    return answer.code() == 201 ? answer.json().path("status")
        : JSON.createObjectNode().put("code", answer.code()).put("message", answer.message());
  }

  /** {@code allowed}, and the reason of an allowed answer (it names the binding and role). */
  private static void ask(ConformanceTarget t, Observation o, String name, ObjectNode spec) {
    JsonNode status = review(t, spec);
    o.put(name, status.has("code") ? "HTTP " + status.get("code") + " " + status.get("message")
        : status.path("allowed").asBoolean() ? "allowed: " + status.path("reason").asText() : "denied");
  }
}
