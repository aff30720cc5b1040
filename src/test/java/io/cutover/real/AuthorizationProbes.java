package io.cutover.real;

import static io.cutover.real.ConformanceTarget.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.testing.RawHttp.Answer;
import java.util.List;

/**
 * Probes of how each request is authorized, as {@code kubectl --as} and {@code kubectl auth can-i --as} meet it: the
 * administrator impersonates a user who holds one Role in the probe's namespace, and both sides must allow, refuse
 * and word the refusal alike, answer the self reviews for that user, and refuse a Role that would grant more than
 * the user holds (RBAC's escalation check).
 */
final class AuthorizationProbes {
  static final String USER = "conformance-user";

  private AuthorizationProbes() {}

  static List<ConformanceProbe> all() {
    return List.of(
        new ConformanceProbe("authz.impersonated-requests", (t, o, ns) -> {
          grant(t, ns, rule("", "configmaps", "get", "list"));
          Answer allowed = t.as(USER, "GET", "/api/v1/namespaces/" + ns + "/configmaps", null);
          o.put("list configmaps.code", allowed.code());
          Answer forbidden = t.as(USER, "GET", "/api/v1/namespaces/" + ns + "/secrets", null);
          o.put("list secrets.code", forbidden.code()).put("list secrets.reason", forbidden.reason())
              .put("list secrets.message", forbidden.message());
          Answer named = t.as(USER, "DELETE", "/api/v1/namespaces/" + ns + "/configmaps/x", null);
          o.put("delete configmap.code", named.code()).put("delete configmap.message", named.message())
              .put("delete configmap.details", named.json().path("details"));
          Answer elsewhere = t.as(USER, "GET", "/api/v1/namespaces/default/configmaps", null);
          o.put("list in another namespace.code", elsewhere.code())
              .put("list in another namespace.message", elsewhere.message());
          Answer cluster = t.as(USER, "GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles", null);
          o.put("list clusterroles.code", cluster.code()).put("list clusterroles.message", cluster.message());
        }),
        new ConformanceProbe("authz.self-reviews", (t, o, ns) -> {
          grant(t, ns, rule("", "configmaps", "get", "list"));
          for (String verb : List.of("list", "delete")) {
            ObjectNode review = ConformanceTarget.object("authorization.k8s.io/v1", "SelfSubjectAccessReview", null,
                null);
            review.remove("metadata");
            review.putObject("spec").putObject("resourceAttributes").put("namespace", ns).put("verb", verb)
                .put("resource", "configmaps");
            Answer answer = t.as(USER, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review);
            o.put("can-i " + verb + ".code", answer.code())
                .put("can-i " + verb + ".allowed", answer.json().at("/status/allowed").asBoolean());
          }
          ObjectNode whoami = ConformanceTarget.object("authentication.k8s.io/v1", "SelfSubjectReview", null, null);
          whoami.remove("metadata");
          Answer me = t.as(USER, "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", whoami);
          o.put("whoami.code", me.code()).put("whoami.username", me.json().at("/status/userInfo/username").asText())
              .put("whoami.groups", me.json().at("/status/userInfo/groups"));
        }),
        new ConformanceProbe("authz.escalation", (t, o, ns) -> {
          grant(t, ns, rule("rbac.authorization.k8s.io", "roles", "create", "get"),
              rule("", "configmaps", "get"));
          Answer within = t.as(USER, "POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/roles",
              role(ns, "within", rule("", "configmaps", "get")));
          o.put("role within what the user holds.code", within.code());
          Answer beyond = t.as(USER, "POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/roles",
              role(ns, "beyond", rule("", "secrets", "get")));
          o.put("role beyond.code", beyond.code()).put("role beyond.reason", beyond.reason())
              .put("role beyond.says not currently held",
                  beyond.message().contains("is attempting to grant RBAC permissions not currently held"));
        }));
  }

  /** A Role of {@code rules} in {@code ns} bound to {@link #USER}, written by the administrator. */
  private static void grant(ConformanceTarget t, String ns, ObjectNode... rules) {
    t.namespace(ns);
    t.create("/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/roles", role(ns, "conformance", rules));
    ObjectNode binding = ConformanceTarget.object("rbac.authorization.k8s.io/v1", "RoleBinding", ns, "conformance");
    binding.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", "Role")
        .put("name", "conformance");
    binding.putArray("subjects").addObject().put("apiGroup", "rbac.authorization.k8s.io").put("kind", "User")
        .put("name", USER);
    t.create("/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/rolebindings", binding);
  }

  private static ObjectNode role(String ns, String name, ObjectNode... rules) {
    ObjectNode role = ConformanceTarget.object("rbac.authorization.k8s.io/v1", "Role", ns, name);
    ArrayNode list = role.putArray("rules");
    for (ObjectNode r : rules) {
      list.add(r);
    }
    return role;
  }

  private static ObjectNode rule(String group, String resource, String... verbs) {
    ObjectNode rule = JSON.createObjectNode();
    rule.putArray("apiGroups").add(group);
    rule.putArray("resources").add(resource);
    ArrayNode v = rule.putArray("verbs");
    for (String verb : verbs) {
      v.add(verb);
    }
    return rule;
  }
}
