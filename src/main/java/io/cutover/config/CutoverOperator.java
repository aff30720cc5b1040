package io.cutover.config;

import io.cutover.cluster.ClusterConnector;
import io.cutover.cluster.Fabric8ClusterPort;
import io.cutover.cluster.Fabric8WaveMembers;
import io.cutover.cluster.HttpTrace;
import io.cutover.cluster.IssuerTrustAccess;
import io.cutover.events.KubernetesEventRecorder;
import io.cutover.metrics.ApiRequestCounter;
import io.cutover.metrics.CutoverMetrics;
import io.cutover.metrics.MetricsServer;
import io.cutover.metrics.MigrationTelemetry;
import io.cutover.metrics.OperatorMetrics;
import io.cutover.policy.PolicyAuthority;
import io.cutover.policy.ProtectedIdentities;
import io.cutover.reconciler.DueMigrations;
import io.cutover.reconciler.MigrationObserver;
import io.cutover.reconciler.MigrationReconciler;
import io.cutover.reconciler.WaveReconciler;
import io.cutover.trust.HttpRelyingPartyProbe;
import io.cutover.trust.RelyingPartyProbe;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The operator: JOSDK with Cutover's reconciler, wired to the control cluster. Server-side apply is off for the
 * primary resource (status and finalizer are written with optimistic-locking updates and JSON patches) — see
 * docs/design.md.
 */
public final class CutoverOperator implements AutoCloseable {
  /** The Lease replicas compete for when leader election is on, unsharded ({@link Shard#leaseName()} otherwise). */
  public static final String LEASE_NAME = "cutover-operator";
  private final Operator operator;
  private final ClusterConnector connector;
  private final KubernetesClient instrumented;
  private final CutoverMetrics metrics;
  private final MetricsServer server;
  private final DeadlineFirstExecutor pool;
  private final Fabric8PolicySource policies;
  private volatile boolean stopped;

  private CutoverOperator(Operator operator, ClusterConnector connector, KubernetesClient instrumented,
      CutoverMetrics metrics, MetricsServer server, DeadlineFirstExecutor pool, Fabric8PolicySource policies) {
    this.operator = operator;
    this.policies = policies;
    this.pool = pool;
    this.connector = connector;
    this.instrumented = instrumented;
    this.metrics = metrics;
    this.server = server;
  }

  /**
   * Options. {@code namespaces} empty means all namespaces; {@code leaseNamespace} null means no leader election;
   * {@code exitOnLostLease}: a replica that loses its Lease exits at once (JOSDK's default, right for a pod: it must
   * not reconcile as a deposed leader); embedders that stop the operator themselves turn it off. {@code issuerTrust}:
   * the remotes it may reach with its own tokens, and its own ServiceAccount. {@code shard}: the primary resources
   * this deployment owns (a label selector every controller's primary informer is given, {@link Shard#apply}) and
   * the name of its own Lease; with leader election a selector needs a shard name, so that two shards never wait on
   * one Lease.
   */
  public record Options(Set<String> namespaces, String leaseNamespace, int threads, boolean exitOnLostLease,
      IssuerTrustAccess issuerTrust, Shard shard) {
    public Options {
      shard = shard == null ? Shard.none() : shard;
      if (leaseNamespace != null && shard.selector() != null && shard.name() == null) {
        throw new IllegalArgumentException("a selector with leader election needs a shard name: without one this"
            + " shard would wait on the Lease " + LEASE_NAME + " of every other deployment");
      }
    }

    /** Not sharded. */
    public Options(Set<String> namespaces, String leaseNamespace, int threads, boolean exitOnLostLease,
        IssuerTrustAccess issuerTrust) {
      this(namespaces, leaseNamespace, threads, exitOnLostLease, issuerTrust, Shard.none());
    }

    /** No remote reached by issuer trust; not sharded. */
    public Options(Set<String> namespaces, String leaseNamespace, int threads, boolean exitOnLostLease) {
      this(namespaces, leaseNamespace, threads, exitOnLostLease, IssuerTrustAccess.none());
    }

    /** These options for the shard {@code shard}. */
    public Options withShard(Shard shard) {
      return new Options(namespaces, leaseNamespace, threads, exitOnLostLease, issuerTrust, shard);
    }

    public static Options defaults() {
      return new Options(Set.of(), null, 10, true);
    }
  }

  /**
   * Observability options, kept apart from {@link Options}. {@code metricsPort} null: no HTTP server (metrics are
   * still recorded, see {@link #metrics()}); 0: a free port.
   */
  public record Observability(Integer metricsPort) {
    public static final int DEFAULT_PORT = 8080;

    public static Observability none() {
      return new Observability(null);
    }

    public static Observability port(int port) {
      return new Observability(port);
    }
  }

  /**
   * Lease timing and identity of this replica; null fields keep JOSDK's defaults (identity: the HOSTNAME environment
   * variable, a pod's name; Lease 15 s, renew deadline 10 s, retry every 2 s). A replica that stops does not release
   * the Lease (JOSDK does not), so a successor takes over once the Lease expires: at most {@code leaseDuration} plus
   * {@code retryPeriod} after the last renewal.
   */
  public record LeaderElection(String identity, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    public static LeaderElection defaults() {
      return new LeaderElection(null, null, null, null);
    }
  }

  /** With the standard protected identities ({@link #protectedIdentities}); no metrics port. */
  public static CutoverOperator start(KubernetesClient control, Clock clock, Options options) {
    return start(control, clock, options, protectedIdentities(options), Observability.none());
  }

  /** With {@code protect} naming the identities no migration moves, and the metrics port of {@code observability}. */
  public static CutoverOperator start(KubernetesClient control, Clock clock, Options options,
      ProtectedIdentities protect, Observability observability) {
    return start(control, clock, options, protect, observability, LeaderElection.defaults());
  }

  /** No metrics port, and this replica's Lease identity and timings when leader election is on. */
  public static CutoverOperator start(KubernetesClient control, Clock clock, Options options,
      LeaderElection election) {
    return start(control, clock, options, protectedIdentities(options), Observability.none(), election);
  }

  /** Kubernetes' namespaces, the operator's own (its Lease's) and deploy/remote's migrator namespace. */
  public static ProtectedIdentities protectedIdentities(Options options) {
    return ProtectedIdentities.standard(options.leaseNamespace(), ProtectedIdentities.MIGRATOR_NAMESPACE);
  }

  /** Everything: protected identities, metrics port, and this replica's Lease identity and timings. */
  public static CutoverOperator start(KubernetesClient control, Clock clock, Options options,
      ProtectedIdentities protect, Observability observability, LeaderElection election) {
    return start(control, clock, options, protect, observability, election, new HttpRelyingPartyProbe());
  }

  /**
   * With the relying parties' probe given: only embedders pass one (the tests, a probe that trusts their own TLS
   * endpoint's certificate); the command line, the chart and the CRD cannot, so the operator's probe sends a token
   * only over https verified against the JDK's trusted CAs.
   */
  public static CutoverOperator start(KubernetesClient control, Clock clock, Options options,
      ProtectedIdentities protect, Observability observability, LeaderElection election, RelyingPartyProbe probe) {
    CutoverMetrics metrics = new CutoverMetrics(clock);
    // The operator's own client: the caller's configuration with the API request counter (role control), tracing
    // HTTP without headers or bodies (HttpTrace) in place of fabric8's logging.
    KubernetesClient client = new KubernetesClientBuilder().withConfig(control.getConfiguration())
        .withHttpClientBuilderConsumer(b -> {
          HttpTrace.install(b);
          b.addOrReplaceInterceptor(ApiRequestCounter.NAME, new ApiRequestCounter(metrics, ApiRequestCounter.CONTROL));
        })
        .build();
    ClusterConnector connector = new ClusterConnector(client, role -> new ApiRequestCounter(metrics, role), clock,
        options.issuerTrust());
    metrics.leader(options.leaseNamespace() == null);
    // Reconciles of migrations at their deadline run ahead of the rest (see DeadlineFirstExecutor).
    DueMigrations due = new DueMigrations();
    DeadlineFirstExecutor pool = new DeadlineFirstExecutor(options.threads(),
        id -> due.deadline(id.getNamespace().orElse(null), id.getName()));
    CutoverOperator[] self = new CutoverOperator[1];
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withUseSSAToPatchPrimaryResource(false)
          .withCloseClientOnStop(false)
          .withResourceCloner(new UnreadableKeepingCloner(client.getKubernetesSerialization()))
          .withExecutorService(pool) // sized by options.threads(); JOSDK's own thread count applies only to its pool
          .withReconciliationTerminationTimeout(Duration.ofSeconds(5))
          .withMetrics(new OperatorMetrics(metrics));
      if (options.leaseNamespace() != null) {
        // JOSDK's own exit on a lost Lease calls System.exit from the elector's thread, also when the Lease ends
        // because the operator is stopping — inside a SIGTERM's shutdown hook, where System.exit blocks for ever:
        // the pod hung until SIGKILL (found running the operator against a real API server). So JOSDK never exits;
        // this callback does, only for a Lease lost while the operator runs.
        var lease = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(options.shard().leaseName())
            .withLeaseNamespace(options.leaseNamespace())
            .withExitOnStopLeading(false)
            .withLeaderCallbacks(new LeaderCallbacks(() -> metrics.leader(true), () -> {
              metrics.leader(false);
              if (options.exitOnLostLease() && (self[0] == null || !self[0].stopped)) {
                LoggerFactory.getLogger(CutoverOperator.class).error("lost the Lease {}: exiting so that no"
                    + " deposed leader reconciles", options.shard().leaseName());
                System.exit(1);
              }
            }, who -> { }));
        if (election.identity() != null) {
          lease.withIdentity(election.identity());
        }
        if (election.leaseDuration() != null) {
          lease.withLeaseDuration(election.leaseDuration());
        }
        if (election.renewDeadline() != null) {
          lease.withRenewDeadline(election.renewDeadline());
        }
        if (election.retryPeriod() != null) {
          lease.withRetryPeriod(election.retryPeriod());
        }
        o.withLeaderElectionConfiguration(lease.build());
      }
    });
    // Events name this replica as their reportingInstance: its Lease identity when one is given (JOSDK's default
    // identity and the recorder's are both the pod's name), so an event says which replica of which shard wrote it.
    MigrationTelemetry telemetry = new MigrationTelemetry(metrics, election.identity() == null
        ? new KubernetesEventRecorder(client, clock) : new KubernetesEventRecorder(client, clock, election.identity()));
    // Who may migrate what is asked of the control cluster: its MigrationPolicy objects and, by SubjectAccessReview
    // with the operator's own client, the requesters' grants.
    Fabric8PolicySource policies = new Fabric8PolicySource(client);
    var authority = new PolicyAuthority(policies,
        new Fabric8ClusterPort(ApiRequestCounter.CONTROL, client, false), protect);
    operator.register(new MigrationReconciler(connector, clock, authority, MigrationObserver.both(telemetry, due),
        probe, due), c -> {
      if (!options.namespaces().isEmpty()) {
        c.settingNamespaces(options.namespaces());
      }
      // Only this shard's migrations are listed and watched: the others never reach this operator (Shard).
      options.shard().apply(c);
      // The informer keeps each migration without managedFields and kubectl's last-applied copy of the spec, which
      // nothing reads (CachedMigrations; docs/performance.md, "Memory").
      c.withItemStore(CachedMigrations.itemStore());
      // Transient errors are handled by the reconciler's own backoff (kept in status); JOSDK's retry only covers
      // what escapes it, such as a conflict on the status write.
      c.withRetry(new GenericRetry().setInitialInterval(500).setIntervalMultiplier(2).setMaxInterval(10_000).setMaxAttempts(10));
    });
    // Waves: one member migration per selected identity, each decided by the same authority as a single migration.
    operator.register(new WaveReconciler(connector, new Fabric8WaveMembers(client), clock, authority), c -> {
      if (!options.namespaces().isEmpty()) {
        c.settingNamespaces(options.namespaces());
      }
      // A shard's waves, as its migrations; a wave's members carry its labels, so they are the same shard's.
      options.shard().apply(c);
      c.withRetry(new GenericRetry().setInitialInterval(500).setIntervalMultiplier(2).setMaxInterval(10_000).setMaxAttempts(10));
    });
    MetricsServer server = observability.metricsPort() == null ? null
        : MetricsServer.start(observability.metricsPort(), metrics::scrape,
            () -> self[0] == null || !self[0].stopped, () -> self[0] != null && self[0].ready());
    if (options.shard().selector() != null) {
      LoggerFactory.getLogger(CutoverOperator.class).info("shard {}: only objects selected by {}{}",
          options.shard().name() == null ? "(unnamed)" : options.shard().name(), options.shard().selector(),
          options.leaseNamespace() == null ? "" : ", Lease " + options.leaseNamespace() + "/" + options.shard().leaseName());
    }
    try {
      operator.start();
    } catch (RuntimeException e) {
      if (server != null) {
        server.close();
      }
      client.close();
      throw e;
    }
    self[0] = new CutoverOperator(operator, connector, client, metrics, server, pool, policies);
    return self[0];
  }

  /**
   * Ready once the operator started and every informer has synced and watches. With leader election every replica
   * is ready (a standby is ready to take over); who leads is the {@code cutover_leader} gauge.
   */
  public boolean ready() {
    return !stopped && operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  /** How many reconciles the pool recognised by their migration (and could order by deadline). */
  public long reconcilesRecognised() {
    return pool.recognised();
  }

  /** The metrics this operator records (also when no HTTP server serves them). */
  public CutoverMetrics metrics() {
    return metrics;
  }

  /** Where /metrics is served, when it is. */
  public Optional<URI> metricsUri() {
    return Optional.ofNullable(server).map(MetricsServer::metricsUri);
  }

  @Override
  public void close() {
    stopped = true;
    try {
      operator.stop();
      connector.close();
      policies.close();
    } finally {
      if (server != null) {
        server.close();
      }
      instrumented.close();
    }
  }
}
