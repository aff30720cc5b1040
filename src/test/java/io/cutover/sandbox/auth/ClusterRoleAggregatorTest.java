package io.cutover.sandbox.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClusterRoleAggregatorTest {

  private static final String ADMIN = "rbac.authorization.k8s.io/aggregate-to-admin";
  private static final String EDIT = "rbac.authorization.k8s.io/aggregate-to-edit";
  private static final String VIEW = "rbac.authorization.k8s.io/aggregate-to-view";

  static List<ClusterRole> bootstrapRoles() {
    try (InputStream in = ClusterRoleAggregatorTest.class
        .getResourceAsStream("/io/cutover/sandbox/bootstrap-cluster-roles.yaml")) {
      Object parsed = Serialization.unmarshal(in);
      assertThat(parsed).isInstanceOf(KubernetesList.class);
      List<ClusterRole> roles = new ArrayList<>();
      for (HasMetadata item : ((KubernetesList) parsed).getItems()) {
        roles.add((ClusterRole) item);
      }
      return roles;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, ClusterRole> byName(List<ClusterRole> roles) {
    return roles.stream().collect(Collectors.toMap(r -> r.getMetadata().getName(), r -> r, (a, b) -> a,
        LinkedHashMap::new));
  }

  private static List<PolicyRule> distinct(List<PolicyRule> rules) {
    List<PolicyRule> out = new ArrayList<>();
    for (PolicyRule r : rules) {
      if (out.stream().noneMatch(o -> ClusterRoleAggregator.sameRule(o, r))) {
        out.add(r);
      }
    }
    return out;
  }

  private static List<PolicyRule> concat(List<PolicyRule> a, List<PolicyRule> b) {
    List<PolicyRule> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static ClusterRole role(String name, Map<String, String> labels, PolicyRule... rules) {
    return new ClusterRoleBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withRules(rules).build();
  }

  private static PolicyRule rule(String verb, String resource) {
    return new PolicyRuleBuilder().withVerbs(verb).withApiGroups("").withResources(resource).build();
  }

  @Test
  void bootstrapAdminEditViewGetTheirPartsAsOnARealCluster() {
    Map<String, ClusterRole> input = byName(bootstrapRoles());
    List<PolicyRule> viewParts = input.get("system:aggregate-to-view").getRules();
    List<PolicyRule> editParts = input.get("system:aggregate-to-edit").getRules();
    List<PolicyRule> adminParts = input.get("system:aggregate-to-admin").getRules();
    assertThat(viewParts).isNotEmpty();
    assertThat(editParts).isNotEmpty();
    assertThat(adminParts).isNotEmpty();

    Map<String, ClusterRole> updated = byName(ClusterRoleAggregator.aggregate(List.copyOf(input.values())));

    assertThat(updated).containsOnlyKeys("admin", "edit", "view");
    // view <- aggregate-to-view; edit <- (by name) system:aggregate-to-edit, view;
    // admin <- (by name) edit, system:aggregate-to-admin.
    List<PolicyRule> view = distinct(viewParts);
    List<PolicyRule> edit = distinct(concat(editParts, view));
    List<PolicyRule> admin = distinct(concat(edit, adminParts));
    assertThat(ClusterRoleAggregator.sameRules(updated.get("view").getRules(), view)).isTrue();
    assertThat(ClusterRoleAggregator.sameRules(updated.get("edit").getRules(), edit)).isTrue();
    assertThat(ClusterRoleAggregator.sameRules(updated.get("admin").getRules(), admin)).isTrue();
    assertThat(updated.get("admin").getRules()).hasSizeGreaterThan(adminParts.size() + editParts.size());
    assertThat(updated.get("admin").getAggregationRule()).isEqualTo(input.get("admin").getAggregationRule());
    assertThat(updated.get("admin").getMetadata().getLabels()).isEqualTo(input.get("admin").getMetadata().getLabels());
  }

  @Test
  void aggregatedAdminBoundInNamespaceAllowsEditViewAndAdminPermissions() {
    List<ClusterRole> all = new ArrayList<>(bootstrapRoles());
    List<ClusterRole> updated = ClusterRoleAggregator.aggregate(all);
    all.removeIf(r -> updated.stream().anyMatch(u -> u.getMetadata().getName().equals(r.getMetadata().getName())));
    all.addAll(updated);
    RbacAuthorizer authorizer = new RbacAuthorizer(List.of(), all,
        List.of(new RoleBindingBuilder().withNewMetadata().withNamespace("team").withName("owners").endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "admin")
            .addNewSubject().withKind("User").withName("alice").endSubject().build()),
        List.of());

    assertThat(authorizer.authorize(RequestAttributes.resource("alice", List.of(), "list", "team", "", "pods", "", ""))
        .allowed()).as("view part").isTrue();
    assertThat(authorizer.authorize(RequestAttributes.resource("alice", List.of(), "create", "team", "", "pods",
        "exec", "web")).allowed()).as("edit part").isTrue();
    assertThat(authorizer.authorize(RequestAttributes.resource("alice", List.of(), "create", "team",
        "rbac.authorization.k8s.io", "rolebindings", "", "")).allowed()).as("admin part").isTrue();
    assertThat(authorizer.authorize(RequestAttributes.resource("alice", List.of(), "list", "other", "", "pods", "",
        "")).allowed()).as("only in team").isFalse();
  }

  @Test
  void aggregationIsIdempotentAndDoesNotMutateItsInput() {
    List<ClusterRole> all = new ArrayList<>(bootstrapRoles());
    ClusterRole adminBefore = byName(all).get("admin");
    String before = Serialization.asYaml(adminBefore);

    List<ClusterRole> updated = ClusterRoleAggregator.aggregate(all);

    assertThat(Serialization.asYaml(adminBefore)).isEqualTo(before);
    Map<String, ClusterRole> merged = byName(all);
    updated.forEach(u -> merged.put(u.getMetadata().getName(), u));
    assertThat(ClusterRoleAggregator.aggregate(List.copyOf(merged.values()))).isEmpty();
  }

  @Test
  void selectorsAreUnionedInSelectorOrderThenByNameWithoutDuplicatesOrSelf() {
    PolicyRule pods = rule("get", "pods");
    PolicyRule secrets = rule("get", "secrets");
    PolicyRule leases = rule("get", "leases");
    ClusterRole aggregated = new ClusterRoleBuilder().withNewMetadata().withName("agg")
        .withLabels(Map.of("second", "yes")).endMetadata()
        .withNewAggregationRule()
        .addToClusterRoleSelectors(new LabelSelectorBuilder().withMatchLabels(Map.of("first", "yes")).build())
        .addToClusterRoleSelectors(new LabelSelectorBuilder().withMatchLabels(Map.of("second", "yes")).build())
        .endAggregationRule()
        .withRules(rule("delete", "everything"))
        .build();
    List<ClusterRole> all = List.of(aggregated,
        role("z-first", Map.of("first", "yes"), secrets, pods),
        role("a-first", Map.of("first", "yes"), pods),
        role("b-second", Map.of("second", "yes"), leases, pods),
        role("unrelated", Map.of("first", "no"), rule("*", "*")));

    List<ClusterRole> updated = ClusterRoleAggregator.aggregate(all);

    assertThat(updated).hasSize(1);
    assertThat(ClusterRoleAggregator.sameRules(updated.get(0).getRules(), List.of(pods, secrets, leases))).isTrue();
  }

  @Test
  void matchExpressionsSupportInNotInExistsAndDoesNotExist() {
    Map<String, String> labels = Map.of("tier", "web", "team", "a");
    assertThat(matches("In", "tier", "web", "db")).isTrue();
    assertThat(ClusterRoleAggregator.matches(selector("In", "tier", "db"), labels)).isFalse();
    assertThat(ClusterRoleAggregator.matches(selector("NotIn", "tier", "db"), labels)).isTrue();
    assertThat(ClusterRoleAggregator.matches(selector("NotIn", "tier", "web"), labels)).isFalse();
    assertThat(ClusterRoleAggregator.matches(selector("NotIn", "absent", "x"), labels)).isTrue();
    assertThat(ClusterRoleAggregator.matches(selector("Exists", "team"), labels)).isTrue();
    assertThat(ClusterRoleAggregator.matches(selector("Exists", "absent"), labels)).isFalse();
    assertThat(ClusterRoleAggregator.matches(selector("DoesNotExist", "absent"), labels)).isTrue();
    assertThat(ClusterRoleAggregator.matches(selector("DoesNotExist", "team"), labels)).isFalse();
    assertThat(ClusterRoleAggregator.matches(selector("Bogus", "team"), labels)).isNull();
    assertThat(ClusterRoleAggregator.matches(new LabelSelectorBuilder().build(), labels)).as("empty: all").isTrue();
    assertThat(ClusterRoleAggregator.matches(null, labels)).as("null: nothing").isFalse();
    assertThat(ClusterRoleAggregator.matches(new LabelSelectorBuilder().withMatchLabels(Map.of("tier", "web"))
        .addNewMatchExpression().withKey("team").withOperator("In").withValues("b").endMatchExpression().build(),
        labels)).as("labels and expressions must all hold").isFalse();
  }

  private static boolean matches(String op, String key, String... values) {
    return ClusterRoleAggregator.matches(selector(op, key, values), Map.of("tier", "web", "team", "a"));
  }

  private static io.fabric8.kubernetes.api.model.LabelSelector selector(String op, String key, String... values) {
    return new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator(op).withValues(values)
        .endMatchExpression().build();
  }

  @Test
  void aggregatedRoleWhoseSelectorsMatchNothingIsLeftUnchanged() {
    ClusterRole lonely = new ClusterRoleBuilder().withNewMetadata().withName("lonely").endMetadata()
        .withNewAggregationRule()
        .addToClusterRoleSelectors(new LabelSelectorBuilder().withMatchLabels(Map.of("nobody", "true")).build())
        .endAggregationRule().build();
    ClusterRole invalid = new ClusterRoleBuilder().withNewMetadata().withName("invalid").endMetadata()
        .withNewAggregationRule().addToClusterRoleSelectors(selector("Bogus", "x")).endAggregationRule()
        .withRules(rule("get", "pods")).build();

    assertThat(ClusterRoleAggregator.aggregate(List.of(lonely, invalid, role("x", Map.of("x", "1"),
        rule("get", "secrets"))))).isEmpty();
  }

  @Test
  void aggregatedRoleLosesRulesWhoseSourceLostItsLabel() {
    ClusterRole agg = new ClusterRoleBuilder().withNewMetadata().withName("agg").endMetadata()
        .withNewAggregationRule()
        .addToClusterRoleSelectors(new LabelSelectorBuilder().withMatchLabels(Map.of("part", "true")).build())
        .endAggregationRule()
        .withRules(rule("get", "pods"), rule("get", "secrets")).build();

    List<ClusterRole> updated = ClusterRoleAggregator.aggregate(List.of(agg,
        role("part", Map.of("part", "true"), rule("get", "pods")),
        role("former-part", Map.of("part", "false"), rule("get", "secrets"))));

    assertThat(updated).hasSize(1);
    assertThat(ClusterRoleAggregator.sameRules(updated.get(0).getRules(), List.of(rule("get", "pods")))).isTrue();
  }
}
