package io.cutover.config;

import io.cutover.cluster.ClusterConnector;
import io.cutover.policy.MigrationPolicy;
import io.cutover.reconciler.MigrationReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * The operator: JOSDK with Cutover's reconciler, wired to the control cluster. Server-side apply is off for the
 * primary resource (status and finalizer are written with optimistic-locking updates and JSON patches) — see
 * docs/design.md.
 */
public final class CutoverOperator implements AutoCloseable {
  /** The Lease replicas compete for when leader election is on. */
  public static final String LEASE_NAME = "cutover-operator";
  private final Operator operator;
  private final ClusterConnector connector;

  private CutoverOperator(Operator operator, ClusterConnector connector) {
    this.operator = operator;
    this.connector = connector;
  }

  /**
   * Options. {@code namespaces} empty means all namespaces; {@code leaseNamespace} null means no leader election;
   * {@code exitOnLostLease}: a replica that loses its Lease exits at once (JOSDK's default, right for a pod: it must
   * not reconcile as a deposed leader); embedders that stop the operator themselves turn it off.
   */
  public record Options(Set<String> namespaces, String leaseNamespace, int threads, boolean exitOnLostLease) {
    public static Options defaults() {
      return new Options(Set.of(), null, 10, true);
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

  /** With the default policy ({@link MigrationPolicy#ownNamespaceOnly()}). */
  public static CutoverOperator start(KubernetesClient control, Clock clock, Options options) {
    return start(control, clock, options, MigrationPolicy.ownNamespaceOnly());
  }

  /** With {@code policy} deciding which namespaces a migration may involve ({@code --policy}). */
  public static CutoverOperator start(KubernetesClient control, Clock clock, Options options, MigrationPolicy policy) {
    return start(control, clock, options, policy, LeaderElection.defaults());
  }

  /** With {@code policy}, and this replica's Lease identity and timings when leader election is on. */
  public static CutoverOperator start(KubernetesClient control, Clock clock, Options options, MigrationPolicy policy,
      LeaderElection election) {
    ClusterConnector connector = new ClusterConnector(control);
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(control)
          .withUseSSAToPatchPrimaryResource(false)
          .withCloseClientOnStop(false)
          .withConcurrentReconciliationThreads(options.threads())
          .withReconciliationTerminationTimeout(Duration.ofSeconds(5));
      if (options.leaseNamespace() != null) {
        var lease = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE_NAME)
            .withLeaseNamespace(options.leaseNamespace())
            .withExitOnStopLeading(options.exitOnLostLease());
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
    operator.register(new MigrationReconciler(connector, clock, policy), c -> {
      if (!options.namespaces().isEmpty()) {
        c.settingNamespaces(options.namespaces());
      }
      // Transient errors are handled by the reconciler's own backoff (kept in status); JOSDK's retry only covers
      // what escapes it, such as a conflict on the status write.
      c.withRetry(new GenericRetry().setInitialInterval(500).setIntervalMultiplier(2).setMaxInterval(10_000).setMaxAttempts(10));
    });
    operator.start();
    return new CutoverOperator(operator, connector);
  }

  @Override
  public void close() {
    operator.stop();
    connector.close();
  }
}
