package io.cutover.phase.wave;

import io.cutover.api.v1alpha1.ApiRules;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationWave;
import io.cutover.api.v1alpha1.WaveSpec;
import io.cutover.api.v1alpha1.WaveStatus;
import io.cutover.cluster.WaveMembers;
import io.cutover.policy.Authority;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One turn of a wave once its selection is known: the gates propagated to the members first (so a rollback reaches
 * the members in flight before anything new starts), then the next members created within the budget, then the
 * status built. {@code pending} holds the names of members created and not yet seen by the informer: they count
 * against the budget until it shows them. {@code refused} keeps the identities that got no member.
 */
public final class WaveTurn {
  private static final java.util.regex.Pattern DNS1123_LABEL = java.util.regex.Pattern.compile(ApiRules.DNS1123_LABEL);

  private WaveTurn() {}

  public static WaveStatus afterSelection(ServiceAccountMigrationWave wave, List<WaveIdentity> selected,
      List<ServiceAccountMigration> members, Set<String> pending, Map<WaveIdentity, Refusal> refused,
      Authority authority, WaveMembers port, Instant now) {
    WaveSpec spec = wave.getSpec();
    Map<WaveIdentity, ServiceAccountMigration> byIdentity = new HashMap<>();
    for (ServiceAccountMigration m : members) {
      WaveIdentity id = identity(m);
      if (id != null) {
        byIdentity.put(id, m);
      }
    }
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
    int nonFinal = pending.size() + (int) members.stream().filter(m -> !WaveStatusBuilder.phaseOf(m).isTerminal())
        .count();
    List<WaveIdentity> candidates = CreateBatch.candidates(wave, selected, withMember);
    int room = WaveBudget.room(spec.getMaxInFlight(), nonFinal);
    String shared;
    try {
      shared = SharedDeadline.of(spec, wave.getStatus(), members, now);
    } catch (RuntimeException e) {
      return blocked(wave, members, pending, refused, "InvalidSpec",
          "spec.dualRun cannot give the shared deadline (window or notAfter)", now);
    }
    if (room > 0 && !candidates.isEmpty()) {
      for (ServiceAccountMigration created : CreateBatch.run(wave, candidates, room, shared, authority, port, refused)) {
        pending.add(created.getMetadata().getName());
        withMember.add(identity(created));
      }
      candidates = CreateBatch.candidates(wave, selected, withMember);
    }
    int remaining = (int) candidates.stream().filter(id -> !refused.containsKey(id)).count();
    // Selected: what the source shows now and every identity already given a member (a moved identity may be gone
    // from the source: revoke.serviceAccount Delete).
    Set<WaveIdentity> all = new HashSet<>(selected);
    all.addAll(withMember);
    return WaveStatusBuilder.build(wave.getStatus(), new WaveStatusBuilder.Observed(generation(wave), all.size(),
        members, Map.copyOf(refused), remaining, pending.size(), shared, null, null), now);
  }

  /** The status of a wave nothing can be created for now, with the reason. */
  public static WaveStatus blocked(ServiceAccountMigrationWave wave, List<ServiceAccountMigration> members,
      Set<String> pending, Map<WaveIdentity, Refusal> refused, String reason, String message, Instant now) {
    return WaveStatusBuilder.build(wave.getStatus(), new WaveStatusBuilder.Observed(generation(wave), null, members,
        Map.copyOf(refused), 0, pending.size(), null, reason, message), now);
  }

  /** What the schema could not refuse but the wave cannot run with (any JSON the API server stores). */
  public static String invalid(ServiceAccountMigrationWave wave) {
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
    if (spec.getTarget() != null && spec.getTarget().getNamespaces() != null) {
      for (var e : spec.getTarget().getNamespaces().entrySet()) {
        if (!label(e.getKey()) || !label(e.getValue())) {
          return "spec.target.namespaces maps a source namespace to a target namespace, both DNS-1123 labels";
        }
      }
    }
    return null;
  }

  private static boolean label(String s) {
    return s != null && s.length() <= ApiRules.DNS1123_LABEL_MAX && DNS1123_LABEL.matcher(s).matches();
  }

  /** The source identity a member moves, or null when its spec does not say. */
  public static WaveIdentity identity(ServiceAccountMigration m) {
    if (m.getSpec() == null || m.getSpec().getSource() == null || m.getSpec().getSource().getNamespace() == null
        || m.getSpec().getSource().getServiceAccount() == null) {
      return null;
    }
    return new WaveIdentity(m.getSpec().getSource().getNamespace(), m.getSpec().getSource().getServiceAccount());
  }

  private static long generation(ServiceAccountMigrationWave wave) {
    return wave.getMetadata().getGeneration() == null ? 0 : wave.getMetadata().getGeneration();
  }
}
