package io.cutover.policy;

import io.cutover.api.v1alpha1.ApiRules;
import io.cutover.api.v1alpha1.ClusterRef;
import io.cutover.api.v1alpha1.MigrationPolicySpec;
import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.PlanStatus;
import io.cutover.api.v1alpha1.PolicyAllowances;
import io.cutover.api.v1alpha1.PolicyCluster;
import io.cutover.api.v1alpha1.PolicyScope;
import io.cutover.api.v1alpha1.RelyingParty;
import io.cutover.api.v1alpha1.RevokeSpec;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.plan.Identities;
import io.cutover.rbac.ServiceAccountIdentity;
import io.cutover.trust.WorkloadIdentity;
import io.cutover.validate.Durations;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a migration may declare and plan under its MigrationPolicy, or under the default without one; pure, so every
 * rule is tested without a cluster. Each refusal names the field and what the policy permits. RBAC grants are not
 * decided here but by the API server ({@link PolicyAuthority}).
 */
public final class PolicyRules {
  /** Matches any value in a policy's lists. */
  public static final String ANY = "*";

  /**
   * Without a policy nothing beyond the defaults, but the requester may approve: they must hold the rights the
   * migration exercises in their own namespace themselves ({@link PolicyAuthority}), so approving adds nothing.
   */
  private static PolicyAllowances defaultAllowances() {
    PolicyAllowances allow = new PolicyAllowances();
    allow.setSelfApproval(true);
    return allow;
  }

  private PolicyRules() {}

  /** A migration as the rules see it: its namespace, its spec (defaults applied) and identities. */
  public record Request(String migrationNamespace, ServiceAccountMigrationSpec spec, Identities ids) {}

  /** Refusals of the declared migration; {@code policy} empty: the default (its own namespace of the own cluster). */
  public static List<String> refusals(Request r, Optional<MigrationPolicySpec> policy, ProtectedIdentities protect) {
    List<String> out = new ArrayList<>();
    ServiceAccountMigrationSpec spec = r.spec();
    if (spec.getRequester() == null || spec.getRequester().getUsername() == null) {
      out.add("spec.requester is required: the user who creates the migration (kubectl auth whoami)");
    }
    if (spec.getCutover().isApproved() && spec.getCutover().getApprovedBy() == null) {
      out.add("spec.cutover.approvedBy is required with approved: true (kubectl cutover approve sets both)");
    }
    protectedNamespace(out, "source", r.ids().source(), protect);
    protectedNamespace(out, "target", r.ids().target(), protect);
    if (policy.isEmpty()) {
      ownNamespaceOnly(out, r);
      options(out, spec, defaultAllowances(), "the default without spec.policy");
      return out;
    }
    MigrationPolicySpec p = policy.get();
    String name = "policy " + spec.getPolicy();
    if (!matches(p.getMigrationNamespaces(), r.migrationNamespace())) {
      out.add(name + " is not for migrations in namespace " + r.migrationNamespace() + " (migrationNamespaces "
          + p.getMigrationNamespaces() + ")");
    }
    scope(out, name, "source", p.getSource(), spec.getSource().getCluster(), r.ids().sourceCluster(), r.ids().source());
    scope(out, name, "target", p.getTarget(), spec.getTarget() == null ? null : spec.getTarget().getCluster(),
        r.ids().targetCluster(), r.ids().target());
    options(out, spec, p.getAllow(), name);
    return out;
  }

  /** Refusals of what the plan would write on the target, and of moving an identity the migrator's role is bound to. */
  public static List<String> planRefusals(Request r, Optional<MigrationPolicySpec> policy, ProtectedIdentities protect,
      PlanStatus plan) {
    List<String> out = new ArrayList<>();
    String name = policy.isPresent() ? "policy " + r.spec().getPolicy() : "the default without spec.policy";
    boolean clusterRoles = policy.map(p -> p.getAllow().isClusterRoles()).orElse(false);
    List<String> namespaces = policy.map(p -> p.getTarget().getNamespaces()).orElse(List.of(r.migrationNamespace()));
    for (var binding : plan.getBindings()) {
      // The migrator's ClusterRole, or its Role of the same name in a namespace in its scope.
      if (protect.migratorRole().equals(binding.roleName())) {
        out.add("the source identity is bound to the migrator's role " + protect.migratorRole() + " ("
            + binding.kind() + " " + binding.name() + "): it is never moved");
      }
    }
    for (ObjectRef object : plan.getTargetObjects()) {
      String ns = object.namespace();
      if (ns == null || ns.isEmpty()) {
        if (!clusterRoles && !object.kind().equals("Namespace")) {
          out.add(name + " does not allow creating " + object + " on the target (allow.clusterRoles)");
        }
      } else if (protect.isProtected(ns)) {
        out.add("the plan would create " + object + " in protected namespace " + ns);
      } else if (!matches(namespaces, ns)) {
        out.add(name + " does not allow writing " + object + " in namespace " + ns + " on the target (target"
            + " namespaces " + namespaces + ")");
      }
    }
    return out;
  }

  private static void protectedNamespace(List<String> out, String side, ServiceAccountIdentity id,
      ProtectedIdentities protect) {
    if (protect.isProtected(id.namespace())) {
      out.add("spec." + side + ": namespace " + id.namespace() + " is protected; no migration moves an identity "
          + (side.equals("source") ? "from" : "into") + " it");
    }
  }

  private static void ownNamespaceOnly(List<String> out, Request r) {
    String ns = r.migrationNamespace();
    String local = ApiRules.RESERVED_CLUSTER_NAME;
    if (!local.equals(r.ids().sourceCluster()) || !local.equals(r.ids().targetCluster())) {
      out.add("without spec.policy a migration stays on the operator's own cluster (spec.source.cluster and"
          + " spec.target.cluster omitted); name a MigrationPolicy that permits the clusters");
    }
    if (!ns.equals(r.ids().source().namespace()) || !ns.equals(r.ids().target().namespace())) {
      out.add("without spec.policy a migration moves an identity only within its own namespace " + ns
          + "; name a MigrationPolicy that permits namespaces " + r.ids().source().namespace() + " and "
          + r.ids().target().namespace());
    }
  }

  private static void scope(List<String> out, String name, String side, PolicyScope scope, ClusterRef ref,
      String cluster, ServiceAccountIdentity id) {
    if (scope.getClusters().stream().noneMatch(c -> clusterMatches(c, ref, cluster))) {
      out.add(name + " does not permit " + side + " cluster " + cluster
          + (ref != null && ref.getKubeconfigSecretRef() != null ? " (kubeconfig Secret "
              + ref.getKubeconfigSecretRef().getName() + ")" : ""));
    }
    if (!matches(scope.getNamespaces(), id.namespace())) {
      out.add(name + " does not permit " + side + " namespace " + id.namespace() + " (" + side + ".namespaces "
          + scope.getNamespaces() + ")");
    }
    if (!matches(scope.getServiceAccounts(), id.name())) {
      out.add(name + " does not permit " + side + " ServiceAccount " + id.name() + " (" + side
          + ".serviceAccounts " + scope.getServiceAccounts() + ")");
    }
  }

  private static boolean clusterMatches(PolicyCluster c, ClusterRef ref, String cluster) {
    boolean name = c.getName() == null || c.getName().equals(cluster);
    boolean secret = c.getKubeconfigSecret() == null
        || (ref != null && ref.getKubeconfigSecretRef() != null
            && c.getKubeconfigSecret().equals(ref.getKubeconfigSecretRef().getName()));
    return name && secret;
  }

  private static void options(List<String> out, ServiceAccountMigrationSpec spec, PolicyAllowances allow, String name) {
    if (spec.getRbac().isAllowEscalation() && !allow.isEscalation()) {
      out.add(name + " does not allow spec.rbac.allowEscalation");
    }
    for (String secret : spec.getSecrets()) {
      if (!matches(allow.getSecrets(), secret)) {
        out.add(name + " does not allow copying Secret " + secret + " (allow.secrets " + allow.getSecrets() + ")");
      }
    }
    if (spec.isMoveSecrets() && !allow.isMoveSecrets()) {
      out.add(name + " does not allow spec.moveSecrets");
    }
    RevokeSpec revoke = spec.getCutover().getRevoke();
    if ((!revoke.isLegacyTokenSecrets() || !revoke.isBindings()
        || revoke.getServiceAccount() != RevokeSpec.ServiceAccountAction.Delete) && !allow.isRevocationOff()) {
      out.add(name + " does not allow turning a revocation off (spec.cutover.revoke; allow.revocationOff)");
    }
    if (spec.getCutover().isApproved() && spec.getCutover().getApprovedBy() != null && spec.getRequester() != null
        && spec.getCutover().getApprovedBy().getUsername().equals(spec.getRequester().getUsername())
        && !allow.isSelfApproval()) {
      out.add(name + " does not allow the requester to approve their own cutover (allow.selfApproval)");
    }
    List<String> audiences = new ArrayList<>(spec.getTokens().getAudiences());
    for (RelyingParty party : spec.getTrust().getRelyingParties()) {
      Optional.ofNullable(party.getAudience()).or(() -> WorkloadIdentity.defaultAudience(party.getKind()))
          .ifPresent(audiences::add);
      if (party.getProbeUrl() != null && !allow.getProbeHosts().contains(host(party.getProbeUrl()))) {
        out.add(name + " does not allow probing host " + host(party.getProbeUrl()) + " (relying party "
            + party.getName() + "; allow.probeHosts " + allow.getProbeHosts() + ")");
      }
    }
    for (String audience : audiences.stream().distinct().toList()) {
      if (!allow.getAudiences().contains(ANY) && !allow.getAudiences().contains(audience)) {
        out.add(name + " does not allow tokens for audience " + audience + " (allow.audiences "
            + allow.getAudiences() + ")");
      }
    }
    if (allow.getMaxWindow() != null
        && Durations.parse(spec.getDualRun().getWindow()).compareTo(Durations.parse(allow.getMaxWindow())) > 0) {
      out.add(name + " allows a dual-run window of at most " + allow.getMaxWindow() + ", not "
          + spec.getDualRun().getWindow());
    }
  }

  private static String host(String url) {
    try {
      String host = URI.create(url).getHost();
      return host == null ? "(none)" : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "(unreadable)";
    }
  }

  /** A name, a prefix ending in {@value #ANY}, or {@value #ANY} itself. */
  static boolean matches(List<String> patterns, String value) {
    if (value == null) {
      return false;
    }
    for (String p : patterns) {
      if (p.equals(ANY) || p.equals(value) || (p.endsWith(ANY) && value.startsWith(p.substring(0, p.length() - 1)))) {
        return true;
      }
    }
    return false;
  }
}
