package io.cutover.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.MigrationPolicy;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.realcluster.OperatorDeployment;
import io.cutover.sandbox.SandboxPolicies;
import io.cutover.testing.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who may do what through a migration, on the real control plane with the chart's ValidatingAdmissionPolicy and the
 * operator's checks (docs/security.md, "Who can do what"). Each attack chain of issue 15 — (a) the migrator itself,
 * (b) Secrets of kube-system, (c) an outage of kube-system/coredns, (d) a dry run as reconnaissance, (e) planting
 * Secrets, (f) self-granted escalation — is tried with the real kubectl ({@code --as}) by a user who may create
 * migrations but holds no policy, then by one holding a narrow policy: each ends refused at admission, and a plan
 * outside the narrow policy {@code NotPermitted}, with nothing written to source or target.
 */
@RealClusterTest
class PolicyOnRealClustersTest {
  static final String NO_POLICY = "mallory";
  static final String NARROW = "bob";
  static final String NARROW_POLICY = "rp-narrow";
  private final RealEnvironment env = RealEnvironment.get();

  private static boolean granted;

  PolicyOnRealClustersTest() {
    synchronized (PolicyOnRealClustersTest.class) {
      if (!granted) {
        env.grantAuthor(NO_POLICY);
        env.grantAuthor(NARROW);
        var narrow = env.policy();
        narrow.getSource().setNamespaces(new ArrayList<>(List.of("rp-narrow")));
        narrow.getTarget().setNamespaces(new ArrayList<>(List.of("rp-narrow")));
        narrow.setAllow(new io.cutover.api.v1alpha1.PolicyAllowances());
        narrow.getAllow().setAudiences(new ArrayList<>(List.of(Scenario.AUDIENCE)));
        SandboxPolicies.grant(env.control.client(), NARROW_POLICY, narrow, NARROW, MigrationPolicy.USE);
        granted = true;
      }
    }
  }

  /** The chains, as YAML spec lines under policy {@code policy} (empty: none) for {@code user}. */
  static Map<String, String> chains(String user, String policy, String ownNamespaceSecret) {
    String head = (policy.isEmpty() ? "" : "policy: " + policy + "\n") + "requester: {username: " + user + "}\n";
    String clusters = "  cluster: {name: source, kubeconfigSecretRef: {name: source-kubeconfig}}\n";
    String target = "target:\n  cluster: {name: target, kubeconfigSecretRef: {name: target-kubeconfig}}\n";
    return Map.of(
        "(a) the migrator itself", head + "source:\n" + clusters + "  namespace: " + OperatorDeployment.NAMESPACE
            + "\n  serviceAccount: " + OperatorDeployment.MIGRATOR + "\n" + target + "  namespace: loot\n"
            + "tokens: {secretName: loot-token}\n",
        "(b) Secrets of kube-system", head + "source:\n" + clusters + "  namespace: kube-system\n"
            + "  serviceAccount: coredns\n" + target + "  namespace: loot\nsecrets: [" + ownNamespaceSecret + "]\n",
        "(c) an outage of coredns", head + "source:\n" + clusters + "  namespace: kube-system\n"
            + "  serviceAccount: coredns\n" + target + "dualRun: {window: 1s}\n"
            + "cutover: {approved: true, approvedBy: {username: " + user + "}}\n",
        "(d) a dry run as reconnaissance", head + "source:\n" + clusters + "  namespace: rs-view\n"
            + "  serviceAccount: viewer\n" + target + "dryRun: true\n",
        "(e) planting labelled Secrets", head + "source:\n" + clusters + "  namespace: rp-narrow\n"
            + "  serviceAccount: app\n" + target + "secrets: [argocd-cluster-prod]\n",
        "(f) self-granted escalation", head + "source:\n" + clusters + "  namespace: rp-narrow\n"
            + "  serviceAccount: app\n" + target + "rbac: {allowEscalation: true}\n");
  }

  private Kubectl.Result applyAs(String user, String name, String spec) throws Exception {
    Path file = env.work.resolve(name + ".yaml");
    Files.writeString(file, """
        apiVersion: cutover.io/v1alpha1
        kind: ServiceAccountMigration
        metadata: {name: %s, namespace: %s}
        spec:
        %s""".formatted(name, RealEnvironment.NAMESPACE, spec.indent(2)));
    return env.kubectl.run(env.control.kubeconfig(), "--as", user, "apply", "-f", file.toString());
  }

  @Test
  void aUserWhoMayCreateMigrationsButHoldsNoPolicyIsRefusedAtAdmissionForEveryChain() throws Exception {
    int i = 0;
    for (String policy : List.of(RealEnvironment.POLICY, "")) {
      for (var chain : chains(NO_POLICY, policy, "cutover-system-kubeconfig").entrySet()) {
        String name = "rp-none-" + i++;
        Kubectl.Result r = applyAs(NO_POLICY, name, chain.getValue());
        assertThat(r.exitCode()).as("%s under %s: %s", chain.getKey(), policy, r.out()).isNotZero();
        assertThat(r.err()).as(chain.getKey()).contains("ValidatingAdmissionPolicy")
            // Several validations may refuse one chain; which the API server reports first is its choice.
            .containsAnyOf("mallory may not use MigrationPolicy " + RealEnvironment.POLICY,
                "without spec.policy a migration moves an identity only within its own namespace",
                "are protected: no migration moves an identity from or into them",
                "MigrationPolicy " + RealEnvironment.POLICY + " does not");
        assertThat(env.control.client().resources(ServiceAccountMigration.class).inNamespace(RealEnvironment.NAMESPACE)
            .withName(name).get()).as("nothing stored for %s", chain.getKey()).isNull();
      }
    }
    // Nor may they write a migration in someone else's name.
    // (A plain migration alice's policy permits, so that only the requester is wrong.)
    Kubectl.Result impersonating = applyAs(NO_POLICY, "rp-none-alice", chains(RealEnvironment.REQUESTER,
        RealEnvironment.POLICY, "x").get("(f) self-granted escalation").replace("rbac: {allowEscalation: true}\n", ""));
    assertThat(impersonating.err()).contains("spec.requester.username must be mallory");
    assertThat(env.target.client().namespaces().withName("loot").get()).as("target namespace loot").isNull();
  }

  @Test
  void aNarrowPolicyHolderIsRefusedAtAdmissionOrNotPermittedWithZeroWrites() throws Exception {
    Scenario s = new Scenario(env, "rp-narrow", "app").seed(Scenario.PODS);
    Map<String, String> chains = chains(NARROW, NARROW_POLICY, "app-legacy-token");
    // (a)-(c) are refused by both admission policies (a protected namespace, one outside the narrow policy); which
    // the API server reports first is its choice.
    String outside = "MigrationPolicy rp-narrow does not permit source namespace ";
    Map<String, String> refusals = Map.of(
        "(a) the migrator itself", outside + "cutover-system",
        "(b) Secrets of kube-system", outside + "kube-system",
        "(c) an outage of coredns", outside + "kube-system",
        "(d) a dry run as reconnaissance", "MigrationPolicy rp-narrow does not permit source namespace rs-view",
        "(e) planting labelled Secrets", "MigrationPolicy rp-narrow does not allow copying every Secret in spec.secrets",
        "(f) self-granted escalation", "MigrationPolicy rp-narrow does not allow spec.rbac.allowEscalation");
    // Admission: protected namespaces (cutover-requester) and the policy's own scope and options (cutover-policy-scope).
    for (var chain : refusals.entrySet()) {
      Kubectl.Result r = applyAs(NARROW, "rp-narrow-" + chain.getKey().charAt(1), chains.get(chain.getKey()));
      assertThat(r.exitCode()).as("%s: %s", chain.getKey(), r.out()).isNotZero();
      assertThat(r.err()).as(chain.getKey()).contains("ValidatingAdmissionPolicy").containsAnyOf(chain.getValue(),
          "are protected: no migration moves an identity from or into them");
    }
    // What admission cannot see, the operator refuses before writing: the plan would create the identity's
    // ClusterRole on the target, which the narrow policy does not allow (allow.clusterRoles).
    Kubectl.Result plain = applyAs(NARROW, "rp-narrow-plan", chains.get("(f) self-granted escalation")
        .replace("rbac: {allowEscalation: true}\n", "tokens: {audiences: [" + Scenario.AUDIENCE + "]}\n"));
    assertThat(plain.exitCode()).as("admitted: %s", plain.err()).isZero();
    ServiceAccountMigration m = s.awaitPhase("rp-narrow-plan", Phase.Failed, Phase.Planned, Phase.DualRun,
        Phase.Completed);
    assertThat(m.getStatus().getPhase()).isEqualTo(Phase.Failed);
    var ready = Scenario.condition(m, Conditions.READY).orElseThrow();
    assertThat(ready.getReason()).isEqualTo(Conditions.Reason.NOT_PERMITTED);
    assertThat(ready.getMessage()).contains("policy " + NARROW_POLICY + " does not allow creating ClusterRole")
        .contains("allow.clusterRoles");
    Scenario.assertNothingOnTarget(env, "rp-narrow", "app");
    Scenario.assertSourceUntouched(s);
    assertThat(env.target.client().namespaces().withName("loot").get()).as("target namespace loot").isNull();
  }

  @Test
  void aPolicyRevokedDuringTheDualRunRollsTheMigrationBackBeforeAnythingIsRevoked() throws Exception {
    String user = "carol";
    env.grantAuthor(user);
    var spec = env.policy();
    SandboxPolicies.grant(env.control.client(), "rp-carol", spec, user, MigrationPolicy.USE);
    Scenario s = new Scenario(env, "rp-revoked", "app").seed(Scenario.PODS).grantMigratorOnTarget(Scenario.PODS,
        Scenario.NODES);
    String yaml = s.migrationYaml("rp-revoked", "10m", "").replace("policy: " + RealEnvironment.POLICY,
        "policy: rp-carol").replace("username: " + RealEnvironment.REQUESTER, "username: " + user);
    env.as(user).resources(ServiceAccountMigration.class).resource(env.control.client().getKubernetesSerialization()
        .unmarshal(yaml, ServiceAccountMigration.class)).create();
    s.awaitPhase("rp-revoked", Phase.DualRun);

    env.control.client().rbac().clusterRoleBindings().withName("cutover-policy-rp-carol").delete();

    ServiceAccountMigration m = s.awaitPhase("rp-revoked", Phase.RolledBack, Phase.Completed, Phase.Failed);
    assertThat(m.getStatus().getPhase()).isEqualTo(Phase.RolledBack);
    assertThat(m.getStatus().getHistory()).anySatisfy(h -> {
      assertThat(h.phase()).isEqualTo(Phase.RollingBack);
      assertThat(h.reason()).isEqualTo(Conditions.Reason.NOT_PERMITTED);
      assertThat(h.message()).contains("carol may not use migrationpolicies.cutover.io rp-carol");
    });
    Scenario.assertNothingOnTarget(env, "rp-revoked", "app");
    Scenario.assertSourceUntouched(s);
  }
}
