package io.cutover.reconciler;

import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationWave;
import io.cutover.api.v1alpha1.WaveSpec;
import io.cutover.api.v1alpha1.WaveStatus;
import io.cutover.cluster.ClusterAccessException;
import io.cutover.cluster.ClusterConnector;
import io.cutover.cluster.WaveMembers;
import io.cutover.phase.wave.CreateBatch;
import io.cutover.phase.wave.MemberSpecs;
import io.cutover.phase.wave.Refusal;
import io.cutover.phase.wave.SelectIdentities;
import io.cutover.phase.wave.SharedDeadline;
import io.cutover.phase.wave.WaveBudget;
import io.cutover.phase.wave.WaveGates;
import io.cutover.phase.wave.WaveIdentity;
import io.cutover.phase.wave.WaveStatusBuilder;
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
 * (built by {@link WaveStatusBuilder}) when it changed. Members are watched by an informer on the label
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

    WaveSpec spec = wave.getSpec();
    String invalid = invalid(wave);
    if (invalid != null) {
      return status(wave, generation, null, members, ref, 0, pending.size(), null, "InvalidSpec", invalid);
    }
    List<WaveIdentity> selected;
    try {
      var source = connector.connect(wave.getMetadata().getNamespace(), spec.getSource().getCluster(), "source");
      selected = SelectIdentities.select(spec.getSource(), source);
    } catch (ClusterAccessException e) {
      log.warn("selection failed: {}", e.getMessage());
      return status(wave, generation, null, members, ref, 0, pending.size(), null, "SourceUnreadable",
          "the selection could not be read on the source: " + e.getMessage());
    }

    Map<WaveIdentity, ServiceAccountMigration> byIdentity = new HashMap<>();
    for (ServiceAccountMigration m : members) {
      WaveIdentity id = identity(m);
      if (id != null) {
        byIdentity.put(id, m);
      }
    }
    // Gates first: a rollback reaches the members in flight before anything new is created.
    byIdentity.forEach((id, m) -> {
      String patch = WaveGates.patch(spec, id, m);
      if (patch != null) {
        port.patch(m.getMetadata().getNamespace(), m.getMetadata().getName(), patch);
      }
    });

    Set<WaveIdentity> withMember = new HashSet<>(byIdentity.keySet());
    for (WaveIdentity id : selected) {
      if (pending.contains(MemberSpecs.name(wave.getMetadata().getName(), id))) {
        withMember.add(id);
      }
    }
    int nonFinal = pending.size() + (int) members.stream().filter(m -> m.getStatus() == null
        || m.getStatus().getPhase() == null || !m.getStatus().getPhase().isTerminal()).count();
    List<WaveIdentity> candidates = CreateBatch.candidates(wave, selected, withMember);
    int room = WaveBudget.room(spec.getMaxInFlight(), nonFinal);
    String shared;
    try {
      shared = SharedDeadline.of(spec, wave.getStatus(), members, clock.instant());
    } catch (RuntimeException e) {
      return status(wave, generation, selected.size(), members, ref, candidates.size(), pending.size(), null,
          "InvalidSpec", "spec.dualRun cannot give the shared deadline (window or notAfter)");
    }
    if (room > 0 && !candidates.isEmpty()) {
      for (ServiceAccountMigration created : CreateBatch.run(wave, candidates, room, shared, authority, port,
          ref.identities())) {
        pending.add(created.getMetadata().getName());
        withMember.add(identity(created));
      }
      candidates = CreateBatch.candidates(wave, selected, withMember);
    }
    int remaining = (int) candidates.stream().filter(id -> !ref.identities().containsKey(id)).count();
    return status(wave, generation, selected.size(), members, ref, remaining, pending.size(), shared, null, null);
  }

  private WaveStatus status(ServiceAccountMigrationWave wave, long generation, Integer selected,
      List<ServiceAccountMigration> members, Refused ref, int remaining, int pending, String shared, String reason,
      String message) {
    var observed = new WaveStatusBuilder.Observed(generation, selected, members, Map.copyOf(ref.identities()),
        remaining, pending, shared, reason, message);
    return WaveStatusBuilder.build(wave.getStatus(), observed, clock.instant());
  }

  /** What the schema could not refuse but the wave cannot run with (any JSON the API server stores). */
  private static String invalid(ServiceAccountMigrationWave wave) {
    WaveSpec spec = wave.getSpec();
    if (spec == null || !spec.getUnreadable().isEmpty()) {
      return "spec cannot be read" + (spec == null ? "" : ": " + spec.getUnreadable());
    }
    if (wave.getMetadata().getName().length() > MemberSpecs.NAME_MAX) {
      return "the wave's name is longer than 63 characters, so it cannot be the value of the label "
          + ServiceAccountMigrationWave.WAVE_LABEL;
    }
    if (spec.getSource() == null) {
      return "spec.source is missing";
    }
    if (spec.getRequester() == null || spec.getRequester().getUsername() == null) {
      return "spec.requester.username is missing";
    }
    if (spec.getTokens() != null && spec.getTokens().getSecretName() != null) {
      return "spec.tokens.secretName cannot be shared by a wave's members";
    }
    return null;
  }

  private static WaveIdentity identity(ServiceAccountMigration m) {
    if (m.getSpec() == null || m.getSpec().getSource() == null || m.getSpec().getSource().getNamespace() == null
        || m.getSpec().getSource().getServiceAccount() == null) {
      return null;
    }
    return new WaveIdentity(m.getSpec().getSource().getNamespace(), m.getSpec().getSource().getServiceAccount());
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
