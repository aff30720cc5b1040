package io.cutover.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;

/** Whether owner rules cover servant rules; {@code uncovered} holds the broken-down servant rules left uncovered. */
public record Coverage(boolean covered, List<PolicyRule> uncovered) {
  public Coverage {
    uncovered = List.copyOf(uncovered);
  }
}
