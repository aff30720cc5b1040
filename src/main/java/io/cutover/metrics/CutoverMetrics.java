package io.cutover.metrics;

import io.cutover.api.v1alpha1.Phase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.cutover.api.v1alpha1.RevocationHorizon;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * Cutover's own meters on a Prometheus registry (JOSDK's reconciliation meters share the registry). Names and labels
 * are the contract documented in docs/metrics.md. Labels are bounded: per-migration series carry only
 * {@code namespace} and {@code name} (and the horizon gauge its {@code verifier}, one of {@link #VERIFIERS}); every other label is an enum value, a check name, an object kind, a verb or a
 * status code — never a token, a Secret's content or a message.
 */
public final class CutoverMetrics {
  public static final String MIGRATIONS = "cutover.migrations";
  public static final String READY = "cutover.migration.ready";
  public static final String FAILED = "cutover.migration.failed";
  public static final String DUAL_RUN_OPEN = "cutover.migration.dual.run.open";
  public static final String DUAL_RUN_START = "cutover.migration.dual.run.start.timestamp";
  public static final String DUAL_RUN_DEADLINE = "cutover.migration.dual.run.deadline.timestamp";
  public static final String TOKEN_EXPIRY = "cutover.migration.token.expiry.timestamp";
  public static final String TOKEN_RENEWAL = "cutover.migration.token.renewal.timestamp";
  public static final String REVOCATION_HORIZON = "cutover.migration.revocation.horizon.timestamp";
  /** The values of the horizon gauge's {@code verifier} label. */
  static final List<String> VERIFIERS = List.of(RevocationHorizon.SOURCE_API_SERVER, RevocationHorizon.OFFLINE_VERIFIER);
  public static final String LATENESS = "cutover.cutover.lateness";
  public static final String TOKENS_ISSUED = "cutover.tokens.issued";
  public static final String TOKENS_RENEWED = "cutover.tokens.renewed";
  public static final String REVOKED = "cutover.credentials.revoked";
  public static final String VERIFICATION_FAILURES = "cutover.verification.failures";
  public static final String TRANSITIONS = "cutover.phase.transitions";
  public static final String PHASE_DURATION = "cutover.phase.duration";
  public static final String STEP_ERRORS = "cutover.step.errors";
  public static final String API_REQUESTS = "cutover.kubernetes.api.requests";
  public static final String LEADER = "cutover.leader";

  /** Micrometer binder meters left out of the scrape (see the constructor). */
  static final java.util.Set<String> UNLINTED_JVM_METERS = java.util.Set.of("process.cpu.time", "system.cpu.count");

  /** The proof checks the phase steps run (status.verification.checks names). */
  static final List<String> KNOWN_CHECKS = List.of("TargetTokenReview", "TargetAccessReview", "SourceCanaryRejected",
      "SourceServiceAccountGone", "NoLegacyTokenSecrets", "NoSourceBindings");
  /** The kinds a cutover revokes. */
  static final List<String> KNOWN_KINDS = List.of("Secret", "RoleBinding", "ClusterRoleBinding", "ServiceAccount");
  static final String VERIFICATION_HELP = "Failed proof checks (TokenReview, SubjectAccessReview, revocation), by check";
  static final String REVOKED_HELP = "Source credentials revoked at cutover, by object kind";

  /** Seconds; the lateness histogram's buckets (a cutover is expected within seconds of its deadline). */
  static final double[] LATENESS_BUCKETS = {1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600};
  static final Duration[] PHASE_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
      Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6),
      Duration.ofDays(1), Duration.ofDays(7)};

  /** Reconcile durations: from 10 ms to 1 min (JOSDK would publish ~70 percentile buckets per timer). */
  static final Duration[] RECONCILE_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

  /**
   * JOSDK's meters come without a description (promtool complains of no HELP) and with a percentile histogram:
   * give each a HELP text and a short fixed set of buckets.
   */
  static final MeterFilter JOSDK_METERS = new MeterFilter() {
    @Override
    public Meter.Id map(Meter.Id id) {
      if (!id.getName().startsWith("operator.sdk") || (id.getDescription() != null && !id.getDescription().isBlank())) {
        return id;
      }
      return new Meter.Id(id.getName(), Tags.of(id.getTags()), id.getBaseUnit(),
          "Java Operator SDK: " + id.getName(), id.getType());
    }

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
      if (!id.getName().startsWith("operator.sdk") || id.getType() != Meter.Type.TIMER) {
        return config;
      }
      double[] slos = java.util.Arrays.stream(RECONCILE_BUCKETS).mapToDouble(d -> (double) d.toNanos()).toArray();
      return DistributionStatisticConfig.builder().percentilesHistogram(false).serviceLevelObjectives(slos).build()
          .merge(config);
    }
  };

  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final Map<String, PerMigration> migrations = new ConcurrentHashMap<>();
  private final AtomicInteger leader = new AtomicInteger(1);
  private final java.util.concurrent.atomic.AtomicBoolean jvmMetersBound = new java.util.concurrent.atomic.AtomicBoolean();
  private final Counter tokensIssued;
  private final Counter tokensRenewed;
  private final DistributionSummary lateness;

  public CutoverMetrics() {
    this(Clock.systemUTC());
  }

  /** {@code clock}: the operator's, read at scrape time (the dual-run gauge stays 1 until the API server horizon). */
  public CutoverMetrics(Clock clock) {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), clock);
  }

  public CutoverMetrics(PrometheusMeterRegistry registry) {
    this(registry, Clock.systemUTC());
  }

  public CutoverMetrics(PrometheusMeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    registry.config().meterFilter(JOSDK_METERS);
    // Two of ProcessorMetrics' meters fail promtool's lint: process_cpu_time_ns_total ("abbreviated units";
    // process_cpu_usage carries the same information) and the gauge system_cpu_count ("_count" suffix).
    registry.config().meterFilter(MeterFilter.deny(id -> UNLINTED_JVM_METERS.contains(id.getName())));
    for (Phase phase : Phase.values()) {
      Gauge.builder(MIGRATIONS, migrations, m -> m.values().stream().filter(p -> p.snapshot.phase() == phase).count())
          .description("Migrations this replica reconciles, by phase").tag("phase", phase.name()).register(registry);
    }
    Gauge.builder(LEADER, leader, AtomicInteger::get)
        .description("1 when this replica leads (or leader election is off), else 0").register(registry);
    // Known label values start at 0, so increase() sees the first failure or revocation (a series born at 1 is not).
    KNOWN_CHECKS.forEach(check -> Counter.builder(VERIFICATION_FAILURES).description(VERIFICATION_HELP).tag("check", check)
        .register(registry));
    KNOWN_KINDS.forEach(kind -> Counter.builder(REVOKED).description(REVOKED_HELP).tag("kind", kind).register(registry));
    tokensIssued = Counter.builder(TOKENS_ISSUED).description("First tokens issued into a migration's delivery Secret")
        .register(registry);
    tokensRenewed = Counter.builder(TOKENS_RENEWED).description("Delivered tokens renewed (re-issued)")
        .register(registry);
    lateness = DistributionSummary.builder(LATENESS).baseUnit("seconds")
        .description("Seconds past the dual-run deadline at which the revocation finished (0 when before it)")
        .serviceLevelObjectives(LATENESS_BUCKETS).register(registry);
  }

  /**
   * Binds Micrometer's JVM meters once: {@code jvm_memory_*} (heap and non-heap pools, buffers), {@code jvm_gc_*}
   * (pauses, allocation, live data after a collection; the pause timer appears with the first collection) and
   * {@code process_cpu_usage}, {@code system_cpu_usage}, {@code system_load_average_1m} (docs/metrics.md, "JVM
   * metrics"). The operator binds them when it starts (JOSDK may build its configuration, hence
   * {@link OperatorMetrics}, more than once). The GC binder listens to the JVM's collectors for the life of the
   * process: one listener per operator started. Returns whether this call bound them.
   */
  public boolean bindJvmMeters() {
    if (!jvmMetersBound.compareAndSet(false, true)) {
      return false;
    }
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return true;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition (format 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  public void leader(boolean leading) {
    leader.set(leading ? 1 : 0);
  }

  public void tokenIssued(boolean renewal) {
    (renewal ? tokensRenewed : tokensIssued).increment();
  }

  public void revoked(String kind) {
    Counter.builder(REVOKED).description(REVOKED_HELP)
        .tag("kind", kind == null ? "" : kind).register(registry).increment();
  }

  public void verificationFailed(String check) {
    Counter.builder(VERIFICATION_FAILURES).description(VERIFICATION_HELP)
        .tag("check", check == null ? "" : check).register(registry).increment();
  }

  public void transition(Phase from, Phase to, Duration inPhase) {
    Counter.builder(TRANSITIONS).description("Phase transitions").tags("from", from.name(), "to", to.name())
        .register(registry).increment();
    if (inPhase != null) {
      Timer.builder(PHASE_DURATION).description("Time a migration spent in a phase, observed when it left it")
          .tag("phase", from.name()).serviceLevelObjectives(PHASE_BUCKETS).register(registry).record(inPhase);
    }
  }

  /** Observes a finished revocation; one before the deadline counts as 0 seconds late. */
  public void cutoverLateness(double seconds) {
    lateness.record(Math.max(0, seconds));
  }

  public void stepError(Phase phase, String reason) {
    Counter.builder(STEP_ERRORS).description("Transient step errors that are retried after a backoff, by phase and reason")
        .tags("phase", phase.name(), "reason", reason == null ? "" : reason).register(registry).increment();
  }

  public void apiRequest(String clusterRole, String verb, String code) {
    Counter.builder(API_REQUESTS).description("Kubernetes API requests by cluster role, verb and response code")
        .tags("cluster_role", clusterRole, "verb", verb, "code", code).register(registry).increment();
  }

  /** Sets the per-migration gauges of {@code namespace/name}; series whose value is unknown are removed. */
  public void update(String namespace, String name, MigrationSnapshot snapshot) {
    migrations.computeIfAbsent(namespace + "/" + name, k -> new PerMigration(Tags.of("namespace", namespace, "name", name)))
        .set(snapshot);
  }

  /** Removes every series of a deleted migration (no stale series). */
  public void forget(String namespace, String name) {
    PerMigration gone = migrations.remove(namespace + "/" + name);
    if (gone != null) {
      gone.removeAll();
    }
  }

  /** The gauges of one migration. */
  private final class PerMigration {
    private final Tags tags;
    private final Map<String, Gauge> gauges = new LinkedHashMap<>();
    private volatile MigrationSnapshot snapshot = MigrationSnapshot.of(null);

    PerMigration(Tags tags) {
      this.tags = tags;
    }

    synchronized void set(MigrationSnapshot s) {
      snapshot = s;
      gauge(READY, "1 when the migration's Ready condition is True, else 0", null, MigrationSnapshot::ready);
      gauge(FAILED, "1 when the migration stopped in phase Failed, else 0", null, MigrationSnapshot::failed);
      gauge(DUAL_RUN_OPEN, "1 while old and new credentials may both be valid (dual-run start until the source API"
          + " server stops accepting the old identity's tokens)", null, p -> p.open(clock.millis() / 1000.0));
      optional(DUAL_RUN_START, "When the dual-run window opened (Unix time)", s.dualRunStart(), MigrationSnapshot::dualRunStart);
      optional(DUAL_RUN_DEADLINE, "The dual-run window's hard deadline (Unix time)", s.dualRunDeadline(), MigrationSnapshot::dualRunDeadline);
      optional(TOKEN_EXPIRY, "When the delivered token expires (Unix time)", s.tokenExpiry(), MigrationSnapshot::tokenExpiry);
      optional(TOKEN_RENEWAL, "When the delivered token is due for renewal (Unix time)", s.tokenRenewal(), MigrationSnapshot::tokenRenewal);
      horizon(RevocationHorizon.SOURCE_API_SERVER, s.sourceApiServerHorizon(), MigrationSnapshot::sourceApiServerHorizon);
      horizon(RevocationHorizon.OFFLINE_VERIFIER, s.offlineHorizon(), MigrationSnapshot::offlineHorizon);
    }

    /** One series per verifier: when its last old credential stops being accepted (+Inf: unbounded). */
    private void horizon(String verifier, Double value, java.util.function.Function<MigrationSnapshot, Double> read) {
      String key = REVOCATION_HORIZON + "/" + verifier;
      if (value == null) {
        Gauge g = gauges.remove(key);
        if (g != null) {
          registry.remove(g);
        }
        return;
      }
      gauges.computeIfAbsent(key, k -> Gauge.builder(REVOCATION_HORIZON, this, p -> {
        Double v = read.apply(p.snapshot);
        return v == null ? Double.NaN : v;
      }).description("When the old identity's last credential stops being accepted, by verifier (Unix time; +Inf: unbounded)")
          .baseUnit("seconds").tags(tags).tag("verifier", verifier).register(registry));
    }

    private void optional(String metric, String help, Double value, java.util.function.Function<MigrationSnapshot, Double> read) {
      if (value == null) {
        Gauge g = gauges.remove(metric);
        if (g != null) {
          registry.remove(g);
        }
        return;
      }
      gauge(metric, help, "seconds", p -> {
        Double v = read.apply(p);
        return v == null ? Double.NaN : v;
      });
    }

    private void gauge(String metric, String help, String unit, ToDoubleFunction<MigrationSnapshot> read) {
      gauges.computeIfAbsent(metric, m -> Gauge.builder(m, this, p -> read.applyAsDouble(p.snapshot))
          .description(help).baseUnit(unit).tags(tags).register(registry));
    }

    synchronized void removeAll() {
      gauges.values().forEach(registry::remove);
      gauges.clear();
    }
  }
}
