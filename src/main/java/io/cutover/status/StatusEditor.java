package io.cutover.status;

import io.cutover.api.v1alpha1.Condition;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.HistoryEntry;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Edits a copy of the status: the phase and its bounded history, observedGeneration, and conditions by the Kubernetes
 * API conventions. Its condition setters ({@link #condition}, {@link #unknown}) are for {@link StatusAggregator}
 * alone (ArchitectureTest checks it); the steps report findings instead. The reconciler writes the copy once per
 * reconcile, and only when it differs from what is stored.
 */
public final class StatusEditor {
  /** How many phase transitions status keeps. */
  public static final int HISTORY_LIMIT = 20;

  private final ServiceAccountMigrationStatus status;
  private final Instant now;
  private final long generation;

  public StatusEditor(ServiceAccountMigrationStatus status, Instant now, long generation) {
    this.status = status;
    this.now = now.truncatedTo(ChronoUnit.MILLIS); // status times are RFC 3339 with milliseconds
    this.generation = generation;
  }

  /** A deep copy, so the stored status can be compared with the edited one. */
  public static ServiceAccountMigrationStatus copyOf(ServiceAccountMigrationStatus status) {
    if (status == null) {
      return new ServiceAccountMigrationStatus();
    }
    var mapper = Serialization.jsonMapper();
    return mapper.convertValue(mapper.valueToTree(status), ServiceAccountMigrationStatus.class);
  }

  /** Structural equality, as the API server would store them. */
  public static boolean same(ServiceAccountMigrationStatus a, ServiceAccountMigrationStatus b) {
    var mapper = Serialization.jsonMapper();
    return mapper.valueToTree(a == null ? new ServiceAccountMigrationStatus() : a)
        .equals(mapper.valueToTree(b == null ? new ServiceAccountMigrationStatus() : b));
  }

  public ServiceAccountMigrationStatus status() {
    return status;
  }

  public Instant now() {
    return now;
  }

  /** Enters a phase, recording the transition in the bounded history. */
  public void enter(Phase phase, String reason, String message) {
    if (status.getPhase() == phase) {
      return;
    }
    status.setPhase(phase);
    List<HistoryEntry> history = new ArrayList<>(status.getHistory() == null ? List.of() : status.getHistory());
    history.add(new HistoryEntry(now.toString(), phase, reason, message));
    while (history.size() > HISTORY_LIMIT) {
      history.remove(0);
    }
    status.setHistory(history);
  }

  /**
   * Sets a condition as the Kubernetes API conventions ask: a CamelCase reason that is never empty, and a
   * lastTransitionTime that changes only when the status value flips.
   */
  public void condition(String type, boolean value, String reason, String message) {
    setCondition(type, value ? Conditions.TRUE : Conditions.FALSE, reason, message);
  }

  public void unknown(String type, String reason, String message) {
    setCondition(type, Conditions.UNKNOWN, reason, message);
  }

  private void setCondition(String type, String value, String reason, String message) {
    if (reason == null || reason.isEmpty() || !Character.isUpperCase(reason.charAt(0))) {
      throw new IllegalArgumentException("condition reason must be CamelCase and non-empty: " + reason);
    }
    List<Condition> conditions = new ArrayList<>(status.getConditions() == null ? List.of() : status.getConditions());
    Optional<Condition> existing = conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    String transition = existing.filter(c -> value.equals(c.getStatus())).map(Condition::getLastTransitionTime)
        .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString()); // metav1.Time has second precision
    Condition updated = new Condition(type, value, reason, message == null ? "" : message, transition, generation);
    existing.ifPresentOrElse(c -> conditions.set(conditions.indexOf(c), updated), () -> conditions.add(updated));
    status.setConditions(conditions);
  }

  public static Optional<Condition> find(ServiceAccountMigrationStatus status, String type) {
    return status == null || status.getConditions() == null ? Optional.empty()
        : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Marks the status as computed from the current generation. */
  public void observed() {
    status.setObservedGeneration(generation);
  }
}
