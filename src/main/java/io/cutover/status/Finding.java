package io.cutover.status;

import io.cutover.api.v1alpha1.CheckResult;
import java.util.List;

/**
 * What a step found that a condition reports. Steps report findings ({@code StepContext.report}); the
 * {@link StatusAggregator} turns them into conditions, so no step knows a condition's type, status or reason.
 */
public sealed interface Finding {
  /** The plan is computed and acceptable (Planned=True); {@code summary} counts what it holds. */
  record Planned(String summary) implements Finding {}

  /** The migration was refused before or while planning: an invalid spec, a policy, a plan that does not hold. */
  record PlanRefused(String reason, String message) implements Finding {}

  /** The target identity was checked (TargetProven): proven when every check passed. */
  record TargetChecks(List<CheckResult> checks) implements Finding {
    public boolean proven() {
      return checks.stream().allMatch(CheckResult::passed);
    }
  }

  /** The old credentials are revoked: how many objects on which cluster, and how late against the deadline. */
  record Revoked(int objects, String sourceCluster, long latenessMillis) implements Finding {}

  /** The revocation is proven on the source (these checks, all passed) and the target proves once more. */
  record Verified(List<CheckResult> sourceChecks) implements Finding {}

  /** The revocation or the target did not prove after cutover; {@code message} says what failed. */
  record NotVerified(String message) implements Finding {}

  /**
   * After a cutover that kept the source ServiceAccount, the old identity is still allowed permissions it was planned
   * to lose (SubjectAccessReview on the source); {@code message} names them and any other failed check.
   */
  record PermissionsRemain(String message) implements Finding {}

  /** The relying parties were asked whether they trust the target (TrustRebound): re-bound when every check passed. */
  record TrustChecks(List<CheckResult> checks) implements Finding {
    public boolean rebound() {
      return checks.stream().allMatch(CheckResult::passed);
    }
  }

  /**
   * After cutover: the relying parties that may still trust {@code sourceIssuer} (none: the old trust is removed;
   * {@code relyingParties} false: spec.trust names none to confirm), and the revocation horizon that applies: when the
   * source API server stops accepting the old identity's tokens ({@code sourceApiServerUntil}) and until when a relying
   * party that verifies offline may accept them ({@code offlineUntil}); null when nothing bounds it.
   */
  record OldTrust(String sourceIssuer, List<String> orphaned, boolean relyingParties, String sourceApiServerUntil,
      String offlineUntil) implements Finding {}
}
