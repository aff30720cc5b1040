package io.cutover.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cutover.testing.ReliabilityReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The alert rules with the real promtool: the rules file and the PrometheusRule are valid and the same, every alert
 * has promtool unit tests that fire it and that must not fire it, and those tests pass — and fail when the alert's
 * expression is replaced by one that never fires (so the firing cases really exercise each rule).
 */
class PrometheusRulesTest {
  static final Path RULES = Path.of("deploy", "prometheus", "cutover-rules.yaml");
  static final Path RULE_CR = Path.of("deploy", "prometheus", "prometheusrule.yaml");
  static final Path TESTS = Path.of("src", "test", "resources", "prometheus", "cutover-rules-test.yaml");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Pattern METRIC = Pattern.compile("\\b(cutover_[a-z_]+|operator_sdk_[a-z_]+)\\b");

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(Path file) throws IOException {
    return YAML.readValue(file.toFile(), Map.class);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> alerts(Map<String, Object> rulesFile) {
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) rulesFile.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        if (rule.containsKey("alert")) {
          alerts.add(rule);
        }
      }
    }
    return alerts;
  }

  static List<String> alertNames() throws IOException {
    return alerts(yaml(RULES)).stream().map(r -> (String) r.get("alert")).toList();
  }

  @Test
  void promtoolCheckRulesAcceptsTheRulesFile() {
    Promtool.Result result = Promtool.run(null, null, "check", "rules", RULES.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: " + 8 + " rules found");
  }

  @Test
  void promtoolUnitTestsOfEveryAlertPass() {
    Promtool.Result result = Promtool.run(null, null, "test", "rules", TESTS.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  @SuppressWarnings("unchecked")
  void thePrometheusRuleCarriesExactlyTheGroupsOfTheRulesFile() throws IOException {
    Map<String, Object> cr = yaml(RULE_CR);
    assertThat(cr.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
    assertThat(cr.get("kind")).isEqualTo("PrometheusRule");
    assertThat(((Map<String, Object>) cr.get("spec")).get("groups")).isEqualTo(yaml(RULES).get("groups"));
  }

  @Test
  void everyAlertHasAFiringAndANonFiringCase() throws IOException {
    Map<String, Integer> firing = new LinkedHashMap<>();
    Map<String, Integer> quiet = new LinkedHashMap<>();
    for (Map<String, Object> testGroup : list(yaml(TESTS).get("tests"))) {
      for (Map<String, Object> c : list(testGroup.get("alert_rule_test"))) {
        String alert = (String) c.get("alertname");
        boolean fires = c.get("exp_alerts") != null && !list(c.get("exp_alerts")).isEmpty();
        (fires ? firing : quiet).merge(alert, 1, Integer::sum);
      }
    }
    List<String> alerts = alertNames();
    assertThat(alerts).hasSize(8);
    assertThat(firing.keySet()).as("alerts with a firing case").containsAll(alerts);
    assertThat(quiet.keySet()).as("alerts with a case that must not fire").containsAll(alerts);
    assertThat(alerts).containsAll(firing.keySet()).containsAll(quiet.keySet());
    ReliabilityReport.add(ReliabilityReport.Counter.INVARIANT_CHECKS, alerts.size());
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object o) {
    return o == null ? List.of() : (List<Map<String, Object>>) o;
  }

  /** Mutation check: with the alert's expression never true, its promtool unit tests must fail. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("alertNames")
  void theUnitTestsFailWhenTheAlertNeverFires(String alert, @TempDir Path dir) throws IOException {
    Map<String, Object> rules = yaml(RULES);
    alerts(rules).stream().filter(r -> alert.equals(r.get("alert"))).forEach(r -> r.put("expr", "vector(1) == 0"));
    Path mutatedRules = dir.resolve("rules.yaml");
    YAML.writeValue(mutatedRules.toFile(), rules);
    Map<String, Object> tests = yaml(TESTS);
    tests.put("rule_files", List.of(mutatedRules.toAbsolutePath().toString()));
    Path mutatedTests = dir.resolve("tests.yaml");
    YAML.writeValue(mutatedTests.toFile(), tests);

    Promtool.Result result = Promtool.run(null, null, "test", "rules", mutatedTests.toString());
    assertThat(result.exitCode()).as("promtool test rules with %s never firing:%n%s", alert, result.output()).isNotZero();
    assertThat(result.output()).contains(alert);
  }

  @Test
  void everyMetricTheRulesUseIsDocumented() throws IOException {
    String docs = Files.readString(Path.of("docs", "metrics.md"));
    Set<String> used = new LinkedHashSet<>();
    for (Map<String, Object> rule : alerts(yaml(RULES))) {
      Matcher m = METRIC.matcher((String) rule.get("expr"));
      while (m.find()) {
        used.add(m.group(1).replaceAll("_(bucket|count|sum)$", ""));
      }
    }
    assertThat(used).hasSizeGreaterThanOrEqualTo(7)
        .allSatisfy(metric -> assertThat(docs).as("docs/metrics.md").contains("| `" + metric + "` |"));
  }
}
