package io.cutover.phase;

import io.cutover.api.v1alpha1.AuthorizationStatus;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.cluster.ClusterAccessException;
import io.cutover.policy.Decision;
import io.cutover.status.DualRunTimes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Asked first by every step that writes before the old identity is revoked (Provisioning, DualRun): is the migration
 * still what was admitted (the identities, clusters, policy and requester pinned in {@code status.authorization} and
 * {@code status.sourceIdentity}/{@code targetIdentity}), and does the {@link io.cutover.policy.Authority} still permit
 * it and its plan (a policy edited or deleted, a grant revoked)? If not, the migration rolls back — it removes only
 * what it created on the target, and the source is untouched — with reason {@code NotPermitted}. From CuttingOver on
 * the migration is not stopped: revocation has begun, and finishing it is the safe end.
 */
final class PolicyRecheck {
  private PolicyRecheck() {}

  static Optional<StepResult> check(StepContext ctx) {
    try {
      return decide(ctx);
    } catch (ClusterAccessException e) {
      // Not knowing is not permission. Before the deadline: retry (backoff, at most 30 s). At it: rolling back is
      // always allowed and keeps the window's bound; cutting over is not.
      var deadline = DualRunTimes.deadline(ctx.status());
      if (deadline.isPresent() && !ctx.now().isBefore(deadline.get())) {
        return Optional.of(new StepResult.Advance(Phase.RollingBack, Conditions.Reason.NOT_PERMITTED,
            "could not confirm at the deadline that the migration is still permitted (" + e.getMessage()
                + "); rolling back"));
      }
      throw e;
    }
  }

  private static Optional<StepResult> decide(StepContext ctx) {
    AdmissionGate.pin(ctx);
    List<String> refusals = new ArrayList<>(drift(ctx));
    if (refusals.isEmpty()) {
      Decision decision = ctx.authority().decide(ctx.resource(), ctx.spec());
      refusals.addAll(decision.refusals());
      if (decision.permitted() && ctx.status().getPlan() != null) {
        refusals.addAll(ctx.authority().decidePlan(ctx.resource(), ctx.spec(), ctx.status().getPlan()).refusals());
      }
    }
    if (!refusals.isEmpty()) {
      String message = "no longer permitted, rolling back: " + String.join("; ", refusals);
      return Optional.of(new StepResult.Advance(Phase.RollingBack, Conditions.Reason.NOT_PERMITTED, message));
    }
    AuthorizationStatus pinned = ctx.status().getAuthorization();
    if (ctx.spec().getCutover().isApproved() && pinned.getApprovedBy() == null) {
      pinned.setApprovedBy(ctx.spec().getCutover().getApprovedBy());
    }
    return Optional.empty();
  }

  /**
   * How the spec differs from what was admitted (the CRD makes these fields immutable; an older CRD might not). A
   * migration admitted by an operator that pinned nothing (before status.authorization) is pinned by the caller first: decided
   * afresh on its current spec either way, so the pin only guards the turns after this one.
   */
  static List<String> drift(StepContext ctx) {
    List<String> out = new ArrayList<>();
    var status = ctx.status();
    var spec = ctx.spec();
    AuthorizationStatus pinned = status.getAuthorization();
    differs(out, "spec.source", status.getSourceIdentity(), ctx.ids().sourceDisplay());
    differs(out, "spec.target", status.getTargetIdentity(), ctx.ids().targetDisplay());
    differs(out, "spec.policy", pinned.getPolicy(), spec.getPolicy());
    differs(out, "spec.requester", pinned.getRequester(), spec.getRequester());
    differs(out, "spec.source.cluster.kubeconfigSecretRef", pinned.getSourceKubeconfigSecret(),
        AdmissionGate.kubeconfigSecret(spec.getSource().getCluster()));
    differs(out, "spec.target.cluster.kubeconfigSecretRef", pinned.getTargetKubeconfigSecret(),
        AdmissionGate.kubeconfigSecret(spec.getTarget() == null ? null : spec.getTarget().getCluster()));
    return out;
  }

  private static void differs(List<String> out, String field, Object pinned, Object now) {
    if (!Objects.equals(pinned, now)) {
      out.add(field + " changed since the migration was admitted (" + pinned + ", now " + now + ")");
    }
  }
}
