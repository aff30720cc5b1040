package io.cutover.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a user sees on real clusters when a migration cannot, or must not, go through; and the dry run. */
@RealClusterTest
class ScenariosOnRealClustersTest {
  private final RealEnvironment env = RealEnvironment.get();

  @Test
  void aRoleGrantingWhatTheMigratorLacksStopsBeforeTheDualRunNamingThePermission() {
    PolicyRule update = new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
        .withVerbs("update").build();
    Scenario s = new Scenario(env, "rs-lacking", "writer").seed(update, Scenario.PODS).grantMigratorOnTarget(Scenario.PODS, Scenario.NODES);

    s.apply(s.migrationYaml("rs-lacking", "1m", ""));
    ServiceAccountMigration m = s.awaitPhase("rs-lacking", Phase.Failed, Phase.DualRun, Phase.Completed);

    assertThat(m.getStatus().getPhase()).isEqualTo(Phase.Failed);
    assertThat(Scenario.condition(m, "Ready")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("MigratorLacksPermission");
      assertThat(c.getMessage()).contains("update configmaps in namespace rs-lacking")
          .contains("docs/operations.md").doesNotContain("nodes");
    });
    assertThat(m.getStatus().getDualRun() == null || m.getStatus().getDualRun().getStartedAt() == null)
        .as("no dual run began").isTrue();
    Scenario.assertNothingOnTarget(env, "rs-lacking", "writer");
    Scenario.assertSourceUntouched(s);
  }

  @Test
  void aDryRunPlansAndWritesNothing() {
    Scenario s = new Scenario(env, "rs-dry", "reader").seed(Scenario.CONFIGMAP_GET, Scenario.PODS);

    s.apply(s.migrationYaml("rs-dry", "1m", "dryRun: true"));
    ServiceAccountMigration m = s.await("rs-dry", "planned", x -> x.getStatus() != null
        && x.getStatus().getPlan() != null && Scenario.condition(x, "Planned").isPresent());

    // The real cluster also binds built-in roles to groups the identity is in (system:authenticated, ...).
    assertThat(m.getStatus().getPlan().getBindings()).filteredOn(b -> "ServiceAccount".equals(b.subjectKind()))
        .extracting(b -> b.name()).containsExactlyInAnyOrder("reader-reader", "rs-dry-reader-nodes");
    assertThat(m.getStatus().getPlan().getLegacyTokenSecrets()).hasSize(1);
    assertThat(m.getStatus().getPlan().getWorkloads()).hasSize(1);
    Scenario.assertNothingOnTarget(env, "rs-dry", "reader");
    Scenario.assertSourceUntouched(s);
  }

  @Test
  void aTargetThatWouldGrantMoreIsAnEscalationAndStopsThePlan() {
    Scenario s = new Scenario(env, "rs-escalate", "app").seed(Scenario.CONFIGMAP_GET, Scenario.PODS)
        .grantMigratorOnTarget(Scenario.CONFIGMAP_GET, Scenario.PODS, Scenario.NODES);
    // The target already grants every ServiceAccount of the namespace (a group) what the source never granted.
    KubernetesClient target = env.target.client();
    target.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("rs-escalate").endMetadata()
        .build()).create();
    target.rbac().roles().inNamespace("rs-escalate").resource(new RoleBuilder().withNewMetadata()
        .withName("secret-admin").endMetadata().addNewRule().withApiGroups("").withResources("secrets")
        .withVerbs("get", "delete").endRule().build()).create();
    target.rbac().roleBindings().inNamespace("rs-escalate").resource(new RoleBindingBuilder().withNewMetadata()
        .withName("secret-admin").endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "secret-admin")
        .addNewSubject().withKind("Group").withName("system:serviceaccounts:rs-escalate").endSubject().build())
        .create();

    s.apply(s.migrationYaml("rs-escalate", "1m", ""));
    ServiceAccountMigration m = s.awaitPhase("rs-escalate", Phase.Failed, Phase.DualRun, Phase.Completed);

    assertThat(m.getStatus().getPhase()).isEqualTo(Phase.Failed);
    assertThat(Scenario.condition(m, "Ready")).hasValueSatisfying(c ->
        assertThat(c.getReason()).isEqualTo("EscalationDetected"));
    assertThat(m.getStatus().getPlan().getEscalations()).isNotEmpty();
    Scenario.assertSourceUntouched(s);
  }

  @Test
  void rollbackAtTheDeadlineRemovesWhatTheMigrationCreatedAndKeepsTheSource() {
    Scenario s = new Scenario(env, "rs-rollback", "app").seed(Scenario.CONFIGMAP_GET, Scenario.PODS)
        .grantMigratorOnTarget(Scenario.CONFIGMAP_GET, Scenario.PODS, Scenario.NODES);

    s.apply(s.migrationYaml("rs-rollback", "5s, onDeadline: Rollback", ""));
    ServiceAccountMigration m = s.awaitPhase("rs-rollback", Phase.RolledBack, Phase.Failed, Phase.Completed);

    assertThat(m.getStatus().getPhase()).as("conditions %s", m.getStatus().getConditions())
        .isEqualTo(Phase.RolledBack);
    Scenario.assertNothingOnTarget(env, "rs-rollback", "app");
    Scenario.assertSourceUntouched(s);
  }

  @Test
  void deletingTheMigrationDuringTheDualRunRollsBackAndReleasesTheFinalizer() {
    Scenario s = new Scenario(env, "rs-delete", "app").seed(Scenario.CONFIGMAP_GET, Scenario.PODS)
        .grantMigratorOnTarget(Scenario.CONFIGMAP_GET, Scenario.PODS, Scenario.NODES);
    s.apply(s.migrationYaml("rs-delete", "10m", ""));
    s.awaitPhase("rs-delete", Phase.DualRun);
    assertThat(env.target.client().serviceAccounts().inNamespace("rs-delete").withName("app").get())
        .as("the target identity during the dual run").isNotNull();

    s.migrations().inNamespace(RealEnvironment.NAMESPACE).withName("rs-delete").delete();
    s.migrations().inNamespace(RealEnvironment.NAMESPACE).withName("rs-delete")
        .waitUntilCondition(x -> x == null, 60, TimeUnit.SECONDS);

    Scenario.assertNothingOnTarget(env, "rs-delete", "app");
    Scenario.assertSourceUntouched(s);
  }

  @Test
  void aRollbackLeavesAForeignNamespaceAndTheSourceServiceAccountLabelledWithTheMigrationsUid() {
    Scenario s = new Scenario(env, "rs-labelled", "app").seed(Scenario.CONFIGMAP_GET, Scenario.PODS)
        .grantMigratorOnTarget(Scenario.CONFIGMAP_GET, Scenario.PODS, Scenario.NODES);
    KubernetesClient target = env.target.client();
    for (String ns : List.of("rs-labelled", "rs-labelled-other")) { // the target namespace exists before, and another
      target.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }
    String sourceUid = env.source.client().serviceAccounts().inNamespace("rs-labelled").withName("app").get()
        .getMetadata().getUid();
    String uid = s.apply(s.migrationYaml("rs-labelled", "10m", "")).getMetadata().getUid();
    s.awaitPhase("rs-labelled", Phase.DualRun);
    // Whoever may label objects marks them as the migration's, as the security review found possible.
    Scenario.labelAsMigrations(target.namespaces().withName("rs-labelled"), uid);
    Scenario.labelAsMigrations(target.namespaces().withName("rs-labelled-other"), uid);
    Scenario.labelAsMigrations(env.source.client().serviceAccounts().inNamespace("rs-labelled").withName("app"), uid);

    s.migrations().inNamespace(RealEnvironment.NAMESPACE).withName("rs-labelled")
        // A merge patch, as kubectl cutover rollback sends it: no resourceVersion, so the operator's status writes
        // cannot make it conflict (edit() did: 409 in CI).
        .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"spec\":{\"rollback\":true}}");
    ServiceAccountMigration m = s.awaitPhase("rs-labelled", Phase.RolledBack, Phase.Failed, Phase.Completed);

    assertThat(m.getStatus().getPhase()).as("conditions %s", m.getStatus().getConditions()).isEqualTo(Phase.RolledBack);
    for (String ns : List.of("rs-labelled", "rs-labelled-other")) {
      var left = target.namespaces().withName(ns).get();
      assertThat(left).as("labelled namespace %s", ns).isNotNull();
      assertThat(left.getMetadata().getDeletionTimestamp()).as("namespace %s is not being deleted", ns).isNull();
    }
    assertThat(env.source.client().serviceAccounts().inNamespace("rs-labelled").withName("app").get())
        .as("the labelled source ServiceAccount").isNotNull()
        .extracting(sa -> sa.getMetadata().getUid()).isEqualTo(sourceUid);
    Scenario.assertNothingOnTarget(env, "rs-labelled", "app");
    Scenario.assertSourceUntouched(s);
  }

  @Test
  void aRelyingPartyWhoseAudienceTheTargetApiServerAcceptsIsNeverSentAToken() throws IOException {
    Scenario s = new Scenario(env, "rs-replay", "app").seed(Scenario.CONFIGMAP_GET, Scenario.PODS)
        .grantMigratorOnTarget(Scenario.CONFIGMAP_GET, Scenario.PODS, Scenario.NODES);
    AtomicInteger requests = new AtomicInteger();
    HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    endpoint.createContext("/login", exchange -> {
      requests.incrementAndGet();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    endpoint.start();
    try {
      // The real kube-apiserver's own audience is its issuer: a token minted for it is one the API server accepts.
      s.apply(s.migrationYaml("rs-replay", "10m", """
          trust:
            relyingParties:
            - {name: vault, kind: Vault, audience: "%s", probeUrl: "http://127.0.0.1:%d/login"}
          """.formatted(env.target.issuer(), endpoint.getAddress().getPort())));
      ServiceAccountMigration m = s.await("rs-replay", "the trust gate's verdict on vault", x -> x.getStatus() != null
          && x.getStatus().getTrust() != null && x.getStatus().getTrust().getGate() != null
          && x.getStatus().getTrust().getGate().stream().anyMatch(c -> c.name().equals("RelyingParty:vault")));

      assertThat(m.getStatus().getTrust().getGate()).as("gate").anyMatch(c -> c.name().equals("RelyingParty:vault")
          && !c.passed() && c.message().startsWith("not probed: the target API server itself accepts"));
      assertThat(m.getStatus().getPhase()).isEqualTo(Phase.Provisioning);
      assertThat(requests).as("requests the probe endpoint received").hasValue(0);
    } finally {
      endpoint.stop(0);
      s.migrations().inNamespace(RealEnvironment.NAMESPACE).withName("rs-replay").delete();
      s.migrations().inNamespace(RealEnvironment.NAMESPACE).withName("rs-replay")
          .waitUntilCondition(x -> x == null, 60, TimeUnit.SECONDS);
    }
    Scenario.assertNothingOnTarget(env, "rs-replay", "app");
  }

  @Test
  void anIdentityBoundToTheBuiltInViewRoleMovesBoundToTheTargetsOwnView() {
    Scenario s = new Scenario(env, "rs-view", "viewer").seed(Scenario.CONFIGMAP_GET);
    env.source.client().rbac().roleBindings().inNamespace("rs-view").resource(new RoleBindingBuilder()
        .withNewMetadata().withName("viewer-view").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "view").addNewSubject().withKind("ServiceAccount")
        .withName("viewer").withNamespace("rs-view").endSubject().build()).create();
    // To bind the target's view in rs-view the migrator must hold what view grants there (or bind on it).
    List<PolicyRule> view = env.target.client().rbac().clusterRoles().withName("view").get().getRules();
    s.grantMigratorOnTarget(concat(view, Scenario.CONFIGMAP_GET, Scenario.NODES));

    s.apply(s.migrationYaml("rs-view", "3s", ""));
    ServiceAccountMigration m = s.awaitPhase("rs-view", Phase.Completed, Phase.Failed, Phase.RolledBack);

    assertThat(m.getStatus().getPhase()).as("conditions %s", m.getStatus().getConditions()).isEqualTo(Phase.Completed);
    assertThat(env.target.client().rbac().roleBindings().inNamespace("rs-view").list().getItems())
        .as("the target binds its own built-in view")
        .anySatisfy(b -> assertThat(b.getRoleRef().getName()).isEqualTo("view"));
    assertThat(env.target.client().rbac().clusterRoles().withLabel("cutover.io/migration-uid",
        m.getMetadata().getUid()).list().getItems()).as("no copy of a built-in role")
        .noneMatch(r -> "view".equals(r.getMetadata().getAnnotations().get("cutover.io/source-name")));
  }

  @Test
  void keepingTheSourceServiceAccountWithAGroupGrantLeftOnTheSourceEndsVerifiedFalsePermissionsRemain() {
    Scenario s = new Scenario(env, "rs-keep", "app").seed(Scenario.CONFIGMAP_GET, Scenario.PODS)
        .grantMigratorOnTarget(Scenario.CONFIGMAP_GET, Scenario.PODS, Scenario.NODES);
    // Left on the source: every ServiceAccount of the namespace holds what the identity's own Role grants.
    var groupGrant = env.source.client().rbac().roleBindings().inNamespace("rs-keep").resource(new RoleBindingBuilder()
        .withNewMetadata().withName("every-sa-reads").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", s.role()).addNewSubject().withKind("Group")
        .withApiGroup("rbac.authorization.k8s.io").withName("system:serviceaccounts:rs-keep").endSubject().build());
    groupGrant.create();
    String legacyToken = s.legacyToken(); // deleted at cutover

    s.apply(s.migrationYaml("rs-keep", "3s", """
        cutover:
          revoke: {serviceAccount: Keep}
        """));
    ServiceAccountMigration m = s.await("rs-keep", "Verified=False PermissionsRemain", x -> x.getStatus() != null
        && (x.getStatus().getPhase() == Phase.Completed || x.getStatus().getPhase() == Phase.Failed
            || Scenario.condition(x, "Verified").filter(c -> "PermissionsRemain".equals(c.getReason())
                && !c.getMessage().contains("nodes")).isPresent()));

    assertThat(m.getStatus().getPhase()).as("conditions %s", m.getStatus().getConditions()).isEqualTo(Phase.Verifying);
    assertThat(Scenario.condition(m, "Verified")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getMessage()).contains("get configmaps app-config in rs-keep")
          .contains("system:serviceaccount:rs-keep:app").doesNotContain(legacyToken);
    });
    assertThat(Scenario.condition(m, "Ready")).hasValueSatisfying(c ->
        assertThat(c.getReason()).isEqualTo("PermissionsRemain"));
    assertThat(env.source.client().serviceAccounts().inNamespace("rs-keep").withName("app").get())
        .as("the kept source ServiceAccount").isNotNull();

    // The group grant removed, the next verification proves what it says.
    groupGrant.delete();
    m = s.awaitPhase("rs-keep", Phase.Completed, Phase.Failed);
    assertThat(m.getStatus().getPhase()).isEqualTo(Phase.Completed);
    assertThat(Scenario.condition(m, "Verified")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getMessage()).contains("kept").contains("denies all").doesNotContain("revoked");
    });
  }

  private static PolicyRule[] concat(List<PolicyRule> rules, PolicyRule... more) {
    List<PolicyRule> all = new java.util.ArrayList<>(rules);
    all.addAll(List.of(more));
    return all.toArray(PolicyRule[]::new);
  }



}
