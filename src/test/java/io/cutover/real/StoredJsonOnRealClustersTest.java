package io.cutover.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What a real API server stores when a CRD of another version is installed (issue 16, item 4): the chart's CRD on the
 * control cluster is replaced for the test by an "older" one whose {@code spec.dualRun} has no schema (any JSON is
 * stored there, as a CRD from before the field's enum and type existed would store it). Migrations whose dual run
 * does not fit the operator's classes are refused naming the field, nothing reaches the target, and a good migration
 * created beside them keeps its deadline. The chart's CRD is put back afterwards, and the real API server again
 * refuses what it stored during the test.
 */
@RealClusterTest
class StoredJsonOnRealClustersTest {
  private static final ResourceDefinitionContext SAM = new ResourceDefinitionContext.Builder()
      .withGroup("cutover.io").withVersion("v1alpha1").withKind("ServiceAccountMigration")
      .withPlural("serviceaccountmigrations").withNamespaced(true).build();
  private static final String CRD = "serviceaccountmigrations.cutover.io";

  private final RealEnvironment env = RealEnvironment.get();
  private final KubernetesClient admin = env.control.client();

  @Test
  void underAnOlderCrdAMigrationTheOperatorCannotReadIsRefusedNamingTheFieldAndAGoodOneKeepsItsDeadline() {
    Scenario good = new Scenario(env, "rs-good", "orders-api").seed(Scenario.CONFIGMAP_GET)
        .grantMigratorOnTarget(Scenario.CONFIGMAP_GET, Scenario.NODES);
    Scenario bad = new Scenario(env, "rs-bad", "ledger-api");
    Map<String, Map<String, Object>> badDualRuns = new LinkedHashMap<>();
    badDualRuns.put("rs-unknown-enum", Map.of("window", "10m", "onDeadline", "Explode"));
    badDualRuns.put("rs-wrong-type", Map.of("window", Map.of("minutes", 10)));

    GenericKubernetesResource probe = raw(bad, "rs-probe", badDualRuns.get("rs-unknown-enum"));
    assertThat(dryRunCode(probe)).as("the chart's CRD refuses an unknown onDeadline").isEqualTo(422);

    CustomResourceDefinition chart = admin.apiextensions().v1().customResourceDefinitions().withName(CRD).get();
    try {
      installOlderCrd();
      Awaitility.await("the real API server serves the older schema").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200)).until(() -> dryRunCode(probe) == 201);

      badDualRuns.forEach((name, dualRun) -> asRequester().resource(raw(bad, name, dualRun)).create());
      good.apply(good.migrationYaml("rs-good", "6s", ""));

      ServiceAccountMigration done = good.awaitPhase("rs-good", Phase.Completed, Phase.Failed, Phase.RolledBack);
      assertThat(done.getStatus().getPhase()).as("the good migration; conditions: %s",
          done.getStatus().getConditions()).isEqualTo(Phase.Completed);
      assertThat(done.getStatus().getCutover().getLatenessMillis()).as("the good migration kept its deadline")
          .isLessThan(5_000L);

      Map<String, String> expected = Map.of(
          "rs-unknown-enum", "spec.dualRun.onDeadline: cannot be read: must be one of [Cutover, Rollback]",
          "rs-wrong-type", "spec.dualRun.window: cannot be read: must be a string");
      expected.forEach((name, message) -> {
        ServiceAccountMigration refused = good.awaitPhase(name, Phase.Failed, Phase.Completed, Phase.RolledBack);
        assertThat(refused.getStatus().getPhase()).as(name).isEqualTo(Phase.Failed);
        assertThat(Scenario.condition(refused, "Ready")).as(name).hasValueSatisfying(c -> {
          assertThat(c.getStatus()).isEqualTo("False");
          assertThat(c.getReason()).isEqualTo("InvalidSpec");
          assertThat(c.getMessage()).startsWith(message);
        });
      });
      Scenario.assertNothingOnTarget(env, bad.namespace, bad.serviceAccount);

      // Deleting them works too (the operator releases its finalizer), and leaves no unreadable object to the
      // tests that list migrations with the typed model after this one.
      badDualRuns.keySet().forEach(name -> admin.genericKubernetesResources(SAM).inNamespace(RealEnvironment.NAMESPACE)
          .withName(name).delete());
      badDualRuns.keySet().forEach(name -> assertThat(admin.genericKubernetesResources(SAM)
          .inNamespace(RealEnvironment.NAMESPACE).withName(name)
          .waitUntilCondition(java.util.Objects::isNull, 30, java.util.concurrent.TimeUnit.SECONDS))
          .as(name + " deleted").isNull());
    } finally {
      restore(chart);
    }
    Awaitility.await("the chart's CRD is served again").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200)).until(() -> dryRunCode(probe) == 422);
  }

  /** The chart's CRD with {@code spec.dualRun} reduced to "any object": what a CRD without that schema stores. */
  private void installOlderCrd() {
    admin.apiextensions().v1().customResourceDefinitions().withName(CRD).edit(crd -> {
      JSONSchemaProps spec = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties()
          .get("spec");
      JSONSchemaProps anyObject = new JSONSchemaProps();
      anyObject.setType("object");
      anyObject.setXKubernetesPreserveUnknownFields(true);
      spec.getProperties().put("dualRun", anyObject);
      return crd;
    });
  }

  private void restore(CustomResourceDefinition chart) {
    admin.apiextensions().v1().customResourceDefinitions().withName(CRD).edit(crd -> {
      crd.setSpec(chart.getSpec());
      return crd;
    });
  }

  private io.fabric8.kubernetes.client.dsl.MixedOperation<GenericKubernetesResource,
      io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
      io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> asRequester() {
    return env.as(RealEnvironment.REQUESTER).genericKubernetesResources(SAM);
  }

  /** A server-side dry run of {@code migration} as the requester: the HTTP code the real API server answers. */
  private int dryRunCode(GenericKubernetesResource migration) {
    try {
      asRequester().inNamespace(RealEnvironment.NAMESPACE).resource(migration).dryRun().create();
      return 201;
    } catch (KubernetesClientException e) {
      return e.getCode();
    }
  }

  /** A migration of {@code s}'s identity with {@code dualRun} as given, as JSON the typed model could not hold. */
  private GenericKubernetesResource raw(Scenario s, String name, Map<String, Object> dualRun) {
    ServiceAccountMigration typed = admin.getKubernetesSerialization()
        .unmarshal(s.migrationYaml(name, "10m", ""), ServiceAccountMigration.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> json = admin.getKubernetesSerialization().convertValue(typed, Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) json.get("spec");
    spec.put("dualRun", dualRun);
    return admin.getKubernetesSerialization().convertValue(json, GenericKubernetesResource.class);
  }
}
