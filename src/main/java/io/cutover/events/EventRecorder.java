package io.cutover.events;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Records Kubernetes Events on an object (what {@code kubectl describe} shows). Reasons are CamelCase; messages are
 * human sentences taken from status, never a token or other secret. Recording is best effort: it never throws.
 */
public interface EventRecorder {
  EventRecorder NONE = (involved, type, reason, message) -> {};

  /** core/v1 Event types. */
  enum Type { Normal, Warning }

  void record(HasMetadata involved, Type type, String reason, String message);
}
