package io.cutover.reconciler;

import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationWave;
import io.cutover.api.v1alpha1.WaveStatus;
import io.cutover.cluster.ClusterAccessException;
import io.cutover.cluster.ClusterConnector;
import io.cutover.cluster.WaveMembers;
import io.cutover.phase.wave.Refusal;
import io.cutover.phase.wave.SelectIdentities;
import io.cutover.phase.wave.WaveIdentity;
import io.cutover.phase.wave.WaveTurn;
import io.cutover.policy.Authority;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Coordinates a wave: selects its identities on the source, propagates its gates to the members, creates the next
 * members within the budget (each decided by the authority as a single migration), and writes the wave's status
 * (built by {@link io.cutover.phase.wave.WaveStatusBuilder}, the steps run by {@link WaveTurn}) when it changed. Members are watched by an informer on the label
 * {@value ServiceAccountMigrationWave#WAVE_LABEL}, mapped to the wave by their ownerReference: every member change
 * reconciles its wave, so there is no polling and no reschedule (the members carry their own deadlines).
 */
@ControllerConfiguration(name = WaveReconciler.NAME,
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class WaveReconciler implements Reconciler<ServiceAccountMigrationWave> {
  public static final String NAME = "serviceaccountmigrationwave";
  public static final String MEMBERS = "wave-members";
  private static final Logger log = LoggerFactory.getLogger(WaveReconciler.class);

  private final ClusterConnector connector;
  private final WaveMembers port;
  private final Clock clock;
  private final Authority authority;
  /** Per wave (uid): members created and not yet seen by the informer, counted against the budget. */
  private final Map<String, Set<String>> unseen = new ConcurrentHashMap<>();
  /** Per wave (uid): the generation and the identities the authority refused at it (not decided again until it changes). */
  private final Map<String, Refused> refused = new ConcurrentHashMap<>();

  private record Refused(long generation, Map<WaveIdentity, Refusal> identities) {}

  public WaveReconciler(ClusterConnector connector, WaveMembers port, Clock clock, Authority authority) {
    this.connector = connector;
    this.port = port;
    this.clock = clock;
    this.authority = authority;
  }

  @Override
  public List<EventSource<?, ServiceAccountMigrationWave>> prepareEventSources(
      EventSourceContext<ServiceAccountMigrationWave> context) {
    var config = InformerEventSourceConfiguration.from(ServiceAccountMigration.class, ServiceAccountMigrationWave.class)
        .withName(MEMBERS)
        .withLabelSelector(ServiceAccountMigrationWave.WAVE_LABEL)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(ServiceAccountMigrationWave.class, false))
        .withNamespacesInheritedFromController()
        .build();
    return List.of(new InformerEventSource<>(config, context));
  }

  @Override
  public UpdateControl<ServiceAccountMigrationWave> reconcile(ServiceAccountMigrationWave wave,
      Context<ServiceAccountMigrationWave> context) {
    MDC.put("wave", wave.getMetadata().getNamespace() + "/" + wave.getMetadata().getName());
    try {
      if (wave.getStatus() != null && !wave.getStatus().getUnreadable().isEmpty()) {
        log.warn("status cannot be read ({}); the wave is left as it is until its status is repaired",
            wave.getStatus().getUnreadable());
        return UpdateControl.noUpdate();
      }
      WaveStatus built = turn(wave, context);
      if (!built.sameAs(wave.getStatus())) {
        PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(wave, context, r -> {
          r.setStatus(built);
          return r;
        });
      }
      return UpdateControl.noUpdate();
    } finally {
      MDC.remove("wave");
    }
  }

  private WaveStatus turn(ServiceAccountMigrationWave wave, Context<ServiceAccountMigrationWave> context) {
    String uid = wave.getMetadata().getUid();
    long generation = wave.getMetadata().getGeneration() == null ? 0 : wave.getMetadata().getGeneration();
    List<ServiceAccountMigration> members = new ArrayList<>(context.getSecondaryResources(ServiceAccountMigration.class));
    members.removeIf(m -> !wave.getMetadata().getNamespace().equals(m.getMetadata().getNamespace()));
    Set<String> seen = new HashSet<>();
    members.forEach(m -> seen.add(m.getMetadata().getName()));
    Set<String> pending = unseen.computeIfAbsent(uid, k -> ConcurrentHashMap.newKeySet());
    pending.removeAll(seen);
    Refused ref = refused.compute(uid, (k, r) -> r == null || r.generation() != generation
        ? new Refused(generation, new HashMap<>()) : r);

    String invalid = WaveTurn.invalid(wave);
    if (invalid != null) {
      return WaveTurn.blocked(wave, members, pending, ref.identities(), "InvalidSpec", invalid, clock.instant());
    }
    List<WaveIdentity> selected;
    try {
      var source = connector.connect(wave.getMetadata().getNamespace(), wave.getSpec().getSource().getCluster(),
          "source");
      selected = SelectIdentities.select(wave.getSpec().getSource(), source);
    } catch (ClusterAccessException e) {
      log.warn("selection failed: {}", e.getMessage());
      return WaveTurn.blocked(wave, members, pending, ref.identities(), "SourceUnreadable",
          "the selection could not be read on the source: " + e.getMessage(), clock.instant());
    }
    return WaveTurn.afterSelection(wave, selected, members, pending, ref.identities(), authority, port,
        clock.instant());
  }

  /** As the migration reconciler: a status write or gate patch that fails is retried by JOSDK, then after 30 s. */
  @Override
  public ErrorStatusUpdateControl<ServiceAccountMigrationWave> updateErrorStatus(ServiceAccountMigrationWave wave,
      Context<ServiceAccountMigrationWave> context, Exception e) {
    var retry = context.getRetryInfo().orElse(null);
    if (retry == null || retry.isLastAttempt()) {
      log.warn("wave reconcile failed with {}; rescheduling in 30s", e.getClass().getName());
      return ErrorStatusUpdateControl.<ServiceAccountMigrationWave>noStatusUpdate().withNoRetry()
          .rescheduleAfter(java.time.Duration.ofSeconds(30));
    }
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }
}
