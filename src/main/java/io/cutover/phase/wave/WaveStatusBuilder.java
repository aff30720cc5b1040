package io.cutover.phase.wave;

import io.cutover.api.v1alpha1.Condition;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.WaveAttention;
import io.cutover.api.v1alpha1.WaveStatus;
import io.cutover.api.v1alpha1.WaveStatus.WavePhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one place a wave's status is made: counts per phase, the members that need attention with their reason, the
 * wave's phase and its Ready condition (its transition time kept while status and reason hold).
 */
public final class WaveStatusBuilder {
  public static final String ROLLED_BACK = "RolledBack";
  public static final String FAILED = "Failed";
  public static final String AWAITING_APPROVAL = Conditions.Reason.AWAITING_APPROVAL;
  public static final String NOT_PERMITTED = Conditions.Reason.NOT_PERMITTED;
  public static final String UNREADABLE = "StatusUnreadable";
  /** Wave Ready reasons besides the phases. */
  public static final String MEMBERS_NEED_ATTENTION = "MembersNeedAttention";
  public static final String NOTHING_SELECTED = "NothingSelected";

  private WaveStatusBuilder() {}

  /**
   * What the reconcile saw. {@code blocked} is a reason and message when nothing could be created (null otherwise);
   * {@code remaining} the selected identities that have no member yet and will get one (not refused, not rolled back
   * by the wave); {@code pendingCreates} members created but not yet seen by the informer.
   */
  public record Observed(long generation, Integer selected, List<ServiceAccountMigration> members,
      Map<WaveIdentity, Refusal> refused, int remaining, int pendingCreates, String sharedDeadline,
      String blockedReason, String blockedMessage) {}

  public static WaveStatus build(WaveStatus previous, Observed o, Instant now) {
    WaveStatus s = new WaveStatus();
    s.setObservedGeneration(o.generation());
    s.setSelected(o.selected());
    s.setSharedDeadline(o.sharedDeadline());
    Map<String, Integer> phases = new TreeMap<>();
    List<WaveAttention> attention = new ArrayList<>();
    int completed = 0;
    int inFlight = o.pendingCreates();
    for (ServiceAccountMigration m : o.members()) {
      Phase phase = phaseOf(m);
      phases.merge(phase.name(), 1, Integer::sum);
      if (phase == Phase.Completed) {
        completed++;
      }
      if (!phase.isTerminal()) {
        inFlight++;
      }
      attentionOf(m, phase).ifPresent(attention::add);
    }
    o.refused().forEach((id, why) -> attention.add(new WaveAttention(id.toString(), null, null, why.reason(), why.message())));
    attention.sort(Comparator.comparing(WaveAttention::identity));
    s.setPhases(phases);
    s.setMembers(o.members().size());
    s.setCompleted(completed);
    s.setInFlight(inFlight);
    s.setAttention(attention);
    s.setNeedAttention(attention.size());

    WavePhase phase;
    String reason;
    String message;
    if (o.blockedReason() != null) {
      phase = WavePhase.Blocked;
      reason = o.blockedReason();
      message = o.blockedMessage();
    } else if (inFlight > 0 || o.remaining() > 0) {
      phase = WavePhase.InProgress;
      reason = WavePhase.InProgress.name();
      message = completed + " of " + (o.selected() == null ? "?" : o.selected()) + " identities completed, "
          + inFlight + " in flight, " + o.remaining() + " to start";
    } else if (o.members().isEmpty() && !o.refused().isEmpty()) {
      phase = WavePhase.Blocked;
      reason = o.refused().values().iterator().next().reason();
      message = "no identity of the wave may be moved: " + o.refused().size() + " refused (status.attention)";
    } else if (o.members().isEmpty()) {
      phase = WavePhase.Blocked;
      reason = NOTHING_SELECTED;
      message = "the selection holds no identity";
    } else if (attention.isEmpty() && completed == o.members().size()) {
      phase = WavePhase.Completed;
      reason = WavePhase.Completed.name();
      message = "every member completed (" + completed + ")";
    } else {
      phase = WavePhase.Finished;
      reason = MEMBERS_NEED_ATTENTION;
      message = completed + " of " + o.members().size() + " members completed; " + attention.size()
          + " need attention (status.attention)";
    }
    s.setPhase(phase);
    String ready = phase == WavePhase.Completed ? "True" : "False";
    String since = now.toString();
    Optional<Condition> before = previous == null ? Optional.empty()
        : previous.getConditions().stream().filter(c -> Conditions.READY.equals(c.getType())).findFirst();
    if (before.isPresent() && ready.equals(before.get().getStatus()) && reason.equals(before.get().getReason())
        && before.get().getLastTransitionTime() != null) {
      since = before.get().getLastTransitionTime();
    }
    s.getConditions().add(new Condition(Conditions.READY, ready, reason, message, since, o.generation()));
    return s;
  }

  static Phase phaseOf(ServiceAccountMigration m) {
    return m.getStatus() == null || m.getStatus().getPhase() == null ? Phase.Pending : m.getStatus().getPhase();
  }

  private static Optional<WaveAttention> attentionOf(ServiceAccountMigration m, Phase phase) {
    String identity = m.getSpec() == null || m.getSpec().getSource() == null ? "?"
        : m.getSpec().getSource().getNamespace() + "/" + m.getSpec().getSource().getServiceAccount();
    String name = m.getMetadata().getName();
    if (m.getStatus() != null && !m.getStatus().getUnreadable().isEmpty()) {
      return Optional.of(new WaveAttention(identity, name, null, UNREADABLE,
          "the member's status cannot be read; it is left as it is"));
    }
    Optional<Condition> ready = m.getStatus() == null ? Optional.empty()
        : m.getStatus().getConditions().stream().filter(c -> Conditions.READY.equals(c.getType())).findFirst();
    String readyReason = ready.map(Condition::getReason).orElse(null);
    String detail = ready.map(c -> c.getReason() + ": " + c.getMessage()).orElse(null);
    if (phase == Phase.RolledBack) {
      return Optional.of(new WaveAttention(identity, name, phase, ROLLED_BACK, detail));
    }
    if (phase == Phase.Failed) {
      return Optional.of(new WaveAttention(identity, name, phase,
          NOT_PERMITTED.equals(readyReason) ? NOT_PERMITTED : FAILED, detail));
    }
    if (AWAITING_APPROVAL.equals(readyReason)) {
      return Optional.of(new WaveAttention(identity, name, phase, AWAITING_APPROVAL, detail));
    }
    if (NOT_PERMITTED.equals(readyReason)) {
      return Optional.of(new WaveAttention(identity, name, phase, NOT_PERMITTED, detail));
    }
    return Optional.empty();
  }
}
