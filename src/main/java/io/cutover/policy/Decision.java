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
}
