package io.cutover.status;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;

/**
 * Derives the Ready condition, the summary GitOps tools read: True only for a completed migration (or a planned dry
 * run); otherwise False with the reason of what it is doing or waiting for.
 */
public final class Readiness {
  private Readiness() {}

  public static void apply(StatusEditor edit, Phase phase, boolean dryRun, String reason, String message) {
    boolean ready = phase == Phase.Completed || (phase == Phase.Planned && dryRun);
    edit.condition(Conditions.READY, ready, reason, message);
    edit.observed();
  }
}
