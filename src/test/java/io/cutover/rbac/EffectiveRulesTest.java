package io.cutover.rbac;

import static io.cutover.rbac.RbacFixtures.clusterRole;
import static io.cutover.rbac.RbacFixtures.clusterRoleBinding;
import static io.cutover.rbac.RbacFixtures.group;
import static io.cutover.rbac.RbacFixtures.role;
import static io.cutover.rbac.RbacFixtures.roleBinding;
import static io.cutover.rbac.RbacFixtures.rule;
import static io.cutover.rbac.RbacFixtures.sa;
import static io.cutover.rbac.RbacFixtures.urls;
import static io.cutover.rbac.RbacFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class EffectiveRulesTest {

  private static final ServiceAccountIdentity BUILDER = new ServiceAccountIdentity("ci", "builder");
  private static final PolicyRule READ_PODS = rule("get,list", "-", "pods");
  private static final PolicyRule EDIT_DEPLOYMENTS = rule("update,patch", "apps", "deployments");

  @Test
  void identityHasTheServiceAccountUsernameAndGroups() {
    assertThat(BUILDER.username()).isEqualTo("system:serviceaccount:ci:builder");
    assertThat(BUILDER.groups())
        .containsExactly("system:serviceaccounts", "system:serviceaccounts:ci", "system:authenticated");
  }

  @Test
  void roleBindingToRoleGrantsTheRoleRulesInTheBindingNamespace() {
    RbacSnapshot rbac = new RbacSnapshot(List.of(role("ci", "pod-reader", READ_PODS)), List.of(),
        List.of(roleBinding("ci", "read-pods", "Role", "pod-reader", sa("ci", "builder"))), List.of());

    List<Grant> grants = EffectiveRules.grantsFor(rbac, BUILDER);

    assertThat(grants).singleElement().satisfies(g -> {
      assertThat(g).extracting(Grant::namespace, Grant::bindingKind, Grant::bindingNamespace, Grant::bindingName,
              Grant::roleKind, Grant::roleName, Grant::subjectKind)
          .containsExactly("ci", "RoleBinding", "ci", "read-pods", "Role", "pod-reader", "ServiceAccount");
      assertThat(Rules.sameRule(g.rule(), READ_PODS)).isTrue();
    });
  }

  @Test
  void roleBindingFindsTheRoleOnlyInItsOwnNamespace() {
    RbacSnapshot rbac = new RbacSnapshot(List.of(role("other", "pod-reader", READ_PODS)), List.of(),
        List.of(roleBinding("ci", "read-pods", "Role", "pod-reader", sa("ci", "builder"))), List.of());

    assertThat(EffectiveRules.grantsFor(rbac, BUILDER)).isEmpty();
    assertThat(EffectiveRules.danglingBindings(rbac, BUILDER))
        .containsExactly(new DanglingBinding("RoleBinding", "ci", "read-pods", "Role", "pod-reader"));
  }

  @Test
  void roleBindingToClusterRoleGrantsOnlyInTheBindingNamespace() {
    RbacSnapshot rbac = new RbacSnapshot(List.of(), List.of(clusterRole("deployer", EDIT_DEPLOYMENTS)),
        List.of(roleBinding("apps", "deploy", "ClusterRole", "deployer", sa("ci", "builder"))), List.of());

    List<Grant> grants = EffectiveRules.grantsFor(rbac, BUILDER);

    assertThat(grants).extracting(Grant::namespace, Grant::roleKind, Grant::roleName)
        .containsExactly(tuple("apps", "ClusterRole", "deployer"));
    assertThat(EffectiveRules.rulesIn(grants, "apps")).hasSize(1);
    assertThat(EffectiveRules.rulesIn(grants, "ci")).isEmpty();
    assertThat(EffectiveRules.rulesIn(grants, null)).isEmpty();
  }

  @Test
  void clusterRoleBindingGrantsClusterWide() {
    RbacSnapshot rbac = new RbacSnapshot(List.of(), List.of(clusterRole("reader", READ_PODS, urls("get", "/healthz"))),
        List.of(), List.of(clusterRoleBinding("read-all", "reader", sa("ci", "builder"))));

    List<Grant> grants = EffectiveRules.grantsFor(rbac, BUILDER);

    assertThat(grants).hasSize(2).allSatisfy(g -> {
      assertThat(g.namespace()).isNull();
      assertThat(g.clusterWide()).isTrue();
      assertThat(g.bindingKind()).isEqualTo("ClusterRoleBinding");
      assertThat(g.bindingNamespace()).isNull();
    });
    assertThat(EffectiveRules.rulesIn(grants, "anything")).hasSize(2);
  }

  @Test
  void roleBindingServiceAccountSubjectWithoutNamespaceMeansTheBindingNamespace() {
    RbacSnapshot rbac = new RbacSnapshot(List.of(role("ci", "pod-reader", READ_PODS)), List.of(),
        List.of(roleBinding("ci", "read-pods", "Role", "pod-reader", sa(null, "builder"))), List.of());

    assertThat(EffectiveRules.grantsFor(rbac, BUILDER)).hasSize(1);
    // the same subject in a binding of another namespace names that namespace's "builder", not ours
    RbacSnapshot elsewhere = new RbacSnapshot(List.of(role("prod", "pod-reader", READ_PODS)), List.of(),
        List.of(roleBinding("prod", "read-pods", "Role", "pod-reader", sa("", "builder"))), List.of());
    assertThat(EffectiveRules.grantsFor(elsewhere, BUILDER)).isEmpty();
  }

  @Test
  void roleBindingServiceAccountSubjectWithExplicitNamespaceGrantsAcrossNamespaces() {
    RbacSnapshot rbac = new RbacSnapshot(List.of(role("prod", "pod-reader", READ_PODS)), List.of(),
        List.of(roleBinding("prod", "read-pods", "Role", "pod-reader", sa("ci", "builder"))), List.of());

    assertThat(EffectiveRules.grantsFor(rbac, BUILDER)).extracting(Grant::namespace).containsExactly("prod");
  }

  @Test
  void clusterRoleBindingServiceAccountSubjectWithoutNamespaceMatchesNothing() {
    RbacSnapshot rbac = new RbacSnapshot(List.of(), List.of(clusterRole("reader", READ_PODS)), List.of(),
        List.of(clusterRoleBinding("read-all", "reader", sa(null, "builder"))));

    assertThat(EffectiveRules.grantsFor(rbac, BUILDER)).isEmpty();
  }

  @Test
  void userSubjectWithTheServiceAccountUsernameGrants() {
    RbacSnapshot rbac = new RbacSnapshot(List.of(), List.of(clusterRole("reader", READ_PODS)), List.of(),
        List.of(clusterRoleBinding("read-all", "reader", user("system:serviceaccount:ci:builder"))));

    assertThat(EffectiveRules.grantsFor(rbac, BUILDER)).extracting(Grant::subjectKind).containsExactly("User");
    RbacSnapshot other = new RbacSnapshot(List.of(), List.of(clusterRole("reader", READ_PODS)), List.of(),
        List.of(clusterRoleBinding("read-all", "reader", user("builder"))));
    assertThat(EffectiveRules.grantsFor(other, BUILDER)).isEmpty();
  }

  @Test
  void groupOfTheServiceAccountNamespaceGrants() {
    RbacSnapshot rbac = new RbacSnapshot(List.of(role("ci", "pod-reader", READ_PODS)), List.of(),
        List.of(roleBinding("ci", "read-pods", "Role", "pod-reader", group("system:serviceaccounts:ci"))),
        List.of());

    List<Grant> grants = EffectiveRules.grantsFor(rbac, BUILDER);

    assertThat(grants).extracting(Grant::subjectKind).containsExactly("Group");
    assertThat(grants.get(0).direct()).isFalse();
    RbacSnapshot otherNamespaceGroup = new RbacSnapshot(List.of(role("ci", "pod-reader", READ_PODS)), List.of(),
        List.of(roleBinding("ci", "read-pods", "Role", "pod-reader", group("system:serviceaccounts:prod"))),
        List.of());
    assertThat(EffectiveRules.grantsFor(otherNamespaceGroup, BUILDER)).isEmpty();
  }

  @Test
  void allServiceAccountsAndAuthenticatedGroupsGrant() {
    RbacSnapshot rbac = new RbacSnapshot(List.of(),
        List.of(clusterRole("reader", READ_PODS), clusterRole("discovery", urls("get", "/api,/apis"))), List.of(),
        List.of(clusterRoleBinding("sas", "reader", group("system:serviceaccounts")),
            clusterRoleBinding("authn", "discovery", group("system:authenticated")),
            clusterRoleBinding("anon", "reader", group("system:unauthenticated"))));

    assertThat(EffectiveRules.grantsFor(rbac, BUILDER)).extracting(Grant::bindingName)
        .containsExactly("sas", "authn");
  }

  @Test
  void anotherServiceAccountsBindingGrantsNothing() {
    RbacSnapshot rbac = new RbacSnapshot(List.of(role("ci", "pod-reader", READ_PODS)),
        List.of(clusterRole("reader", READ_PODS)),
        List.of(roleBinding("ci", "read-pods", "Role", "pod-reader", sa("ci", "deployer"))),
        List.of(clusterRoleBinding("read-all", "reader", sa("prod", "builder"), user("system:serviceaccount:ci:x"))));

    assertThat(EffectiveRules.grantsFor(rbac, BUILDER)).isEmpty();
    assertThat(EffectiveRules.danglingBindings(rbac, BUILDER)).isEmpty();
  }

  @Test
  void bindingToMissingRoleGrantsNothingAndIsReportedDangling() {
    RbacSnapshot rbac = new RbacSnapshot(List.of(), List.of(clusterRole("reader", READ_PODS)),
        List.of(roleBinding("ci", "gone", "Role", "deleted-role", sa("ci", "builder")),
            roleBinding("ci", "someone-else", "Role", "deleted-role", sa("ci", "other"))),
        List.of(clusterRoleBinding("gone-too", "deleted-cluster-role", sa("ci", "builder")),
            clusterRoleBinding("fine", "reader", sa("ci", "builder"))));

    assertThat(EffectiveRules.grantsFor(rbac, BUILDER)).extracting(Grant::bindingName).containsExactly("fine");
    assertThat(EffectiveRules.danglingBindings(rbac, BUILDER)).containsExactly(
        new DanglingBinding("ClusterRoleBinding", null, "gone-too", "ClusterRole", "deleted-cluster-role"),
        new DanglingBinding("RoleBinding", "ci", "gone", "Role", "deleted-role"));
  }

  @Test
  void bindingThatNamesTheIdentityTwiceGivesOneGrantPerRuleRecordingTheDirectSubject() {
    RbacSnapshot rbac = new RbacSnapshot(List.of(role("ci", "r", READ_PODS, EDIT_DEPLOYMENTS)), List.of(),
        List.of(roleBinding("ci", "b", "Role", "r", group("system:serviceaccounts"), sa("ci", "builder"))),
        List.of());

    assertThat(EffectiveRules.grantsFor(rbac, BUILDER)).hasSize(2)
        .allSatisfy(g -> assertThat(g.subjectKind()).isEqualTo("ServiceAccount"));
  }

  @Test
  void roleBindingDoesNotGrantNonResourceUrls() {
    // kube-apiserver authorizes non-resource requests against ClusterRoleBindings only
    RbacSnapshot rbac = new RbacSnapshot(List.of(),
        List.of(clusterRole("mixed", urls("get", "/healthz"),
            Rules.rule(List.of("get"), List.of(""), List.of("pods"), List.of(), List.of("/metrics")))),
        List.of(roleBinding("ci", "b", "ClusterRole", "mixed", sa("ci", "builder"))), List.of());

    List<Grant> grants = EffectiveRules.grantsFor(rbac, BUILDER);

    assertThat(grants).singleElement().satisfies(g -> {
      assertThat(Rules.resources(g.rule())).containsExactly("pods");
      assertThat(Rules.nonResourceUrls(g.rule())).isEmpty();
    });
  }

  @Test
  void clusterRoleWithoutRulesIsNotDangling() {
    RbacSnapshot rbac = new RbacSnapshot(List.of(), List.of(clusterRole("aggregated-but-empty")), List.of(),
        List.of(clusterRoleBinding("b", "aggregated-but-empty", sa("ci", "builder"))));

    assertThat(EffectiveRules.grantsFor(rbac, BUILDER)).isEmpty();
    assertThat(EffectiveRules.danglingBindings(rbac, BUILDER)).isEmpty();
  }
}
