package io.cutover.phase;

import io.cutover.observe.Observer;
import io.cutover.observe.SourceObservation;
import io.cutover.plan.Plan;
import io.cutover.plan.Planner;
import io.cutover.plan.ServiceAccountCarry;
import io.cutover.rbac.EffectiveRules;
import io.cutover.rbac.Grant;
import io.cutover.api.v1alpha1.PlanStatus;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Objects;

/**
 * Observes both clusters and plans: used by Planning, and again before provisioning and before cutover. The plan the
 * operator acts on, {@link #complete}, is also what {@code kubectl cutover plan} prints: one planning path.
 */
public final class PlanService {
  private PlanService() {}

  /**
   * The whole plan of the Planning step: whether the migrator may work in the identity's namespaces (asked before
   * anything is read), observation and planner, the trust plan, and whether the migrator may make the planned writes
   * and grant the RBAC it mirrors (the first failure wins).
   */
  public static Plan complete(StepContext ctx) {
    Optional<Plan.Failure> outOfScope = MigratorAccess.identityNamespacesOutOfScope(ctx);
    if (outOfScope.isPresent()) {
      return new Plan(new PlanStatus(), List.of(), List.of(), outOfScope); // nothing observed, nothing to show
    }
    Plan plan = TrustHooks.plan(ctx, plan(ctx));
    if (plan.failure().isPresent()) {
      return plan;
    }
    return MigratorAccess.missing(ctx, plan).map(plan::failingWith).orElse(plan);
  }

  static Plan plan(StepContext ctx) {
    SourceObservation source = Observer.source(ctx.source(), ctx.ids().source());
    List<String> namespaces = EffectiveRules.grantsFor(source.rbac(), ctx.ids().source()).stream()
        .map(Grant::bindingNamespace).filter(Objects::nonNull).map(ctx.ids()::targetNamespaceFor).distinct().toList();
    String delivery = Credentials.delivers(ctx) ? ctx.spec().getTokens().getSecretName() : null;
    var referenced = source.serviceAccount().map(ServiceAccountCarry::referencedSecrets).orElse(Set.of());
    var target = Observer.target(ctx.target(), ctx.ids().target(), namespaces, delivery, referenced);
    var in = new Planner.Input(ctx.resource().getMetadata().getNamespace(), ctx.resource().getMetadata().getName(),
        ctx.uid(), ctx.generation(), ctx.spec(), ctx.ids());
    return Planner.plan(in, source, target, ctx.now());
  }
}
