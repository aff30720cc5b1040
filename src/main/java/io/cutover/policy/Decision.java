package io.cutover.policy;

import java.util.List;

/** Whether a migration may go on, and if not every reason (safe for status: names and namespaces, never a secret). */
public record Decision(List<String> refusals) {
  public static final Decision PERMITTED = new Decision(List.of());

  public Decision {
    refusals = List.copyOf(refusals);
  }

  public boolean permitted() {
    return refusals.isEmpty();
  }

  public String message() {
    return String.join("; ", refusals);
  }

  /**
   * {@link #message()} and what to change, for a migration refused before anything was written (spec.policy is
   * immutable, so a different policy means a new migration).
   */
  public String messageWithRemedy() {
    return message() + REMEDY;
  }

  /** What a refused requester changes: {@link #messageWithRemedy()} ends with it. */
  public static final String REMEDY = ". Nothing was written. To go on, re-create the migration naming in spec.policy"
      + " a MigrationPolicy that permits it and that the requester may use (kubectl get migrationpolicies), or ask an"
      + " administrator to widen the policy or grant the verb (docs/security.md, \"Who may migrate what\")";
}
