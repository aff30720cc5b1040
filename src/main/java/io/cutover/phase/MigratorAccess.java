package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.RbacSpec;
import io.cutover.api.v1alpha1.RevokeSpec;
import io.cutover.plan.Plan;
import io.cutover.rbac.AccessCheck;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Before anything is written: may the migrator make the migration's writes where it is bound (its namespaces in
 * scope, design entry 86), and create, on the target, the RBAC the plan mirrors? kube-apiserver
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
    Optional<Plan.Failure> scope = plannedWritesOutOfScope(ctx, plan);
    if (scope.isPresent()) {
      return scope;
    }
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
    m.append(listed(lacking.stream().map(MigratorAccess::describe).toList()));
    m.append(". Kubernetes lets an identity grant only what it holds: grant these to the migrator on ")
        .append(ctx.target().clusterName()).append(" (docs/operations.md, \"Permissions to mirror\") and re-create")
        .append(" the migration, or use rbac.mode Require. Nothing was written.");
    return Optional.of(new Plan.Failure(Conditions.Reason.MIGRATOR_LACKS_PERMISSION, m.toString()));
  }

  /**
   * Before anything is read: may the migrator work in the identity's namespaces at all? It is bound per namespace in
   * scope (design entry 86), so an identity namespace outside its scope on either cluster — or a target namespace
   * that does not exist yet (it may not create one, and no RoleBinding can be there) — would otherwise stop on the
   * first 403 of the observation, or half-way through provisioning with the window open. The writes every migration
   * makes there, one SelfSubjectAccessReview each on the cluster it is made on: on the target the ServiceAccount, its
   * token and a Secret (delivery or proof); on the source the canary's Secret and token.
   */
  static Optional<Plan.Failure> identityNamespacesOutOfScope(StepContext ctx) {
    String targetNs = ctx.ids().target().namespace();
    String sourceNs = ctx.ids().source().namespace();
    return lacking(ctx,
        List.of(create(targetNs, "", "serviceaccounts", null), create(targetNs, "", "serviceaccounts", "token"),
            create(targetNs, "", "secrets", null)),
        List.of(create(sourceNs, "", "secrets", null), create(sourceNs, "", "serviceaccounts", "token")));
  }

  /**
   * After planning, the writes that depend on the plan, asked before any of them: the mirrored RBAC objects on the
   * target (each in its namespace, or cluster-wide), and on the source what cutover revokes (legacy token Secrets,
   * the bindings that name the identity, the ServiceAccount) — a revocation refused at cutover would leave the old
   * identity alive after the dual run.
   */
  static Optional<Plan.Failure> plannedWritesOutOfScope(StepContext ctx, Plan plan) {
    Set<AccessCheck> target = new LinkedHashSet<>();
    for (HasMetadata o : plan.targetObjects()) {
      if (RBAC_KINDS.contains(o.getKind())) {
        target.add(create(o.getMetadata().getNamespace(), RBAC_GROUP, plural(o.getKind()), null));
      }
    }
    String sourceNs = ctx.ids().source().namespace();
    Set<AccessCheck> source = new LinkedHashSet<>();
    var revoke = ctx.spec().getCutover().getRevoke();
    if (revoke.isLegacyTokenSecrets() && !plan.status().getLegacyTokenSecrets().isEmpty()) {
      source.add(AccessCheck.resource(sourceNs, "delete", "", "secrets", null, null));
    }
    if (revoke.isBindings()) {
      plan.status().getBindings().stream().filter(b -> !"Group".equals(b.subjectKind())).forEach(b ->
          source.add(AccessCheck.resource(b.namespace(), "delete", RBAC_GROUP, plural(b.kind()), null, null)));
    }
    if (revoke.getServiceAccount() == RevokeSpec.ServiceAccountAction.Delete) {
      source.add(AccessCheck.resource(sourceNs, "delete", "", "serviceaccounts", null, null));
    }
    return lacking(ctx, target, source);
  }

  private static Optional<Plan.Failure> lacking(StepContext ctx, Collection<AccessCheck> target,
      Collection<AccessCheck> source) {
    List<String> lacking = new ArrayList<>();
    target.stream().filter(c -> !ctx.target().mayI(c)).forEach(c -> lacking.add(describe(c) + " on "
        + ctx.target().clusterName()));
    source.stream().filter(c -> !ctx.source().mayI(c)).forEach(c -> lacking.add(describe(c) + " on "
        + ctx.source().clusterName()));
    if (lacking.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder m = new StringBuilder("the migrator may not make ").append(lacking.size())
        .append(" write(s) this migration needs: ");
    m.append(listed(lacking));
    m.append(". It holds its namespaced rights only in the namespaces in its scope: create each namespace named")
        .append(" (the migrator never creates one) and apply deploy/remote/namespace there on that cluster")
        .append(" (docs/operations.md, \"The migrator on each remote cluster\"), then re-create the migration.")
        .append(" Nothing was written.");
    return Optional.of(new Plan.Failure(Conditions.Reason.MIGRATOR_LACKS_PERMISSION, m.toString()));
  }

  /** At most {@value #SHOWN} of the items, and how many more. */
  private static String listed(List<String> items) {
    String shown = String.join("; ", items.stream().limit(SHOWN).toList());
    return items.size() > SHOWN ? shown + "; and " + (items.size() - SHOWN) + " more" : shown;
  }

  private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  private static AccessCheck create(String namespace, String group, String resource, String subresource) {
    return AccessCheck.resource(namespace, "create", group, resource, subresource, null);
  }

  /** The resource of an RBAC kind: Role → roles, ClusterRoleBinding → clusterrolebindings. */
  private static String plural(String kind) {
    return kind.toLowerCase(java.util.Locale.ROOT) + "s";
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
