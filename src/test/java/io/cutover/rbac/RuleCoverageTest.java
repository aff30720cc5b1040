package io.cutover.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every vector of Kubernetes' own escalation-check tests (policy_comparator_test.go, copied as data into
 * {@code kubernetes/rbac-covers-vectors.yaml}) against {@link RuleCoverage}.
 */
class RuleCoverageTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final JsonNode VECTORS = load();

  private static JsonNode load() {
    try (InputStream in = RuleCoverageTest.class.getResourceAsStream("/kubernetes/rbac-covers-vectors.yaml")) {
      assertThat(in).as("rbac-covers-vectors.yaml on the test classpath").isNotNull();
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Arguments> coversVectors() {
    return stream(VECTORS.get("covers")).map(v -> Arguments.of(Named.of(v.get("name").asText(), v)));
  }

  static Stream<Arguments> nonResourceUrlVectors() {
    return stream(VECTORS.get("nonResourceURLCovers")).map(v -> Arguments.of(
        Named.of(v.get("owner").asText() + " vs " + v.get("requested").asText(), v)));
  }

  @Test
  void theFixtureHoldsEveryKubernetesVector() {
    // Guards against a parse that silently yields fewer vectors: the fixture holds 22 Covers cases and
    // 9 nonResourceURLCovers cases.
    assertThat(VECTORS.get("covers").size()).isEqualTo(22);
    assertThat(VECTORS.get("nonResourceURLCovers").size()).isEqualTo(9);
  }

  @ParameterizedTest
  @MethodSource("coversVectors")
  void coversAgreesWithKubernetes(JsonNode vector) {
    List<PolicyRule> owner = rules(vector.get("owner"));
    List<PolicyRule> servant = rules(vector.get("servant"));

    Coverage coverage = RuleCoverage.covers(owner, servant);

    assertThat(coverage.covered()).as("covered").isEqualTo(vector.get("covered").asBoolean());
    assertThat(keys(coverage.uncovered())).as("uncovered")
        .containsExactlyInAnyOrderElementsOf(keys(rules(vector.get("uncovered"))));
  }

  @ParameterizedTest
  @MethodSource("nonResourceUrlVectors")
  void nonResourceUrlCoverageAgreesWithKubernetes(JsonNode vector) {
    assertThat(RuleCoverage.nonResourceUrlCovers(vector.get("owner").asText(), vector.get("requested").asText()))
        .isEqualTo(vector.get("covered").asBoolean());
  }

  @Test
  void subresourceIsCoveredByStarSlashSubresourceButThePlainResourceIsNot() {
    List<PolicyRule> owner = List.of(Rules.resourceRule(List.of("get"), List.of("apps"), List.of("*/scale"), List.of()));

    assertThat(RuleCoverage.covers(owner,
        List.of(Rules.resourceRule(List.of("get"), List.of("apps"), List.of("deployments/scale"), List.of())))
        .covered()).isTrue();
    assertThat(RuleCoverage.covers(owner,
        List.of(Rules.resourceRule(List.of("get"), List.of("apps"), List.of("deployments"), List.of())))
        .covered()).isFalse();
  }

  @Test
  void resourceDoesNotCoverItsSubresourcesNorStarSlashOtherSubresources() {
    PolicyRule pods = Rules.resourceRule(List.of("get"), List.of(""), List.of("pods"), List.of());
    PolicyRule anyScale = Rules.resourceRule(List.of("get"), List.of("apps"), List.of("*/scale"), List.of());

    assertThat(RuleCoverage.covers(List.of(pods),
        List.of(Rules.resourceRule(List.of("get"), List.of(""), List.of("pods/log"), List.of()))).covered())
        .isFalse();
    assertThat(RuleCoverage.covers(List.of(anyScale),
        List.of(Rules.resourceRule(List.of("get"), List.of("apps"), List.of("deployments/status"), List.of())))
        .covered()).isFalse();
    assertThat(RuleCoverage.covers(List.of(anyScale),
        List.of(Rules.resourceRule(List.of("get"), List.of("apps"), List.of("*"), List.of()))).covered()).isFalse();
  }

  @Test
  void breakdownSplitsEveryCombinationIncludingResourceNamesAndUrls() {
    PolicyRule rule = Rules.rule(List.of("get", "list"), List.of("", "apps"), List.of("pods"), List.of("a", "b"),
        List.of("/healthz"));

    List<PolicyRule> parts = RuleCoverage.breakdown(rule);

    assertThat(parts).hasSize(2 * 2 * 1 * 2 + 2);
    assertThat(parts).allSatisfy(p -> assertThat(Rules.verbs(p)).hasSize(1));
    assertThat(keys(parts)).contains(
        Rules.key(Rules.resourceRule(List.of("list"), List.of("apps"), List.of("pods"), List.of("b"))),
        Rules.key(Rules.nonResourceRule(List.of("list"), List.of("/healthz"))));
  }

  @Test
  void aRuleWithoutVerbsBreaksDownToNothingAndIsTriviallyCovered() {
    PolicyRule noVerbs = Rules.resourceRule(List.of(), List.of(""), List.of("pods"), List.of());

    assertThat(RuleCoverage.breakdown(noVerbs)).isEmpty();
    assertThat(RuleCoverage.covers(List.of(), List.of(noVerbs)).covered()).isTrue();
  }

  static List<PolicyRule> rules(JsonNode node) {
    List<PolicyRule> rules = new ArrayList<>();
    if (node != null) {
      node.forEach(r -> rules.add(YAML.convertValue(r, PolicyRule.class)));
    }
    return rules;
  }

  static List<String> keys(List<PolicyRule> rules) {
    return rules.stream().map(Rules::key).toList();
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    List<JsonNode> nodes = new ArrayList<>();
    array.forEach(nodes::add);
    return nodes.stream();
  }
}
