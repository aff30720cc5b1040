package io.cutover.validate;

import static io.cutover.validate.FieldChecks.tooLong;
import static io.cutover.validate.FieldChecks.tooMany;

import io.cutover.api.v1alpha1.ApiRules;
import java.util.List;

/** {@code spec.acceptLosses}: ids of plan losses, each non-empty and bounded, as the CRD schema says. */
final class AcceptLossChecks {
  private AcceptLossChecks() {}

  static void check(List<Violation> out, List<String> accepted) {
    if (accepted == null) {
      return;
    }
    tooMany(out, "spec.acceptLosses", accepted.size(), ApiRules.ACCEPT_LOSSES_MAX_ITEMS, "items");
    for (int i = 0; i < accepted.size(); i++) {
      String id = accepted.get(i);
      String path = "spec.acceptLosses[" + i + "]";
      if (id == null || id.isEmpty()) {
        out.add(new Violation(path, "is empty; an id from status.plan.identityLosses is required"));
      } else if (id.length() > ApiRules.ACCEPT_LOSS_MAX_LENGTH) {
        out.add(new Violation(path, tooLong(id, ApiRules.ACCEPT_LOSS_MAX_LENGTH)));
      }
    }
  }
}
