package io.cutover.real;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.realcluster.OperatorDeployment;
import io.cutover.realcluster.RealCluster;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The chart's life on a real control plane of its own (so the shared one keeps its operator): install, upgrade
 * (the operator restarted from the upgraded Deployment keeps serving), and the documented uninstall — migrations
 * deleted first, so none is left on its finalizer — after which the CRD stays (Helm never deletes crds/).
 */
@RealClusterTest
class HelmLifecycleOnRealClustersTest {
  private final RealEnvironment env = RealEnvironment.get();

  @Test
  void installUpgradeAndUninstallLeaveNoMigrationOnItsFinalizerAndKeepTheCrd() throws Exception {
    Path work = env.work.resolve("helm-lifecycle");
    Files.createDirectories(work);
    try (RealCluster control = RealCluster.start("helm-control", work, env.binaries)) {
      Path values = env.chartValues(work);
      Release installed = new Helm(Path.of("helm/cutover")).install().withName("cutover")
          .withNamespace("cutover-system").createNamespace().withValuesFile(values)
          .withKubeConfig(control.kubeconfig()).call();
      assertThat(installed.getStatus()).isEqualTo("deployed");
      OperatorDeployment.writeKubeconfigSecrets(control, List.of(env.source, env.target));

      Release upgraded = new Helm(Path.of("helm/cutover")).upgrade().withName("cutover")
          .withNamespace("cutover-system").withValuesFile(values).set("logFormat", "json")
          .withKubeConfig(control.kubeconfig()).call();
      assertThat(upgraded.getRevision()).isEqualTo("2");
      assertThat(control.client().apps().deployments().inNamespace("cutover-system").withName("cutover").get()
          .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
          .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("LOG_FORMAT=json"));

      Scenario s = new Scenario(env, "rl-helm", "app").seed(new PolicyRuleBuilder().withApiGroups("")
          .withResources("pods").withVerbs("get").build());
      try (OperatorDeployment operator = OperatorDeployment.start(control, "cutover", work.resolve("operator"))) {
        var migrations = control.client().resources(ServiceAccountMigration.class).inNamespace("cutover-system");
        // This control cluster's administrator writes the migration, under the same policy as the shared one's.
        io.cutover.sandbox.SandboxPolicies.grant(control.client(), RealEnvironment.POLICY, env.policy(),
            RealCluster.ADMIN_USER, io.cutover.api.v1alpha1.MigrationPolicy.USE);
        ServiceAccountMigration written = control.client().getKubernetesSerialization().unmarshal(
            s.migrationYaml("rl-helm", "10m", "dryRun: true"), ServiceAccountMigration.class);
        written.getSpec().getRequester().setUsername(RealCluster.ADMIN_USER);
        migrations.resource(written).create();
        ServiceAccountMigration planned = migrations.withName("rl-helm").waitUntilCondition(m -> m != null
            && m.getStatus() != null && m.getStatus().getPlan() != null, 60, TimeUnit.SECONDS);
        assertThat(planned.getMetadata().getFinalizers()).as("the operator's finalizer").isNotEmpty();
        assertThat(Files.readString(operator.log())).as("the upgraded operator logs JSON").contains("{\"");

        // docs/operations.md, "Uninstalling": delete the migrations while the operator still runs.
        migrations.withName("rl-helm").delete();
        migrations.withName("rl-helm").waitUntilCondition(m -> m == null, 60, TimeUnit.SECONDS);
      }
      Helm.uninstall("cutover").withNamespace("cutover-system")
          .withKubeConfig(control.kubeconfig()).call();

      assertThat(control.client().apiextensions().v1().customResourceDefinitions()
          .withName("serviceaccountmigrations.cutover.io").get()).as("the CRD after uninstall").isNotNull();
      assertThat(control.client().resources(ServiceAccountMigration.class).inAnyNamespace().list().getItems())
          .as("migrations left").isEmpty();
      assertThat(control.client().apps().deployments().inNamespace("cutover-system").withName("cutover").get())
          .as("the Deployment after uninstall").isNull();
    }
  }
}
