package io.cutover.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Invariant 9 on the real control planes (issue 17): the identity moves whole — {@code automountServiceAccountToken:
 * false} stays false, and a permission that reaches it only through the group {@code system:serviceaccounts:NS} is
 * carried to it alone, as the real RBAC authorizer decides (no other ServiceAccount of the target namespace gains it)
 * — and an identity whose permission cannot be carried stops before the dual run with the source untouched, then
 * completes once the spec accepts exactly that loss.
 */
@RealClusterTest
class WholeIdentityOnRealClustersTest {
  private final RealEnvironment env = RealEnvironment.get();

  @Test
  void automountOffAndAGroupGrantedPermissionMoveWithTheIdentityToAnotherNamespaceAndName() {
    Scenario s = new Scenario(env, "wi-group", "reporter").seed(Scenario.PODS)
        .grantMigratorOnTarget(Scenario.PODS, Scenario.NODES);
    KubernetesClient source = env.source.client();
    source.serviceAccounts().inNamespace(s.namespace).withName(s.serviceAccount)
        .edit(sa -> new ServiceAccountBuilder(sa).withAutomountServiceAccountToken(false).build());
    // One permission only the namespace's group holds: every ServiceAccount of wi-group may read ServiceAccounts.
    source.rbac().roles().inNamespace(s.namespace).resource(new RoleBuilder().withNewMetadata().withName("sa-reader")
        .endMetadata().addNewRule().withApiGroups("").withResources("serviceaccounts").withVerbs("get").endRule()
        .build()).create();
    source.rbac().roleBindings().inNamespace(s.namespace).resource(new RoleBindingBuilder().withNewMetadata()
        .withName("all-sas-read-sas").endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "sa-reader")
        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group")
        .withName("system:serviceaccounts:" + s.namespace).endSubject().build()).create();
    assertThat(allowed(env.source.client(), s.namespace, s.serviceAccount, s.namespace))
        .as("the real authorizer grants it to the source identity through its group").isTrue();
    String targetNs = "wi-group-v2";
    env.migratorIn(targetNs);
    KubernetesClient target = env.target.client();
    target.serviceAccounts().inNamespace(targetNs).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("bystander").endMetadata().build()).create();

    s.apply(s.migrationYamlTo("wi-group", "6s", "", targetNs, "reporter-v2"));
    ServiceAccountMigration done = s.awaitPhase("wi-group", Phase.Completed, Phase.Failed, Phase.RolledBack);

    assertThat(done.getStatus().getPhase()).as("phase; conditions: %s", conditions(done))
        .isEqualTo(Phase.Completed);
    ServiceAccount moved = target.serviceAccounts().inNamespace(targetNs).withName("reporter-v2").get();
    assertThat(moved.getAutomountServiceAccountToken()).as("automountServiceAccountToken on the target").isFalse();
    assertThat(allowed(target, targetNs, "reporter-v2", targetNs)).as("the group-granted permission, carried").isTrue();
    assertThat(allowed(target, targetNs, "bystander", targetNs))
        .as("another ServiceAccount of the target namespace gains nothing").isFalse();
    List<RoleBinding> created = target.rbac().roleBindings().inNamespace(targetNs)
        .withLabel("cutover.io/migration-uid", done.getMetadata().getUid()).list().getItems();
    assertThat(created).isNotEmpty().allSatisfy(b -> assertThat(b.getSubjects())
        .extracting(x -> x.getKind() + ":" + x.getNamespace() + "/" + x.getName())
        .containsExactly("ServiceAccount:" + targetNs + "/reporter-v2"));
    assertThat(done.getStatus().getPlan().getEffectiveRules()).filteredOn(r -> "Group".equals(r.subjectKind()))
        .anySatisfy(r -> assertThat(r.resources()).contains("serviceaccounts"));
    assertThat(done.getStatus().getPlan().getLosses()).as("nothing lost, so the proof asks for the group grant too")
        .isEmpty();
    int checks = done.getStatus().getPlan().getAccessChecks();
    assertThat(done.getStatus().getVerification().getChecks()).as("the access proof on the real authorizer")
        .anySatisfy(c -> {
          assertThat(c.name()).isEqualTo("TargetAccessReview");
          assertThat(c.passed()).isTrue();
          assertThat(c.message()).startsWith(checks + " of " + checks);
        });
  }

  @Test
  void aPermissionThatCannotBeCarriedStopsTheMoveUntilTheSpecAcceptsIt() {
    Scenario s = new Scenario(env, "wi-loss", "worker").seed(Scenario.PODS)
        .grantMigratorOnTarget(Scenario.PODS, Scenario.NODES);
    KubernetesClient source = env.source.client();
    // A grant in a namespace the target does not have: it cannot be carried.
    kubectlCreateNamespace("wi-ledger");
    source.rbac().roles().inNamespace("wi-ledger").resource(new RoleBuilder().withNewMetadata().withName("writer")
        .endMetadata().addNewRule().withApiGroups("").withResources("configmaps").withVerbs("create").endRule().build())
        .create();
    source.rbac().roleBindings().inNamespace("wi-ledger").resource(new RoleBindingBuilder().withNewMetadata()
        .withName("writer").endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "writer")
        .addNewSubject().withKind("ServiceAccount").withNamespace(s.namespace).withName(s.serviceAccount).endSubject()
        .build()).create();
    String loss = "Permission/create configmaps in namespace wi-ledger";

    s.apply(s.migrationYaml("wi-loss", "6s", ""));
    ServiceAccountMigration stopped = s.await("wi-loss", "LossesNotAccepted", m -> Scenario.condition(m, "Ready")
        .filter(c -> "LossesNotAccepted".equals(c.getReason())).isPresent());

    assertThat(stopped.getStatus().getPhase()).as("kept out of the dual run").isEqualTo(Phase.Planning);
    assertThat(stopped.getStatus().getDualRun()).isNull();
    assertThat(Scenario.condition(stopped, "Ready").orElseThrow().getMessage()).contains(loss)
        .contains("spec.acceptLosses");
    assertThat(stopped.getStatus().getPlan().getIdentityLosses()).singleElement()
        .satisfies(l -> assertThat(l.id()).isEqualTo(loss));
    Scenario.assertNothingOnTarget(env, s.namespace, s.serviceAccount);
    Scenario.assertSourceUntouched(s);

    env.as(RealEnvironment.REQUESTER).resources(ServiceAccountMigration.class).inNamespace(RealEnvironment.NAMESPACE)
        .withName("wi-loss").edit(m -> {
          m.getSpec().setAcceptLosses(List.of(loss));
          return m;
        });
    ServiceAccountMigration done = s.awaitPhase("wi-loss", Phase.Completed, Phase.Failed, Phase.RolledBack);

    assertThat(done.getStatus().getPhase()).as("phase; conditions: %s", conditions(done))
        .isEqualTo(Phase.Completed);
    assertThat(done.getStatus().getPlan().getIdentityLosses()).singleElement()
        .satisfies(l -> assertThat(l.accepted()).isTrue());
  }

  /** A namespace on the source only, in the migrator's scope there (the cutover removes the identity's subject). */
  private void kubectlCreateNamespace(String name) {
    if (env.source.client().namespaces().withName(name).get() == null) {
      env.kubectl(env.source, "create", "namespace", name);
    }
    env.kubectl(env.source, "apply", "-k", RealEnvironment.MIGRATOR_NAMESPACE_OVERLAY, "-n", name);
  }

  private static String conditions(ServiceAccountMigration m) {
    return m.getStatus().getConditions().stream().map(c -> c.getType() + "=" + c.getStatus() + " " + c.getReason()
        + ": " + c.getMessage()).toList().toString();
  }

  /** The real authorizer's answer for a ServiceAccount (with the groups the API server gives it) to get ServiceAccounts. */
  private static boolean allowed(KubernetesClient cluster, String namespace, String name, String inNamespace) {
    return cluster.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder().withNewSpec()
        .withUser("system:serviceaccount:" + namespace + ":" + name)
        .withGroups("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated")
        .withNewResourceAttributes().withNamespace(inNamespace).withVerb("get").withResource("serviceaccounts")
        .endResourceAttributes().endSpec().build()).getStatus().getAllowed();
  }
}
