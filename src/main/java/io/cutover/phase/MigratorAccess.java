package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.RbacSpec;
import io.cutover.plan.Plan;
import io.cutover.rbac.AccessCheck;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Before anything is written: may the migrator create, on the target, the RBAC the plan mirrors? kube-apiserver
 * lets an identity create a Role or a binding only for permissions it holds itself (or with escalate/bind, which
 * the shipped migrator has not), and answers anything else with 403 "attempting to grant RBAC permissions not
 * currently held" — found on a real API server, where the migration used to stall in Provisioning with its window
 * open. Each permission the target identity will be proven to hold is asked as a SelfSubjectAccessReview of the
 * migrator; a missing one stops the plan, naming it.
 */
final class MigratorAccess {
  static final int SHOWN = 6;
  private static final Set<String> RBAC_KINDS = Set.of("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding");

  private MigratorAccess() {}

  static Optional<Plan.Failure> missing(StepContext ctx, Plan plan) {
    if (ctx.spec().getRbac().getMode() != RbacSpec.Mode.Mirror
        || plan.targetObjects().stream().noneMatch(o -> RBAC_KINDS.contains(o.getKind()))) {
      return Optional.empty();
    }
    List<AccessCheck> lacking = plan.accessChecks().stream().filter(c -> !ctx.target().mayI(c)).toList();
    if (lacking.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder m = new StringBuilder("the migrator on cluster ").append(ctx.target().clusterName())
        .append(" may not grant ").append(lacking.size()).append(" permission(s) the mirrored RBAC grants: ");
    m.append(String.join("; ", lacking.stream().limit(SHOWN).map(MigratorAccess::describe).toList()));
    if (lacking.size() > SHOWN) {
      m.append("; and ").append(lacking.size() - SHOWN).append(" more");
    }
    m.append(". Kubernetes lets an identity grant only what it holds: grant these to the migrator on ")
        .append(ctx.target().clusterName()).append(" (docs/operations.md, \"Permissions to mirror\") and re-create")
        .append(" the migration, or use rbac.mode Require. Nothing was written.");
    return Optional.of(new Plan.Failure(Conditions.Reason.MIGRATOR_LACKS_PERMISSION, m.toString()));
  }

  static String describe(AccessCheck c) {
    if (c.isNonResource()) {
      return c.verb() + " " + c.nonResourcePath();
    }
    String resource = (c.apiGroup() == null || c.apiGroup().isEmpty() ? "" : c.apiGroup() + "/") + c.resource()
        + (c.subresource() == null ? "" : "/" + c.subresource()) + (c.name() == null ? "" : " '" + c.name() + "'");
    return c.verb() + " " + resource + (c.namespace() == null ? " (cluster-wide)" : " in namespace " + c.namespace());
  }
}
