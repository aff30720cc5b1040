package io.cutover.rbac;

import static io.cutover.rbac.RbacFixtures.grant;
import static io.cutover.rbac.RbacFixtures.named;
import static io.cutover.rbac.RbacFixtures.rule;
import static io.cutover.rbac.RbacFixtures.urls;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class EscalationTest {

  private static final UnaryOperator<String> SAME = ns -> ns;

  @Test
  void identicalGrantsNeitherEscalateNorLose() {
    List<Grant> grants = List.of(grant("ci", rule("get,list", "-", "pods")), grant(null, urls("get", "/healthz")));

    RbacDiff diff = Escalation.diff(grants, grants, SAME);

    assertThat(diff.escalates()).isFalse();
    assertThat(diff.loses()).isFalse();
  }

  @Test
  void clusterWideSourceCoversNamespacedTarget() {
    RbacDiff diff = Escalation.diff(List.of(grant(null, rule("get,list", "-", "pods"))),
        List.of(grant("ci", rule("get", "-", "pods"))), SAME);

    assertThat(diff.escalations()).isEmpty();
    // but narrowing a cluster-wide grant to one namespace loses the rest
    assertThat(diff.losses()).extracting(ScopedRule::namespace).containsOnlyNulls();
    assertThat(diff.losses()).extracting(s -> Rules.describe(s.rule()))
        .containsExactlyInAnyOrder("get pods", "list pods");
  }

  @Test
  void namespacedSourceDoesNotCoverClusterWideTarget() {
    RbacDiff diff = Escalation.diff(List.of(grant("ci", rule("get", "-", "pods"))),
        List.of(grant(null, rule("get", "-", "pods"))), SAME);

    assertThat(diff.escalates()).isTrue();
    assertThat(diff.escalations()).singleElement().satisfies(s -> {
      assertThat(s.namespace()).isNull();
      assertThat(Rules.describe(s.rule())).isEqualTo("get pods");
    });
    assertThat(diff.losses()).isEmpty();
  }

  @Test
  void namespacedSourceInAnotherNamespaceDoesNotCoverTarget() {
    RbacDiff diff = Escalation.diff(List.of(grant("ci", rule("get", "-", "pods"))),
        List.of(grant("prod", rule("get", "-", "pods"))), SAME);

    assertThat(diff.escalations()).containsExactly(new ScopedRule("prod", diff.escalations().get(0).rule()));
    assertThat(diff.losses()).extracting(ScopedRule::namespace).containsExactly("ci");
  }

  @Test
  void sourceNamespaceMapsToTargetNamespace() {
    UnaryOperator<String> ciToBuild = ns -> ns.equals("ci") ? "build" : ns;
    List<Grant> source = List.of(grant("ci", rule("get", "-", "pods")), grant("web", rule("get", "-", "services")));
    List<Grant> target = List.of(grant("build", rule("get", "-", "pods")), grant("web", rule("get", "-", "services")));

    RbacDiff mapped = Escalation.diff(source, target, ciToBuild);
    RbacDiff unmapped = Escalation.diff(source, target, SAME);

    assertThat(mapped.escalates()).isFalse();
    assertThat(mapped.loses()).isFalse();
    assertThat(unmapped.escalations()).extracting(ScopedRule::namespace).containsExactly("build");
    assertThat(unmapped.losses()).extracting(ScopedRule::namespace).containsExactly("ci");
  }

  @Test
  void namespaceNotCarriedLosesItsGrants() {
    RbacDiff diff = Escalation.diff(List.of(grant("legacy", rule("get", "-", "pods"))),
        List.of(grant("legacy", rule("get", "-", "pods"))), ns -> null);

    assertThat(diff.losses()).extracting(ScopedRule::namespace).containsExactly("legacy");
    assertThat(diff.escalations()).extracting(ScopedRule::namespace).containsExactly("legacy");
  }

  @Test
  void lossIsReportedBrokenDownWithItsScope() {
    RbacDiff diff = Escalation.diff(
        List.of(grant("ci", rule("get,delete", "-", "pods")), grant(null, urls("get", "/metrics,/healthz"))),
        List.of(grant("ci", rule("get", "-", "pods")), grant(null, urls("get", "/healthz"))), SAME);

    assertThat(diff.escalates()).isFalse();
    assertThat(diff.loses()).isTrue();
    assertThat(diff.losses()).extracting(ScopedRule::describe)
        .containsExactly("get /metrics cluster-wide", "delete pods in namespace ci");
  }

  @Test
  void narrowerResourceNamesOnTargetIsALossNotAnEscalation() {
    RbacDiff diff = Escalation.diff(List.of(grant("ci", rule("get", "-", "secrets"))),
        List.of(grant("ci", named("get", "-", "secrets", "token-a"))), SAME);

    assertThat(diff.escalates()).isFalse();
    assertThat(diff.losses()).extracting(s -> Rules.describe(s.rule())).containsExactly("get secrets");
  }

  @Test
  void widerResourceNamesOnTargetIsAnEscalation() {
    RbacDiff wider = Escalation.diff(List.of(grant("ci", named("get", "-", "secrets", "token-a"))),
        List.of(grant("ci", rule("get", "-", "secrets"))), SAME);
    RbacDiff moreNames = Escalation.diff(List.of(grant("ci", named("get", "-", "secrets", "token-a"))),
        List.of(grant("ci", named("get", "-", "secrets", "token-a,token-b"))), SAME);

    assertThat(wider.escalations()).extracting(s -> Rules.describe(s.rule())).containsExactly("get secrets");
    assertThat(wider.losses()).isEmpty();
    assertThat(moreNames.escalations()).extracting(s -> Rules.describe(s.rule()))
        .containsExactly("get secrets named token-b");
  }

  @Test
  void wildcardOnTargetIsNotCoveredByAnEnumerationOnSource() {
    RbacDiff diff = Escalation.diff(List.of(grant(null, rule("get,list,watch,create,update,patch,delete", "-", "pods"))),
        List.of(grant(null, rule("*", "-", "pods"))), SAME);

    assertThat(diff.escalations()).extracting(s -> Rules.describe(s.rule())).containsExactly("* pods");
  }

  @Test
  void duplicateTargetGrantsReportOneEscalation() {
    RbacDiff diff = Escalation.diff(List.of(),
        List.of(grant("ci", rule("get", "-", "pods")), grant("ci", rule("get", "-", "pods"))), SAME);

    assertThat(diff.escalations()).hasSize(1);
  }

  @Test
  void grantsFromSeveralSourceNamespacesMappedToOneTargetNamespaceCombine() {
    UnaryOperator<String> merge = ns -> "merged";
    RbacDiff diff = Escalation.diff(List.of(grant("a", rule("get", "-", "pods")), grant("b", rule("list", "-", "pods"))),
        List.of(grant("merged", rule("get,list", "-", "pods"))), merge);

    assertThat(diff.escalates()).isFalse();
    assertThat(diff.loses()).isFalse();
  }
}
