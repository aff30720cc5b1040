package io.cutover.policy;

import io.cutover.api.v1alpha1.MigrationPolicy;
import io.cutover.api.v1alpha1.MigrationPolicySpec;
import io.cutover.api.v1alpha1.PlanStatus;
import io.cutover.api.v1alpha1.RbacSpec;
import io.cutover.api.v1alpha1.RevokeSpec;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.api.v1alpha1.UserRef;
import io.cutover.cluster.Reviews;
import io.cutover.plan.Identities;
import io.cutover.rbac.AccessCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operator's {@link Authority}: the migration's MigrationPolicy read from the control cluster, its rules
 * ({@link PolicyRules}), and the requester's and approver's grants asked of the control cluster's API server by
 * SubjectAccessReview — the verb {@value MigrationPolicy#USE} (and {@value MigrationPolicy#APPROVE}) on the policy,
 * or without a policy the rights the migration exercises in its own namespace. Nothing is cached: a policy edited or
 * deleted, or a grant revoked, is seen at the next check, and every step that writes checks first.
 */
public final class PolicyAuthority implements Authority {
  private final PolicySource policies;
  private final Reviews control;
  private final ProtectedIdentities protect;

  public PolicyAuthority(PolicySource policies, Reviews control, ProtectedIdentities protect) {
    this.policies = policies;
    this.control = control;
    this.protect = protect;
  }

  @Override
  public Decision decide(ServiceAccountMigration migration, ServiceAccountMigrationSpec spec) {
    String ns = migration.getMetadata().getNamespace();
    List<String> refusals = new ArrayList<>();
    Optional<MigrationPolicySpec> policy = policy(spec, refusals);
    if (!refusals.isEmpty()) {
      return new Decision(refusals);
    }
    refusals.addAll(PolicyRules.refusals(new PolicyRules.Request(ns, spec, Identities.of(spec)), policy, protect));
    UserRef requester = spec.getRequester();
    if (requester != null && requester.getUsername() != null) {
      if (policy.isPresent()) {
        grant(refusals, requester, "the requester", policyVerb(MigrationPolicy.USE, spec.getPolicy()));
      } else {
        for (AccessCheck check : ownNamespaceRights(ns, spec)) {
          grant(refusals, requester, "the requester", check);
        }
      }
    }
    UserRef approver = spec.getCutover().getApprovedBy();
    if (spec.getCutover().isApproved() && approver != null && policy.isPresent()) {
      grant(refusals, approver, "the approver", policyVerb(MigrationPolicy.APPROVE, spec.getPolicy()));
    }
    return new Decision(refusals);
  }

  @Override
  public Decision decidePlan(ServiceAccountMigration migration, ServiceAccountMigrationSpec spec, PlanStatus plan) {
    List<String> refusals = new ArrayList<>();
    Optional<MigrationPolicySpec> policy = policy(spec, refusals);
    if (!refusals.isEmpty()) {
      return new Decision(refusals);
    }
    var request = new PolicyRules.Request(migration.getMetadata().getNamespace(), spec, Identities.of(spec));
    return new Decision(PolicyRules.planRefusals(request, policy, protect, plan));
  }

  private Optional<MigrationPolicySpec> policy(ServiceAccountMigrationSpec spec, List<String> refusals) {
    if (spec.getPolicy() == null) {
      return Optional.empty();
    }
    Optional<MigrationPolicySpec> found = policies.find(spec.getPolicy());
    if (found.isEmpty()) {
      refusals.add("MigrationPolicy " + spec.getPolicy() + " does not exist (spec.policy)");
    }
    return found;
  }

  private void grant(List<String> refusals, UserRef user, String who, AccessCheck check) {
    if (!control.reviewAccess(user.getUsername(), user.getGroups(), check).allowed()) {
      refusals.add(who + " " + user.getUsername() + " may not " + describe(check));
    }
  }

  private static AccessCheck policyVerb(String verb, String policy) {
    return AccessCheck.resource(null, verb, ServiceAccountMigration.GROUP, MigrationPolicy.PLURAL, null, policy);
  }

  /** Without a policy: what the migration does in its own namespace, the requester must be allowed to do there. */
  static List<AccessCheck> ownNamespaceRights(String ns, ServiceAccountMigrationSpec spec) {
    List<AccessCheck> checks = new ArrayList<>(List.of(
        AccessCheck.resource(ns, "get", "", "serviceaccounts", null, null),
        AccessCheck.resource(ns, "create", "", "serviceaccounts", null, null),
        AccessCheck.resource(ns, "create", "", "serviceaccounts", "token", null)));
    RevokeSpec revoke = spec.getCutover().getRevoke();
    if (revoke.getServiceAccount() == RevokeSpec.ServiceAccountAction.Delete) {
      checks.add(AccessCheck.resource(ns, "delete", "", "serviceaccounts", null, null));
    }
    if (revoke.isBindings()) {
      checks.add(AccessCheck.resource(ns, "update", "rbac.authorization.k8s.io", "rolebindings", null, null));
    }
    if (revoke.isLegacyTokenSecrets()) {
      checks.add(AccessCheck.resource(ns, "delete", "", "secrets", null, null));
    }
    if (spec.getRbac().getMode() == RbacSpec.Mode.Mirror) {
      checks.add(AccessCheck.resource(ns, "create", "rbac.authorization.k8s.io", "rolebindings", null, null));
      checks.add(AccessCheck.resource(ns, "create", "rbac.authorization.k8s.io", "roles", null, null));
    }
    return checks;
  }

  private static String describe(AccessCheck c) {
    String resource = c.resource() + (c.subresource() == null ? "" : "/" + c.subresource())
        + (c.apiGroup() == null || c.apiGroup().isEmpty() ? "" : "." + c.apiGroup());
    return c.verb() + " " + resource + (c.name() == null ? "" : " " + c.name())
        + (c.namespace() == null ? "" : " in namespace " + c.namespace());
  }
}
