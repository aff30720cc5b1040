package io.cutover.validate;

import io.cutover.api.v1alpha1.ApiRules;
import io.cutover.api.v1alpha1.CutoverSpec;
import io.cutover.api.v1alpha1.RevokeSpec;
import java.util.List;

/**
 * {@code spec.cutover.revoke}: at least one revocation is on ({@link ApiRules#REVOCATION_ON_CEL}, the CRD's rule):
 * legacy token Secrets, bindings, or the ServiceAccount deleted. A missing field is its default (on).
 */
final class CutoverChecks {
  private CutoverChecks() {}

  static void check(List<Violation> out, CutoverSpec cutover) {
    RevokeSpec revoke = cutover == null ? null : cutover.getRevoke();
    if (revoke == null) {
      return; // the defaults: everything revoked
    }
    boolean deletes = revoke.getServiceAccount() != RevokeSpec.ServiceAccountAction.Keep; // null: the default, Delete
    if (!revoke.isLegacyTokenSecrets() && !revoke.isBindings() && !deletes) {
      out.add(new Violation("spec.cutover.revoke", ApiRules.REVOCATION_ON_MESSAGE));
    }
  }
}
