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

    Identity done = env.seedIdentity("m-done", "ledger-api");
    Identity back = env.seedIdentity("m-back", "ledger-api");
    Identity unproven = env.seedIdentity("m-unproven", "ledger-api");
    Identity waiting = env.seedIdentity("m-waiting", "ledger-api");
    for (Identity id : List.of(done, back, unproven, waiting)) {
      tokens.add(env.legacyToken(id).orElseThrow());
    }
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
    env.mergePatch("metrics-unproven", "{\"spec\":{\"cutover\":{\"approved\":true}}}");

    env.awaitPhase("metrics-done", Phase.Completed);
    env.awaitPhase("metrics-back", Phase.RolledBack);
    env.awaitPhase("metrics-failed", Phase.Failed);
    env.awaitPhase("metrics-unproven", Phase.RolledBack);
    tokens.add(deliveredToken("m-done", "ledger-api-token"));

    // 50 minutes on, the delivered token (1 h, renewed at 80%) is due: a spec change wakes the migration up.
    clock.offset = Duration.ofMinutes(50);
    env.mergePatch("metrics-done", "{\"spec\":{\"cutover\":{\"approved\":true}}}");
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

  @Test
  void debug() {
    System.out.println(scrape);
  }
}
