package io.cutover.phase;

import io.cutover.api.v1alpha1.AuthorizationStatus;
import io.cutover.api.v1alpha1.ClusterRef;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.policy.Authority;
import io.cutover.policy.Decision;
import io.cutover.status.Finding;
import io.cutover.validate.SpecValidator;
import io.cutover.validate.Violation;
import java.util.List;
import java.util.Optional;

/**
 * The gate in front of Pending and Planning, before anything is read from either cluster: the spec must be valid
 * ({@link SpecValidator}: {@code InvalidSpec}, naming the field) and the {@link Authority} must permit it for its
 * requester ({@code NotPermitted}). Either refusal ends the migration in Failed: nothing was written. What it admitted
 * — policy, requester, clusters — is pinned in {@code status.authorization} for {@link PolicyRecheck}.
 */
public final class AdmissionGate {
  private AdmissionGate() {}

  /** Empty when the migration may go on; otherwise the Fail result to return instead of running the step. */
  public static Optional<StepResult> check(StepContext ctx) {
    ServiceAccountMigrationSpec raw = ctx.resource().getSpec();
    List<Violation> violations = SpecValidator.validate(raw);
    if (!violations.isEmpty()) {
      return Optional.of(fail(ctx, Conditions.Reason.INVALID_SPEC, SpecValidator.message(violations)));
    }
    Decision decision = ctx.authority().decide(ctx.resource(), ctx.spec());
    if (!decision.permitted()) {
      return Optional.of(fail(ctx, Conditions.Reason.NOT_PERMITTED, decision.messageWithRemedy()));
    }
    pin(ctx);
    return Optional.empty();
  }

  /** Records what was admitted, once: the first admission's policy, requester and clusters are what later turns keep. */
  static void pin(StepContext ctx) {
    var status = ctx.status();
    if (status.getAuthorization() == null) {
      var spec = ctx.spec();
      AuthorizationStatus a = new AuthorizationStatus();
      a.setPolicy(spec.getPolicy());
      a.setRequester(spec.getRequester());
      a.setSourceKubeconfigSecret(kubeconfigSecret(spec.getSource().getCluster()));
      a.setTargetKubeconfigSecret(kubeconfigSecret(spec.getTarget() == null ? null : spec.getTarget().getCluster()));
      a.setAdmittedAt(ctx.now().toString());
      status.setAuthorization(a);
    }
  }

  static String kubeconfigSecret(ClusterRef ref) {
    return ref == null || ref.getKubeconfigSecretRef() == null ? null : ref.getKubeconfigSecretRef().getName();
  }

  private static StepResult fail(StepContext ctx, String reason, String message) {
    ctx.report(new Finding.PlanRefused(reason, message));
    return new StepResult.Fail(reason, message);
  }
}
