package io.cutover.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard: every PromQL expression in it parses (promtool check rules, with Grafana's interval
 * variables replaced) and every metric it names is documented in docs/metrics.md — which MetricsEndToEndTest
 * checks against a real scrape. The panels the issue asks for are there.
 */
class DashboardTest {
  static final Path DASHBOARD = Path.of("deploy", "grafana", "cutover-dashboard.json");
  static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring", "group_left",
      "group_right", "offset", "bool", "inf", "nan");

  static List<String> expressions() throws IOException {
    JsonNode root = new ObjectMapper().readTree(DASHBOARD.toFile());
    List<String> exprs = new ArrayList<>();
    root.findValues("expr").forEach(n -> exprs.add(n.asText()));
    return exprs;
  }

  /** Grafana's variables as a Prometheus query would see them after Grafana's substitution. */
  static String promql(String grafanaExpr) {
    return grafanaExpr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h");
  }

  /** The metric names an expression selects: identifiers that are not functions, keywords or label names. */
  static Set<String> metricNames(String expr) {
    String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")          // string literals
        .replaceAll("\\{[^}]*}", "")                                          // label matchers
        .replaceAll("\\[[^]]*]", "")                                          // range selectors
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", ""); // label lists
    Set<String> names = new LinkedHashSet<>();
    Matcher m = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(s);
    while (m.find()) {
      boolean function = m.group(2) != null;
      String id = m.group(1);
      if (!function && !KEYWORDS.contains(id.toLowerCase()) && !id.matches("\\d.*")) {
        names.add(id);
      }
    }
    return names;
  }

  @Test
  void everyExpressionIsValidPromQl(@TempDir Path dir) throws IOException {
    List<String> exprs = expressions();
    assertThat(exprs).hasSizeGreaterThanOrEqualTo(15);
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    for (int i = 0; i < exprs.size(); i++) {
      rules.append("      - record: dashboard:expr").append(i).append('\n')
          .append("        expr: '").append(promql(exprs.get(i)).replace("'", "''")).append("'\n");
    }
    Path file = dir.resolve("dashboard-rules.yaml");
    Files.writeString(file, rules);
    Promtool.Result result = Promtool.run(null, null, "check", "rules", file.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: " + exprs.size() + " rules found");
  }

  @Test
  void everyMetricTheDashboardUsesIsDocumentedAndTheRawSeriesAreExposedNames() throws IOException {
    String docs = Files.readString(Path.of("docs", "metrics.md"));
    Set<String> used = new LinkedHashSet<>();
    for (String expr : expressions()) {
      Set<String> names = metricNames(promql(expr));
      assertThat(names).as("metrics in %s", expr).isNotEmpty();
      used.addAll(names);
    }
    for (String series : used) {
      String family = series.replaceAll("_(bucket|count|sum)$", "");
      assertThat(docs).as("docs/metrics.md documents %s (used as %s)", family, series).contains("| `" + family + "` |");
      if (!family.equals(series)) {
        assertThat(docs).as("%s is a histogram", family).containsPattern("\\| `" + family + "` \\| histogram \\|");
      }
    }
    assertThat(used).contains("cutover_migrations", "cutover_migration_dual_run_deadline_timestamp_seconds",
        "cutover_cutover_lateness_seconds_bucket", "cutover_credentials_revoked_total",
        "cutover_verification_failures_total", "operator_sdk_reconciliations_started_total", "cutover_step_errors_total",
        "operator_sdk_controllers_execution_reconcile_seconds_bucket", "cutover_kubernetes_api_requests_total");
  }

  @Test
  void metricNameExtractionSkipsFunctionsKeywordsAndLabels() {
    assertThat(metricNames("histogram_quantile(0.9, sum by (le, phase) (rate(x_bucket{a=\"b\"}[5m]))) and on (n) y == 1"))
        .containsExactly("x_bucket", "y");
  }
}
