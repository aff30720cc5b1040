package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.policy.MigrationPolicy;
import io.cutover.status.Finding;
import io.cutover.validate.SpecValidator;
import io.cutover.validate.Violation;
import java.util.List;
import java.util.Optional;

/**
 * The gate in front of Pending and Planning, before anything is read from either cluster: the spec must be valid
 * ({@link SpecValidator}: {@code InvalidSpec}, naming the field) and the operator's {@link MigrationPolicy} must allow
 * the migration's namespaces ({@code NotPermitted}). Either refusal ends the migration in Failed: nothing was written.
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
    String migrationNs = ctx.resource().getMetadata().getNamespace();
    var ids = ctx.ids();
    MigrationPolicy.Decision decision = ctx.policy().decide(migrationNs, ids.source().namespace(), ids.target().namespace());
    if (!decision.permitted()) {
      return Optional.of(fail(ctx, Conditions.Reason.NOT_PERMITTED, decision.message()));
    }
    return Optional.empty();
  }

  private static StepResult fail(StepContext ctx, String reason, String message) {
    ctx.report(new Finding.PlanRefused(reason, message));
    return new StepResult.Fail(reason, message);
  }
}
