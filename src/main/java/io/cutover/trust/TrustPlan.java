package io.cutover.trust;

import io.cutover.api.v1alpha1.TrustRebinding;
import java.util.List;
import java.util.Map;

/**
 * What the plan says about trust outside the clusters: whether the issuer changes, the re-binding each relying party
 * needs, and the workload-identity annotations the target ServiceAccount gets.
 */
public record TrustPlan(boolean issuerChanged, List<TrustRebinding> rebindings, Map<String, String> targetAnnotations) {

  /** The re-bindings that need a change (and therefore a confirmation before the dual run). */
  public List<TrustRebinding> required() {
    return rebindings.stream().filter(TrustRebinding::required).toList();
  }
}
