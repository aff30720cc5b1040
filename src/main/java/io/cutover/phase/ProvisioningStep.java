package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.CreatedObject;
import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.plan.Plan;
import io.cutover.status.Finding;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Creates what the plan lists on the target (only what is missing), issues the first token and proves the target.
 * The deadline is already in status. A plan that no longer holds, or a target identity another migration won in a
 * race, rolls back what this migration created.
 */
final class ProvisioningStep implements Step {
  @Override
  public StepResult run(StepContext ctx) {
    if (ctx.spec().isRollback()) {
      return Steps.rollbackRequested();
    }
    var refused = PolicyRecheck.check(ctx);
    if (refused.isPresent()) {
      return refused.get();
    }
    try {
      return provision(ctx);
    } catch (TargetAccessException e) {
      if (pastProvingBound(ctx)) {
        TargetProof.unreachable(ctx, e.getMessage());
        return unprovenPastTheBound(ctx);
      }
      throw e;
    }
  }

  /** With onDeadline Rollback: the deadline; with Cutover: the deadline plus {@link DualRunStep#UNPROVEN_GRACE}. */
  private static boolean pastProvingBound(StepContext ctx) {
    Instant deadline = ctx.deadline();
    boolean rollback = ctx.spec().getDualRun().getOnDeadline() == DualRunSpec.OnDeadline.Rollback;
    return !ctx.now().isBefore(rollback ? deadline : deadline.plus(DualRunStep.UNPROVEN_GRACE));
  }

  /**
   * With onDeadline Rollback the deadline decides, as it does in DualRun (reason DeadlineRollback); with Cutover the
   * unproven target is rolled back after the grace (reason TargetNotProven). The failed check is in the message.
   */
  private static StepResult unprovenPastTheBound(StepContext ctx) {
    boolean rollback = ctx.spec().getDualRun().getOnDeadline() == DualRunSpec.OnDeadline.Rollback;
    return rollback
        ? new StepResult.Advance(Phase.RollingBack, Conditions.Reason.DEADLINE_ROLLBACK, "spec.dualRun.onDeadline is "
            + "Rollback and the target was not proven before the deadline: " + TargetProof.failures(ctx))
        : new StepResult.Advance(Phase.RollingBack, Conditions.Reason.TARGET_NOT_PROVEN, TargetProof.failures(ctx)
            + "; still not proven " + DualRunStep.UNPROVEN_GRACE.toMinutes() + " min after the deadline: the unproven"
            + " target identity is rolled back to keep the overlap bounded, the source stays as it was");
  }

  /**
   * Every name this migration may create from here on, on either cluster: the plan's target objects (not the shared
   * namespace), the target ServiceAccount and delivery Secret even when the plan found them, the copied Secrets, the
   * proof and gate Secrets, and the canary on the source.
   */
  private static List<Records.Name> willCreate(StepContext ctx, Plan plan) {
    var ids = ctx.ids();
    String ns = ids.target().namespace();
    List<Records.Name> names = new ArrayList<>();
    names.add(target(ObjectRef.of("ServiceAccount", ns, ids.target().name())));
    for (HasMetadata o : plan.targetObjects()) {
      if (!(o instanceof Namespace)) {
        names.add(target(ObjectRef.of(o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName())));
      }
    }
    ctx.status().getPlan().getSecrets().forEach(m -> names.add(target(ObjectRef.of("Secret", ns, m.name()))));
    names.add(target(ObjectRef.of("Secret", ns, Credentials.delivers(ctx) ? ctx.spec().getTokens().getSecretName()
        : ctx.names().proofSecretName())));
    if (!ctx.status().getPlan().getTrust().isEmpty()) {
      names.add(target(ObjectRef.of("Secret", ns, ctx.names().gateSecretName())));
    }
    names.add(new Records.Name(CreatedObject.SOURCE, ObjectRef.of("Secret", ids.source().namespace(),
        ctx.names().canarySecretName())));
    return names.stream().distinct().toList();
  }

  private static Records.Name target(ObjectRef ref) {
    return new Records.Name(CreatedObject.TARGET, ref);
  }

  private StepResult provision(StepContext ctx) {
    Plan plan = TrustHooks.plan(ctx, PlanService.plan(ctx));
    ctx.status().setPlan(plan.status());
    if (plan.failure().isPresent()) {
      var f = plan.failure().get();
      ctx.report(new Finding.PlanRefused(f.reason(), f.message()));
      return new StepResult.Advance(Phase.RollingBack, f.reason(), f.message());
    }
    TrustHooks.decorateTarget(ctx, plan.targetObjects());
    int recorded = Records.count(ctx);
    Optional<Records.Name> taken = Records.intend(ctx, willCreate(ctx, plan));
    if (taken.isPresent()) {
      // Something holds a name this migration was about to create, and it did not record creating it: never adopt
      // it (whatever its labels say), never proceed on it, and never delete it.
      ObjectRef what = taken.get().ref();
      return new StepResult.Advance(Phase.RollingBack, what.kind().equals("ServiceAccount")
          ? Conditions.Reason.TARGET_OWNED_BY_ANOTHER_MIGRATION : Conditions.Reason.TARGET_OBJECT_CONFLICT,
          what + " on the " + taken.get().cluster() + " cluster exists and was not created by this migration");
    }
    if (Records.count(ctx) > recorded) {
      // The names are written to status before anything is created, so an object created in a turn whose status write
      // is lost is found under a recorded name next turn and adopted; an object found under any other name never is.
      return new StepResult.Wait(ctx.now(), Conditions.Reason.PROVISIONING, "recorded the "
          + (Records.count(ctx) - recorded) + " object(s) it will create; creating them next");
    }
    for (HasMetadata object : plan.targetObjects()) {
      if (object instanceof Namespace) {
        ctx.target().createIfAbsent(object); // shared, not recorded, never deleted (design entry 10)
        continue;
      }
      HasMetadata held = Records.create(ctx, CreatedObject.TARGET, object).orElse(null);
      if (held == null) {
        // Someone else created an object of that name meanwhile: never adopt it, never proceed on it.
        String reason = object instanceof ServiceAccount ? Conditions.Reason.TARGET_OWNED_BY_ANOTHER_MIGRATION
            : Conditions.Reason.TARGET_OBJECT_CONFLICT;
        return new StepResult.Advance(Phase.RollingBack, reason, ObjectRef.of(object.getKind(),
            object.getMetadata().getNamespace(), object.getMetadata().getName()) + " on " + ctx.ids().targetCluster()
            + " was created by someone else meanwhile");
      }
      if (held instanceof ServiceAccount sa) {
        var provenance = ctx.status().getProvenance();
        if (provenance.getTargetUid() == null) {
          provenance.setTargetUid(sa.getMetadata().getUid());
          provenance.setCreatedAt(ctx.instant().toString());
        }
      }
    }
    var secrets = TrustHooks.copySecrets(ctx);
    if (secrets.isPresent()) {
      return secrets.get();
    }
    if (Credentials.delivers(ctx)) {
      Credentials.ensureDelivered(ctx);
    }
    if (TargetProof.prove(ctx, plan.accessChecks())) {
      var gate = TrustHooks.gate(ctx);
      if (gate.isPresent()) {
        return gate.get();
      }
      return new StepResult.Advance(Phase.DualRun, Conditions.Reason.DUAL_RUN,
          "target proven; old and new identity valid until " + ctx.status().getDualRun().getDeadline());
    }
    if (pastProvingBound(ctx)) {
      return unprovenPastTheBound(ctx);
    }
    return new StepResult.Retry(Conditions.Reason.TARGET_NOT_PROVEN,
        "the target identity does not prove yet: " + TargetProof.failures(ctx));
  }
}
