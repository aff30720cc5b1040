package io.cutover.sandbox.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class RbacAuthorizerTest {

  private static final String SA_USER = "system:serviceaccount:team:app";

  private static PolicyRule rule(List<String> verbs, List<String> groups, List<String> resources) {
    return new PolicyRuleBuilder().withVerbs(verbs).withApiGroups(groups).withResources(resources).build();
  }

  private static Role role(String ns, String name, PolicyRule... rules) {
    return new RoleBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata().withRules(rules).build();
  }

  private static ClusterRole clusterRole(String name, PolicyRule... rules) {
    return new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata().withRules(rules).build();
  }

  private static RoleBinding roleBinding(String ns, String name, String roleKind, String roleName, Subject... s) {
    return new RoleBindingBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", roleKind, roleName).withSubjects(s).build();
  }

  private static ClusterRoleBinding clusterRoleBinding(String name, String roleName, Subject... s) {
    return new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", roleName).withSubjects(s).build();
  }

  private static Subject sa(String namespace, String name) {
    return new SubjectBuilder().withKind("ServiceAccount").withNamespace(namespace).withName(name).build();
  }

  private static Subject user(String name) {
    return new SubjectBuilder().withKind("User").withApiGroup("rbac.authorization.k8s.io").withName(name).build();
  }

  private static Subject group(String name) {
    return new SubjectBuilder().withKind("Group").withApiGroup("rbac.authorization.k8s.io").withName(name).build();
  }

  private static RequestAttributes get(String user, String ns, String group, String resource) {
    return RequestAttributes.resource(user, List.of(), "get", ns, group, resource, "", "");
  }

  @Test
  void roleBindingToRoleAllowsServiceAccountOfBindingNamespaceWithKubeApiserverReason() {
    RbacAuthorizer authorizer = new RbacAuthorizer(
        List.of(role("team", "reader", rule(List.of("get"), List.of(""), List.of("pods")))), List.of(),
        List.of(roleBinding("team", "read-pods", "Role", "reader", sa("", "app"))), List.of());

    Decision decision = authorizer.authorize(get(SA_USER, "team", "", "pods"));

    assertThat(decision).isEqualTo(new Decision(true,
        "RBAC: allowed by RoleBinding \"read-pods/team\" of Role \"reader\" to ServiceAccount \"app/team\""));
  }

  @Test
  void clusterRoleBindingAllowsInEveryNamespaceAndClusterWideNamingBindingRoleAndGroup() {
    RbacAuthorizer authorizer = new RbacAuthorizer(List.of(),
        List.of(clusterRole("pod-reader", rule(List.of("get"), List.of(""), List.of("pods")))), List.of(),
        List.of(clusterRoleBinding("everyone-reads", "pod-reader", group("readers"))));
    RequestAttributes inNs = RequestAttributes.resource("joe", List.of("readers"), "get", "any", "", "pods", "", "");
    RequestAttributes clusterWide =
        RequestAttributes.resource("joe", List.of("readers"), "get", "", "", "pods", "", "");

    assertThat(authorizer.authorize(inNs)).isEqualTo(new Decision(true,
        "RBAC: allowed by ClusterRoleBinding \"everyone-reads\" of ClusterRole \"pod-reader\" to Group \"readers\""));
    assertThat(authorizer.authorize(clusterWide).allowed()).isTrue();
    assertThat(authorizer.authorize(get("joe", "any", "", "pods")).allowed()).as("not in the group").isFalse();
  }

  @Test
  void roleBindingToClusterRoleGrantsOnlyInItsNamespace() {
    RbacAuthorizer authorizer = new RbacAuthorizer(List.of(),
        List.of(clusterRole("view", rule(List.of("get"), List.of(""), List.of("pods")))),
        List.of(roleBinding("team", "view", "ClusterRole", "view", sa("team", "app"))), List.of());

    assertThat(authorizer.authorize(get(SA_USER, "team", "", "pods")).reason())
        .isEqualTo("RBAC: allowed by RoleBinding \"view/team\" of ClusterRole \"view\" to ServiceAccount \"app/team\"");
    assertThat(authorizer.authorize(get(SA_USER, "other", "", "pods")).allowed()).isFalse();
    assertThat(authorizer.authorize(get(SA_USER, "", "", "pods")).allowed()).as("cluster-wide").isFalse();
  }

  @Test
  void roleBindingFindsRoleOnlyInItsOwnNamespace() {
    RbacAuthorizer authorizer = new RbacAuthorizer(
        List.of(role("elsewhere", "reader", rule(List.of("get"), List.of(""), List.of("pods")))), List.of(),
        List.of(roleBinding("team", "read", "Role", "reader", user("joe"))), List.of());

    Decision decision = authorizer.authorize(get("joe", "team", "", "pods"));

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.reason()).isEqualTo("RBAC: role.rbac.authorization.k8s.io \"reader\" not found");
  }

  @Test
  void bindingToMissingClusterRoleGrantsNothingAndIsReportedLikeKubeApiserver() {
    RbacAuthorizer authorizer = new RbacAuthorizer(List.of(), List.of(), List.of(),
        List.of(clusterRoleBinding("dangling", "gone", user("joe")), clusterRoleBinding("dup", "gone", user("joe")),
            clusterRoleBinding("other", "missing", user("joe"))));

    Decision decision = authorizer.authorize(get("joe", "team", "", "pods"));

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.reason()).isEqualTo("RBAC: [clusterrole.rbac.authorization.k8s.io \"gone\" not found, "
        + "clusterrole.rbac.authorization.k8s.io \"missing\" not found]");
  }

  @Test
  void deniedWithoutResolutionErrorsHasEmptyReason() {
    RbacAuthorizer authorizer = new RbacAuthorizer(List.of(),
        List.of(clusterRole("pod-reader", rule(List.of("get"), List.of(""), List.of("pods")))), List.of(),
        List.of(clusterRoleBinding("b", "pod-reader", user("joe"))));

    assertThat(authorizer.authorize(get("joe", "team", "", "secrets"))).isEqualTo(new Decision(false, ""));
  }

  @Test
  void verbsAreCaseSensitive() {
    RbacAuthorizer authorizer = new RbacAuthorizer(List.of(),
        List.of(clusterRole("pod-reader", rule(List.of("get"), List.of(""), List.of("pods")))), List.of(),
        List.of(clusterRoleBinding("b", "pod-reader", user("joe"))));

    assertThat(authorizer.authorize(RequestAttributes.resource("joe", List.of(), "GET", "team", "", "pods", "", ""))
        .allowed()).isFalse();
    assertThat(authorizer.authorize(get("joe", "team", "", "pods")).allowed()).isTrue();
  }

  @Test
  void serviceAccountSubjectWithoutNamespaceInClusterRoleBindingMatchesNobody() {
    RbacAuthorizer authorizer = new RbacAuthorizer(List.of(),
        List.of(clusterRole("all", rule(List.of("*"), List.of("*"), List.of("*")))), List.of(),
        List.of(clusterRoleBinding("b", "all", sa("", "app"))));

    assertThat(authorizer.authorize(get(SA_USER, "team", "", "pods")).allowed()).isFalse();
    assertThat(authorizer.authorize(get("system:serviceaccount::app", "team", "", "pods")).allowed()).isFalse();
  }

  @Test
  void serviceAccountSubjectWithExplicitNamespaceMatchesThatAccountOnly() {
    RbacAuthorizer authorizer = new RbacAuthorizer(List.of(),
        List.of(clusterRole("view", rule(List.of("get"), List.of(""), List.of("pods")))),
        List.of(roleBinding("team", "cross", "ClusterRole", "view", sa("ops", "robot"))), List.of());

    assertThat(authorizer.authorize(get("system:serviceaccount:ops:robot", "team", "", "pods")).reason())
        .isEqualTo("RBAC: allowed by RoleBinding \"cross/team\" of ClusterRole \"view\" to ServiceAccount \"robot/ops\"");
    assertThat(authorizer.authorize(get("system:serviceaccount:team:robot", "team", "", "pods")).allowed()).isFalse();
  }

  @Test
  void resourceNamesRestrictToThoseNamesAndRequestsWithoutNameDoNotMatch() {
    PolicyRule oneSecret = new PolicyRuleBuilder().withVerbs("get").withApiGroups("").withResources("secrets")
        .withResourceNames("token-a").build();
    RbacAuthorizer authorizer = new RbacAuthorizer(List.of(role("team", "r", oneSecret)), List.of(),
        List.of(roleBinding("team", "b", "Role", "r", user("joe"))), List.of());

    assertThat(authorizer.authorize(RequestAttributes.resource("joe", List.of(), "get", "team", "", "secrets", "",
        "token-a")).allowed()).isTrue();
    assertThat(authorizer.authorize(RequestAttributes.resource("joe", List.of(), "get", "team", "", "secrets", "",
        "token-b")).allowed()).isFalse();
    assertThat(authorizer.authorize(get("joe", "team", "", "secrets")).allowed()).isFalse();
  }

  @Test
  void starSlashSubresourceMatchesThatSubresourceOfAnyResourceOnly() {
    RbacAuthorizer authorizer = new RbacAuthorizer(List.of(),
        List.of(clusterRole("scaler", rule(List.of("update"), List.of("*"), List.of("*/scale")))), List.of(),
        List.of(clusterRoleBinding("b", "scaler", user("joe"))));

    assertThat(authorizer.authorize(RequestAttributes.resource("joe", List.of(), "update", "team", "apps",
        "deployments", "scale", "web")).allowed()).isTrue();
    assertThat(authorizer.authorize(RequestAttributes.resource("joe", List.of(), "update", "team", "apps",
        "deployments", "status", "web")).allowed()).isFalse();
    assertThat(authorizer.authorize(RequestAttributes.resource("joe", List.of(), "update", "team", "apps",
        "deployments", "", "web")).allowed()).isFalse();
  }

  @Test
  void roleBindingNeverGrantsNonResourceUrls() {
    PolicyRule healthz = new PolicyRuleBuilder().withVerbs("get").withNonResourceURLs("/healthz").build();
    ClusterRole role = clusterRole("health", healthz);
    RbacAuthorizer viaRoleBinding = new RbacAuthorizer(List.of(), List.of(role),
        List.of(roleBinding("team", "b", "ClusterRole", "health", user("joe"))), List.of());
    RbacAuthorizer viaClusterRoleBinding = new RbacAuthorizer(List.of(), List.of(role), List.of(),
        List.of(clusterRoleBinding("b", "health", user("joe"))));
    RequestAttributes withNamespace =
        new RequestAttributes("joe", List.of(), "get", false, "team", "", "", "", "", "/healthz");

    assertThat(viaRoleBinding.authorize(RequestAttributes.nonResource("joe", List.of(), "get", "/healthz"))
        .allowed()).isFalse();
    assertThat(viaRoleBinding.authorize(withNamespace).allowed()).isFalse();
    assertThat(viaClusterRoleBinding.authorize(RequestAttributes.nonResource("joe", List.of(), "get", "/healthz"))
        .reason()).isEqualTo("RBAC: allowed by ClusterRoleBinding \"b\" of ClusterRole \"health\" to User \"joe\"");
  }

  @Test
  void clusterRoleBindingsAreConsultedBeforeRoleBindings() {
    ClusterRole all = clusterRole("all", rule(List.of("*"), List.of("*"), List.of("*")));
    RbacAuthorizer authorizer = new RbacAuthorizer(List.of(role("team", "r", rule(List.of("get"), List.of(""),
        List.of("pods")))), List.of(all), List.of(roleBinding("team", "local", "Role", "r", user("joe"))),
        List.of(clusterRoleBinding("global", "all", user("joe"))));

    assertThat(authorizer.authorize(get("joe", "team", "", "pods")).reason())
        .startsWith("RBAC: allowed by ClusterRoleBinding \"global\"");
  }

  @Test
  void rulesForListsClusterWideAndNamespaceRulesButNotOtherNamespacesOrRoleBoundUrls() {
    PolicyRule discovery = new PolicyRuleBuilder().withVerbs("get").withNonResourceURLs("/api", "/api/*").build();
    PolicyRule leases = rule(List.of("get", "update"), List.of("coordination.k8s.io"), List.of("leases"));
    PolicyRule mixed = new PolicyRuleBuilder().withVerbs("get").withApiGroups("").withResources("configmaps")
        .withNonResourceURLs("/metrics").build();
    RbacAuthorizer authorizer = new RbacAuthorizer(
        List.of(role("team", "leader", leases), role("other", "leader", leases)),
        List.of(clusterRole("discovery", discovery), clusterRole("mixed", mixed)),
        List.of(roleBinding("team", "lead", "Role", "leader", sa("", "app")),
            roleBinding("other", "lead", "Role", "leader", sa("", "app")),
            roleBinding("team", "mixed", "ClusterRole", "mixed", sa("", "app"))),
        List.of(clusterRoleBinding("disc", "discovery", group("system:authenticated"))));

    RulesForSubject rules = authorizer.rulesFor(SA_USER, List.of("system:authenticated"), "team");

    assertThat(rules.resourceRules()).extracting(ResourceRule::getResources)
        .containsExactly(List.of("leases"), List.of("configmaps"));
    assertThat(rules.resourceRules().get(0).getVerbs()).containsExactly("get", "update");
    assertThat(rules.resourceRules().get(0).getApiGroups()).containsExactly("coordination.k8s.io");
    assertThat(rules.nonResourceRules()).extracting(NonResourceRule::getNonResourceURLs)
        .containsExactly(List.of("/api", "/api/*"));
    assertThat(authorizer.rulesFor(SA_USER, List.of(), "nowhere").resourceRules()).isEmpty();
  }

  @Test
  void requestAttributesTreatNullsAsEmpty() {
    RequestAttributes r = RequestAttributes.resource(null, null, "get", null, null, "pods", null, null);

    assertThat(r.user()).isEmpty();
    assertThat(r.groups()).isEmpty();
    assertThat(r.namespace()).isEmpty();
    assertThat(r.resourceRequest()).isTrue();
    assertThat(RequestAttributes.nonResource("u", List.of(), "get", "/x").resourceRequest()).isFalse();
  }
}
