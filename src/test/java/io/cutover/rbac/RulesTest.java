package io.cutover.rbac;

import static io.cutover.rbac.RbacFixtures.named;
import static io.cutover.rbac.RbacFixtures.rule;
import static io.cutover.rbac.RbacFixtures.urls;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesTest {

  @Test
  void describesResourceRulesWithVerbsResourcesAndGroup() {
    assertThat(Rules.describe(rule("get,list", "apps", "pods"))).isEqualTo("get,list pods in apps");
  }

  @Test
  void describesCoreGroupWithoutGroupAndNamesWhenPresent() {
    assertThat(Rules.describe(rule("get", "-", "pods,pods/log"))).isEqualTo("get pods,pods/log");
    assertThat(Rules.describe(named("get", "-", "secrets", "a,b"))).isEqualTo("get secrets named a,b");
    assertThat(Rules.describe(rule("get", "-,apps", "deployments"))).isEqualTo("get deployments in core,apps");
  }

  @Test
  void describesNonResourceRules() {
    assertThat(Rules.describe(urls("get", "/healthz"))).isEqualTo("get /healthz");
  }

  @Test
  void describesBothPartsOfAMixedRule() {
    PolicyRule mixed = Rules.rule(List.of("get"), List.of("v1"), List.of("builds"), List.of(), List.of("/apis"));
    assertThat(Rules.describe(mixed)).isEqualTo("get builds in v1; get /apis");
  }

  @Test
  void describeToleratesNullListsFromDeserializedObjects() {
    PolicyRule fromJson = new PolicyRule();
    fromJson.setVerbs(List.of("get"));
    fromJson.setNonResourceURLs(List.of("/version"));
    fromJson.setApiGroups(null);
    fromJson.setResources(null);
    assertThat(Rules.describe(fromJson)).isEqualTo("get /version");
    assertThat(Rules.sameRule(fromJson, urls("get", "/version"))).isTrue();
  }
}
