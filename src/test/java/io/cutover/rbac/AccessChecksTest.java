package io.cutover.rbac;

import static io.cutover.rbac.RbacFixtures.grant;
import static io.cutover.rbac.RbacFixtures.named;
import static io.cutover.rbac.RbacFixtures.rule;
import static io.cutover.rbac.RbacFixtures.urls;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccessChecksTest {

  @Test
  void oneCheckPerNamespaceVerbGroupAndResource() {
    List<AccessCheck> checks = AccessChecks.enumerate(List.of(grant("ci", rule("get,list", "-,apps", "pods"))));

    assertThat(checks).containsExactly(
        AccessCheck.resource("ci", "get", "", "pods", null, null),
        AccessCheck.resource("ci", "list", "", "pods", null, null),
        AccessCheck.resource("ci", "get", "apps", "pods", null, null),
        AccessCheck.resource("ci", "list", "apps", "pods", null, null));
  }

  @Test
  void subresourceIsSplitFromTheResource() {
    List<AccessCheck> checks = AccessChecks.enumerate(List.of(grant("ci", rule("get", "-", "pods/log"))));

    assertThat(checks).containsExactly(AccessCheck.resource("ci", "get", "", "pods", "log", null));
  }

  @Test
  void resourceNamesGiveOneCheckEach() {
    List<AccessCheck> checks = AccessChecks.enumerate(List.of(grant("ci", named("get", "-", "secrets", "a,b"))));

    assertThat(checks).containsExactly(
        AccessCheck.resource("ci", "get", "", "secrets", null, "a"),
        AccessCheck.resource("ci", "get", "", "secrets", null, "b"));
  }

  @Test
  void wildcardsAreKeptLiterally() {
    List<AccessCheck> checks = AccessChecks.enumerate(List.of(grant(null, rule("*", "*", "*,*/scale"))));

    assertThat(checks).containsExactly(
        AccessCheck.resource(null, "*", "*", "*", null, null),
        AccessCheck.resource(null, "*", "*", "*", "scale", null));
  }

  @Test
  void nonResourceUrlsBecomePathAndVerbChecksWithTrailingStarKept() {
    List<AccessCheck> checks = AccessChecks.enumerate(List.of(grant(null, urls("get,post", "/healthz,/apis/*"))));

    assertThat(checks).containsExactly(
        AccessCheck.nonResource("get", "/apis/*"),
        AccessCheck.nonResource("post", "/apis/*"),
        AccessCheck.nonResource("get", "/healthz"),
        AccessCheck.nonResource("post", "/healthz"));
    assertThat(checks).allSatisfy(c -> {
      assertThat(c.isNonResource()).isTrue();
      assertThat(c.namespace()).isNull();
      assertThat(c.resource()).isNull();
    });
  }

  @Test
  void namespacedGrantsGiveNoNonResourceChecks() {
    assertThat(AccessChecks.enumerate(List.of(grant("ci", urls("get", "/healthz"))))).isEmpty();
  }

  @Test
  void duplicatesAcrossGrantsAreRemovedAndTheResultIsSorted() {
    List<AccessCheck> checks = AccessChecks.enumerate(List.of(
        grant("web", rule("get", "-", "pods")),
        grant(null, urls("get", "/healthz")),
        grant("ci", rule("get", "-", "pods")),
        grant("ci", rule("get", "-", "pods")),
        grant(null, rule("list", "-", "nodes"))));

    assertThat(checks).containsExactly(
        AccessCheck.resource(null, "list", "", "nodes", null, null),
        AccessCheck.nonResource("get", "/healthz"),
        AccessCheck.resource("ci", "get", "", "pods", null, null),
        AccessCheck.resource("web", "get", "", "pods", null, null));
  }

  @Test
  void everyCheckIsCoveredByTheRuleItCameFromAndItsBreakdownIsCoveredByTheChecks() {
    // The checks prove the grant exactly: each check, as a single rule, is covered by the grant's rule, and the
    // checks together cover the grant's rule.
    var rule = Rules.rule(List.of("get", "*"), List.of("", "apps"), List.of("pods", "pods/log"), List.of("x"),
        List.of());
    List<AccessCheck> checks = AccessChecks.enumerate(List.of(grant("ci", rule)));
    List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> asRules = checks.stream()
        .map(c -> Rules.resourceRule(List.of(c.verb()), List.of(c.apiGroup()),
            List.of(c.subresource() == null ? c.resource() : c.resource() + "/" + c.subresource()),
            c.name() == null ? List.of() : List.of(c.name())))
        .toList();

    assertThat(checks).hasSize(8);
    assertThat(RuleCoverage.covers(List.of(rule), asRules).covered()).isTrue();
    assertThat(RuleCoverage.covers(asRules, List.of(rule)).covered()).isTrue();
  }
}
