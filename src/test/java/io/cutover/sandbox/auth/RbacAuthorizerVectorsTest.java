package io.cutover.sandbox.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every vector of Kubernetes' own RBAC authorizer tests (rbac_test.go, as data in
 * src/test/resources/kubernetes/rbac-authorizer-vectors.yaml) against {@link RbacAuthorizer} and {@link RbacRules}.
 * Unknown sections or fields make the test fail instead of being skipped, so no vector can be silently ignored.
 */
class RbacAuthorizerVectorsTest {

  private static final String VECTORS = "/kubernetes/rbac-authorizer-vectors.yaml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP_LEVEL = Set.of("about", "authorize", "ruleMatches");
  private static final Set<String> AUTHORIZE_CASE_FIELDS =
      Set.of("name", "roles", "clusterRoles", "roleBindings", "clusterRoleBindings", "allowed", "denied");
  private static final Set<String> REQUEST_FIELDS =
      Set.of("user", "groups", "verb", "resource", "subresource", "namespace", "apiGroup", "name", "path", "matches");
  private static final Set<String> RULE_CASE_FIELDS = Set.of("name", "rule", "requests");

  static JsonNode vectors() {
    try (InputStream in = RbacAuthorizerVectorsTest.class.getResourceAsStream(VECTORS)) {
      assertThat(in).as(VECTORS).isNotNull();
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void vectorFileHasOnlySectionsThisTestRuns() {
    JsonNode root = vectors();
    List<String> sections = new ArrayList<>();
    root.fieldNames().forEachRemaining(sections::add);
    assertThat(sections).containsExactlyInAnyOrderElementsOf(TOP_LEVEL);
    assertThat(root.get("authorize")).isNotEmpty();
    assertThat(root.get("ruleMatches")).isNotEmpty();
    for (JsonNode c : root.get("authorize")) {
      assertOnlyFields(c, AUTHORIZE_CASE_FIELDS);
      for (String list : List.of("allowed", "denied")) {
        for (JsonNode r : c.path(list)) {
          assertOnlyFields(r, REQUEST_FIELDS);
        }
      }
    }
    for (JsonNode c : root.get("ruleMatches")) {
      assertOnlyFields(c, RULE_CASE_FIELDS);
      for (JsonNode r : c.get("requests")) {
        assertOnlyFields(r, REQUEST_FIELDS);
        assertThat(r.has("matches")).as("%s: every rule request states matches", c.get("name")).isTrue();
      }
    }
  }

  @Test
  void everyVectorIsRun() {
    JsonNode root = vectors();
    int expected = 0;
    for (JsonNode c : root.get("authorize")) {
      expected += c.path("allowed").size() + c.path("denied").size();
    }
    assertThat(authorizeVectors().count()).isEqualTo(expected).isGreaterThan(0);
    int expectedRules = 0;
    for (JsonNode c : root.get("ruleMatches")) {
      expectedRules += c.get("requests").size();
    }
    assertThat(ruleVectors().count()).isEqualTo(expectedRules).isGreaterThan(0);
  }

  static Stream<Arguments> authorizeVectors() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : vectors().get("authorize")) {
      String name = c.get("name").asText();
      RbacAuthorizer authorizer = authorizerFor(c);
      for (String list : List.of("allowed", "denied")) {
        int i = 0;
        for (JsonNode r : c.path(list)) {
          out.add(Arguments.of(name + " / " + list + "[" + i++ + "] " + r, authorizer, request(r),
              list.equals("allowed")));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("authorizeVectors")
  void authorizerAgreesWithKubernetesVector(String vector, RbacAuthorizer authorizer, RequestAttributes request,
      boolean allowed) {
    Decision decision = authorizer.authorize(request);
    assertThat(decision.allowed()).as(vector).isEqualTo(allowed);
    if (allowed) {
      assertThat(decision.reason()).as(vector).startsWith("RBAC: allowed by ");
    } else {
      assertThat(decision.reason()).as(vector).isEmpty();
    }
  }

  static Stream<Arguments> ruleVectors() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : vectors().get("ruleMatches")) {
      PolicyRule rule = YAML.convertValue(c.get("rule"), PolicyRule.class);
      int i = 0;
      for (JsonNode r : c.get("requests")) {
        out.add(Arguments.of(c.get("name").asText() + " [" + i++ + "] " + r, rule, request(r),
            r.get("matches").asBoolean()));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleVectors")
  void singleRuleAgreesWithKubernetesVector(String vector, PolicyRule rule, RequestAttributes request,
      boolean matches) {
    assertThat(RbacRules.allows(request, rule)).as(vector).isEqualTo(matches);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleVectors")
  void singleRuleBoundClusterWideAgreesWithKubernetesVector(String vector, PolicyRule rule,
      RequestAttributes request, boolean matches) {
    ClusterRole role = new ClusterRoleBuilder().withNewMetadata().withName("the-rule").endMetadata()
        .withRules(rule).build();
    ClusterRoleBinding binding = new ClusterRoleBindingBuilder().withNewMetadata().withName("bind").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "the-rule")
        .addNewSubject().withKind("User").withName("someone").endSubject()
        .build();
    RbacAuthorizer authorizer = new RbacAuthorizer(List.of(), List.of(role), List.of(), List.of(binding));
    RequestAttributes asSomeone = new RequestAttributes("someone", request.groups(), request.verb(),
        request.resourceRequest(), request.namespace(), request.apiGroup(), request.resource(),
        request.subresource(), request.name(), request.path());
    assertThat(authorizer.authorize(asSomeone).allowed()).as(vector).isEqualTo(matches);
  }

  private static RequestAttributes request(JsonNode r) {
    List<String> groups = new ArrayList<>();
    r.path("groups").forEach(g -> groups.add(g.asText()));
    String user = text(r, "user");
    if (r.has("path")) {
      assertThat(r.has("resource")).as("request is either resource or non-resource: %s", r).isFalse();
      return RequestAttributes.nonResource(user, groups, text(r, "verb"), text(r, "path"));
    }
    return RequestAttributes.resource(user, groups, text(r, "verb"), text(r, "namespace"), text(r, "apiGroup"),
        text(r, "resource"), text(r, "subresource"), text(r, "name"));
  }

  private static RbacAuthorizer authorizerFor(JsonNode c) {
    List<Role> roles = new ArrayList<>();
    int n = 0;
    for (JsonNode r : c.path("roles")) {
      roles.add(new RoleBuilder()
          .withMetadata(new ObjectMetaBuilder().withName(text(r, "name")).withNamespace(text(r, "namespace")).build())
          .withRules(rules(r)).build());
    }
    List<ClusterRole> clusterRoles = new ArrayList<>();
    for (JsonNode r : c.path("clusterRoles")) {
      clusterRoles.add(new ClusterRoleBuilder().withNewMetadata().withName(text(r, "name")).endMetadata()
          .withRules(rules(r)).build());
    }
    List<RoleBinding> roleBindings = new ArrayList<>();
    for (JsonNode b : c.path("roleBindings")) {
      String name = b.has("name") ? text(b, "name") : "rb-" + n++;
      roleBindings.add(new RoleBindingBuilder()
          .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(text(b, "namespace")).build())
          .withRoleRef(YAML.convertValue(b.get("roleRef"), RoleRef.class))
          .withSubjects(subjects(b)).build());
    }
    List<ClusterRoleBinding> clusterRoleBindings = new ArrayList<>();
    for (JsonNode b : c.path("clusterRoleBindings")) {
      String name = b.has("name") ? text(b, "name") : "crb-" + n++;
      clusterRoleBindings.add(new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
          .withRoleRef(YAML.convertValue(b.get("roleRef"), RoleRef.class))
          .withSubjects(subjects(b)).build());
    }
    return new RbacAuthorizer(roles, clusterRoles, roleBindings, clusterRoleBindings);
  }

  private static List<PolicyRule> rules(JsonNode role) {
    List<PolicyRule> rules = new ArrayList<>();
    role.path("rules").forEach(r -> rules.add(YAML.convertValue(r, PolicyRule.class)));
    return rules;
  }

  private static List<Subject> subjects(JsonNode binding) {
    List<Subject> subjects = new ArrayList<>();
    binding.path("subjects").forEach(s -> subjects.add(YAML.convertValue(s, Subject.class)));
    return subjects;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  private static void assertOnlyFields(JsonNode node, Set<String> known) {
    List<String> fields = new ArrayList<>();
    node.fieldNames().forEachRemaining(fields::add);
    assertThat(known).as("fields of %s", node).containsAll(fields);
  }
}
