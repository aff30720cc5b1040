package io.cutover.events;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Records Kubernetes Events on an object (what {@code kubectl describe} shows). Actions and reasons are stable
 * CamelCase words; messages are human sentences taken from status, never a token or other secret. Recording is best
 * effort: it never throws.
 */
public interface EventRecorder {
  EventRecorder NONE = (regarding, type, action, reason, message) -> {};

  /** Event types. */
  enum Type { Normal, Warning }

  /**
   * One occurrence: {@code action} is what the operator was doing (a stable verb per kind of event: Plan, Provision,
   * Cutover, Verify, Rollback, IssueToken), {@code reason} why it reports (CamelCase).
   */
  void record(HasMetadata regarding, Type type, String action, String reason, String message);
}
