package io.cutover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.api.v1alpha1.CutoverSpec;
import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.config.CutoverOperator;
import io.cutover.e2e.E2eEnvironment.Identity;
import io.cutover.metrics.Exposition;
import io.cutover.metrics.Promtool;
import io.cutover.testing.ReliabilityReport;
import io.fabric8.kubernetes.api.model.Event;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * One operator with /metrics on a free port drives migrations through every phase on the sandbox — completed (and a
 * renewal of its token), rolled back at the deadline, rolled back after a failed proof, failed in planning, one left
 * waiting in DualRun — then the scrape is checked with promtool and against docs/metrics.md.
 */
class MetricsEndToEndTest {
  @TempDir
  static Path dir;
  static E2eEnvironment env;
  static final MovableClock clock = new MovableClock();
  static final HttpClient http = HttpClient.newHttpClient();
  static URI metrics;
  static String scrape;
  static final List<String> tokens = new ArrayList<>();
  static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  /** The operator's clock: the system clock plus an offset a test moves forward (to make a token due for renewal). */
  static final class MovableClock extends Clock {
    volatile Duration offset = Duration.ZERO;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }
  }

  @BeforeAll
  static void driveMigrationsThroughEveryPhase() throws Exception {
    env = E2eEnvironment.start(dir);
    env.stopOperator();
    env.startOperator(clock, CutoverOperator.Options.defaults(), CutoverOperator.Observability.port(0));
    metrics = env.operator().metricsUri().orElseThrow();
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);

    Identity done = env.seedIdentity("m-done", "ledger-api");
    Identity back = env.seedIdentity("m-back", "ledger-api");
    Identity unproven = env.seedIdentity("m-unproven", "ledger-api");
    Identity waiting = env.seedIdentity("m-waiting", "ledger-api");
    for (Identity id : List.of(done, back, unproven, waiting)) {
      tokens.add(env.legacyToken(id).orElseThrow());
    }
    // A kubeconfig Secret that does not exist: a transient error, retried with a backoff (a step error).
    env.create(env.migration("metrics-nokube", done, spec -> spec.getSource().getCluster().getKubeconfigSecretRef()
        .setName("absent-kubeconfig")));
    env.create(env.migration("metrics-done", done, spec -> { }));
    env.create(env.migration("metrics-back", back, spec -> spec.getDualRun().setOnDeadline(DualRunSpec.OnDeadline.Rollback)));
    env.create(env.migration("metrics-failed", new Identity("m-done", "ghost", "", "", ""), spec -> { }));
    ServiceAccountMigration u = env.create(env.migration("metrics-unproven", unproven, spec -> {
      spec.getDualRun().setWindow("10m");
      spec.getDualRun().setOnDeadline(DualRunSpec.OnDeadline.Rollback);
    }));
    env.awaitPhase("metrics-unproven", Phase.DualRun);
    // Take the target's RoleBindings away, then approve: the proof before cutover fails and the migration rolls back.
    env.target.rbac().roleBindings().inNamespace("m-unproven").withLabel("cutover.io/migration-uid", u.getMetadata().getUid()).delete();
    env.target.rbac().clusterRoleBindings().withLabel("cutover.io/migration-uid", u.getMetadata().getUid()).delete();
    env.mergePatch("metrics-unproven", E2eEnvironment.APPROVE_PATCH);

    env.awaitMigration("metrics-nokube", "a retried error", s -> s.getStatus() != null
        && s.getStatus().getConsecutiveErrors() != null);
    env.awaitPhase("metrics-done", Phase.Completed);
    env.awaitPhase("metrics-back", Phase.RolledBack);
    env.awaitPhase("metrics-failed", Phase.Failed);
    env.awaitPhase("metrics-unproven", Phase.RolledBack);
    tokens.add(deliveredToken("m-done", "ledger-api-token"));

    // 50 minutes on, the delivered token (1 h, renewed at 80%) is due: a spec change wakes the migration up.
    clock.offset = Duration.ofMinutes(50);
    env.mergePatch("metrics-done", E2eEnvironment.APPROVE_PATCH);
    env.awaitMigration("metrics-done", "token renewed", s -> s.getStatus().getToken() != null
        && Integer.valueOf(1).equals(s.getStatus().getToken().getRenewals()));
    tokens.add(deliveredToken("m-done", "ledger-api-token"));

    env.create(env.migration("metrics-waiting", waiting, spec -> {
      spec.getDualRun().setWindow("10m");
      spec.getCutover().setApproval(CutoverSpec.Approval.Manual);
    }));
    env.awaitPhase("metrics-waiting", Phase.DualRun);
    tokens.add(deliveredToken("m-waiting", "ledger-api-token"));
    scrape = get(metrics).body();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    Files.writeString(Path.of("target", "metrics-e2e.prom"), scrape);
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  static String deliveredToken(String namespace, String secret) {
    return E2eEnvironment.decode(env.target.secrets().inNamespace(namespace).withName(secret).get().getData().get("token"));
  }

  static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void scrapePassesPromtoolCheckMetricsWithoutComplaint() {
    Promtool.Result result = Promtool.run(null, scrape, "check", "metrics");
    assertThat(result.output()).as("promtool check metrics").isEmpty();
    assertThat(result.exitCode()).isZero();
  }

  /** The rows of docs/metrics.md's tables: | `name` | type | labels | meaning |. */
  record Documented(String name, String type) {}

  static final Pattern ROW = Pattern.compile("^\\| `([a-zA-Z_:][a-zA-Z0-9_:]*)` \\| (counter|gauge|histogram) \\|.*");

  static List<Documented> documented() throws IOException {
    List<Documented> rows = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("docs", "metrics.md"))) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        rows.add(new Documented(m.group(1), m.group(2)));
      }
    }
    return rows;
  }

  @Test
  void everyMetricInDocsIsExposedWithItsTypeAndANonTrivialValue() throws IOException {
    Exposition e = Exposition.parse(scrape);
    List<Documented> docs = documented();
    assertThat(docs).as("metrics documented in docs/metrics.md").hasSizeGreaterThanOrEqualTo(20);
    for (Documented d : docs) {
      assertThat(e.type(d.name())).as("TYPE of " + d.name()).contains(d.type());
      String series = d.type().equals("histogram") ? d.name() + "_count" : d.name();
      assertThat(e.named(series)).as(series + " has samples").isNotEmpty();
      assertThat(e.named(series)).as(series + " has a non-zero value")
          .anyMatch(s -> s.value() != 0 && !Double.isNaN(s.value()));
    }
    ReliabilityReport.add(ReliabilityReport.Counter.INVARIANT_CHECKS, docs.size());
  }

  @Test
  void everyCutoverMetricInTheScrapeIsDocumented() throws IOException {
    List<String> docs = documented().stream().map(Documented::name).toList();
    assertThat(Exposition.parse(scrape).types().keySet()).filteredOn(n -> n.startsWith("cutover_"))
        .filteredOn(n -> !n.endsWith("_max")) // Micrometer's companion gauge of each histogram, named in the docs
        .allSatisfy(n -> assertThat(docs).as("docs/metrics.md").contains(n));
  }

  @Test
  void perMigrationSeriesCarryOnlyNamespaceAndNameAndFollowTheMigrationsState() {
    Exposition e = Exposition.parse(scrape);
    for (String family : List.of("cutover_migration_ready", "cutover_migration_failed", "cutover_migration_dual_run_open",
        "cutover_migration_dual_run_start_timestamp_seconds", "cutover_migration_dual_run_deadline_timestamp_seconds",
        "cutover_migration_token_expiry_timestamp_seconds", "cutover_migration_token_renewal_timestamp_seconds")) {
      assertThat(e.named(family)).as(family).isNotEmpty()
          .allSatisfy(s -> assertThat(s.labels().keySet()).containsExactlyInAnyOrder("namespace", "name"));
    }
    Map<String, String> done = Map.of("namespace", E2eEnvironment.NS, "name", "metrics-done");
    Map<String, String> failed = Map.of("namespace", E2eEnvironment.NS, "name", "metrics-failed");
    Map<String, String> waiting = Map.of("namespace", E2eEnvironment.NS, "name", "metrics-waiting");
    Map<String, String> back = Map.of("namespace", E2eEnvironment.NS, "name", "metrics-back");
    assertThat(e.sum("cutover_migration_ready", done)).isEqualTo(1);
    assertThat(e.sum("cutover_migration_ready", failed)).isEqualTo(0);
    assertThat(e.sum("cutover_migration_failed", failed)).isEqualTo(1);
    assertThat(e.sum("cutover_migration_failed", done)).isEqualTo(0);
    assertThat(e.sum("cutover_migration_dual_run_open", waiting)).isEqualTo(1);
    assertThat(e.sum("cutover_migration_dual_run_open", done)).isEqualTo(0);
    assertThat(e.matching("cutover_migration_token_expiry_timestamp_seconds", back)).as("no token renewed after a rollback").isEmpty();
    assertThat(e.matching("cutover_migration_dual_run_deadline_timestamp_seconds", failed)).as("no window before provisioning").isEmpty();

    ServiceAccountMigration w = env.get("metrics-waiting");
    double deadline = Instant.parse(w.getStatus().getDualRun().getDeadline()).toEpochMilli() / 1000.0;
    assertThat(e.sum("cutover_migration_dual_run_deadline_timestamp_seconds", waiting)).isEqualTo(deadline);
    assertThat(e.sum("cutover_migrations", Map.of("phase", "DualRun"))).isEqualTo(1);
    assertThat(e.sum("cutover_migrations", Map.of("phase", "RolledBack"))).isEqualTo(2);
    assertThat(e.sum("cutover_migrations", Map.of("phase", "Completed"))).isEqualTo(1);
    assertThat(e.sum("cutover_migrations", Map.of("phase", "Failed"))).isEqualTo(1);
    assertThat(e.sum("cutover_leader", Map.of())).as("no leader election: this replica leads").isEqualTo(1);
  }

  @Test
  void countersRecordWhatTheMigrationsDid() {
    Exposition e = Exposition.parse(scrape);
    assertThat(e.sum("cutover_tokens_issued_total", Map.of())).as("one first token per provisioned migration").isEqualTo(4);
    assertThat(e.sum("cutover_tokens_renewed_total", Map.of())).isEqualTo(1);
    assertThat(e.sum("cutover_credentials_revoked_total", Map.of("kind", "Secret"))).isEqualTo(1);
    assertThat(e.sum("cutover_credentials_revoked_total", Map.of("kind", "RoleBinding"))).isPositive();
    assertThat(e.sum("cutover_verification_failures_total", Map.of())).isPositive();
    assertThat(e.sum("cutover_phase_transitions_total", Map.of("from", "Verifying", "to", "Completed"))).isEqualTo(1);
    assertThat(e.sum("cutover_step_errors_total", Map.of("reason", "KubeconfigSecretNotFound"))).isPositive();
    assertThat(e.sum("cutover_phase_transitions_total", Map.of("from", "RollingBack", "to", "RolledBack"))).isEqualTo(2);
    assertThat(e.sum("cutover_phase_transitions_total", Map.of("from", "Planning", "to", "Failed"))).isEqualTo(1);
    assertThat(e.sum("cutover_cutover_lateness_seconds_count", Map.of())).isEqualTo(1);
    assertThat(e.sum("cutover_phase_duration_seconds_count", Map.of("phase", "DualRun"))).isEqualTo(3);
    for (String role : List.of("control", "source", "target")) {
      assertThat(e.sum("cutover_kubernetes_api_requests_total", Map.of("cluster_role", role))).as(role).isPositive();
    }
    assertThat(e.sum("cutover_kubernetes_api_requests_total", Map.of("cluster_role", "source", "verb", "delete", "code", "200")))
        .as("revocation deletes on the source").isPositive();
    assertThat(e.sum("cutover_kubernetes_api_requests_total", Map.of("cluster_role", "target", "verb", "create", "code", "201")))
        .as("creates on the target").isPositive();
    assertThat(e.sum("cutover_kubernetes_api_requests_total", Map.of("cluster_role", "control", "verb", "watch")))
        .as("the informer's watch").isPositive();
  }

  @Test
  void noTokenInTheScrapeOrTheMigrationsEvents() {
    List<String> events = env.control.v1().events().inNamespace(E2eEnvironment.NS).list().getItems().stream()
        .map(ev -> ev.getReason() + " " + ev.getMessage()).toList();
    assertThat(events).isNotEmpty();
    assertThat(tokens).hasSize(7).allSatisfy(t -> assertThat(t).containsPattern(E2eEnvironment.JWT));
    assertThat(scrape).doesNotContainPattern(E2eEnvironment.JWT);
    assertThat(events).noneMatch(ev -> E2eEnvironment.JWT.matcher(ev).find());
    for (String token : tokens) {
      assertThat(scrape).doesNotContain(token);
      assertThat(events).noneMatch(ev -> ev.contains(token));
    }
    ReliabilityReport.add(ReliabilityReport.Counter.INVARIANT_CHECKS, 2L * tokens.size());
  }

  static Map<String, List<Event>> eventsByMigration() {
    Map<String, List<Event>> byName = new LinkedHashMap<>();
    for (Event ev : env.control.v1().events().inNamespace(E2eEnvironment.NS).list().getItems()) {
      byName.computeIfAbsent(ev.getInvolvedObject().getName(), k -> new ArrayList<>()).add(ev);
    }
    return byName;
  }

  static List<String> reasons(List<Event> events) {
    return events.stream().map(Event::getReason).toList();
  }

  @Test
  void eventsOnTheMigrationForEveryTransitionRevocationAndFailure() {
    Map<String, List<Event>> events = eventsByMigration();
    assertThat(events.values().stream().flatMap(List::stream)).allSatisfy(ev -> {
      assertThat(ev.getReason()).matches("[A-Z][A-Za-z0-9]*");
      assertThat(ev.getType()).isIn("Normal", "Warning");
      assertThat(ev.getInvolvedObject().getKind()).isEqualTo("ServiceAccountMigration");
      // events.k8s.io/v1 Events read through core/v1: the reporting controller, no deprecated source.
      assertThat(ev.getReportingComponent()).isEqualTo("cutover.io/operator");
      assertThat(ev.getAction()).isIn("Plan", "Provision", "Cutover", "Verify", "Rollback", "IssueToken");
    });
    assertThat(reasons(events.get("metrics-done"))).contains("Planning", "Planned", "Provisioning", "DualRun",
        "CuttingOver", "Verifying", "Completed", "TokenIssued", "TokenRenewed", "CredentialsRevoked");
    assertThat(events.get("metrics-done")).filteredOn(ev -> ev.getReason().equals("CredentialsRevoked"))
        .singleElement().satisfies(ev -> assertThat(ev.getMessage()).contains("Secret", "RoleBinding", "after the deadline"));
    assertThat(events.get("metrics-failed")).anySatisfy(ev -> {
      assertThat(ev.getType()).isEqualTo("Warning");
      assertThat(ev.getReason()).isEqualTo("SourceServiceAccountNotFound");
    });
    assertThat(events.get("metrics-back")).anySatisfy(ev -> {
      assertThat(ev.getType()).isEqualTo("Warning");
      assertThat(ev.getReason()).isEqualTo("DeadlineRollback");
    });
    assertThat(events.get("metrics-nokube")).anySatisfy(ev -> {
      assertThat(ev.getType()).isEqualTo("Warning");
      assertThat(ev.getReason()).isEqualTo("KubeconfigSecretNotFound");
    });
    assertThat(events.get("metrics-unproven")).anySatisfy(ev -> {
      assertThat(ev.getType()).isEqualTo("Warning");
      assertThat(ev.getReason()).isEqualTo("VerificationFailed");
      assertThat(ev.getMessage()).contains("TargetAccessReview");
    });
  }

  @Test
  void healthAndReadinessAnswerOnTheMetricsPort() throws Exception {
    assertThat(get(metrics.resolve("/healthz")).statusCode()).isEqualTo(200);
    assertThat(get(metrics.resolve("/readyz")).statusCode()).isEqualTo(200);
    assertThat(get(metrics.resolve("/nothing-here")).statusCode()).isEqualTo(404);
    HttpResponse<String> m = get(metrics);
    assertThat(m.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
  }

  @Test
  void aDeletedMigrationLeavesNoSeriesBehind() throws Exception {
    Identity id = env.seedIdentity("m-gone", "ledger-api");
    env.create(env.migration("metrics-gone", id, spec -> {
      spec.getDualRun().setWindow("10m");
      spec.getCutover().setApproval(CutoverSpec.Approval.Manual);
    }));
    env.awaitPhase("metrics-gone", Phase.DualRun);
    Pattern series = Pattern.compile("(?m)^cutover_migration_\\w+\\{[^}]*name=\"metrics-gone\"");
    await().atMost(E2eEnvironment.TIMEOUT).until(() -> series.matcher(get(metrics).body()).find());
    env.control.resources(ServiceAccountMigration.class).inNamespace(E2eEnvironment.NS).withName("metrics-gone").delete();
    await("metrics-gone deleted").atMost(E2eEnvironment.TIMEOUT).until(() -> env.get("metrics-gone") == null);
    await("its series removed").atMost(E2eEnvironment.TIMEOUT).until(() -> !series.matcher(get(metrics).body()).find());
  }

  @Test
  void everyLineCutoverLogsWhileReconcilingCarriesTheMigration() {
    List<ILoggingEvent> reconciling = logs.list.stream()
        .filter(e -> e.getLoggerName().startsWith("io.cutover.") && !e.getLoggerName().startsWith("io.cutover.sandbox"))
        .filter(e -> e.getThreadName().startsWith("ReconcilerExecutor"))
        .toList();
    assertThat(reconciling).as("lines logged on reconciler threads").hasSizeGreaterThan(10);
    assertThat(reconciling).allSatisfy(e -> assertThat(e.getMDCPropertyMap().get("migration"))
        .as("migration of: %s", e.getFormattedMessage()).matches(E2eEnvironment.NS + "/metrics-[a-z]+"));
    assertThat(logs.list).noneMatch(e -> E2eEnvironment.JWT.matcher(e.getFormattedMessage()).find());
  }
}
