package io.cutover.e2e;

import static io.cutover.e2e.E2eEnvironment.ready;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.e2e.E2eEnvironment.Identity;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.cutover.testing.ReliabilityReport;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A migration whose stored JSON does not fit the operator's classes (the sandbox stores it with its CRD admission
 * off, as a real API server does with an older or newer CRD version installed) never stops the operator: it is
 * refused naming the field, and every other migration keeps its deadline.
 */
class StoredJsonTest extends EndToEndTest {
  /** Stores what the CRD's admission would refuse, as a real API server does with an older CRD installed. */
  @BeforeAll
  static void storeWhatAdmissionWouldRefuse() {
    env.sandbox.control().admission(false);
  }

  static final ResourceDefinitionContext SAM = new ResourceDefinitionContext.Builder().withGroup("cutover.io")
      .withVersion("v1alpha1").withKind("ServiceAccountMigration").withPlural("serviceaccountmigrations")
      .withNamespaced(true).build();

  @Test
  void aMigrationTheOperatorCannotReadIsRefusedNamingTheFieldAndTheOthersComplete() {
    Identity bad = env.seedIdentity("stored-bad", "ledger-api");
    Identity good = env.seedIdentity("stored-good", "orders-api");
    var unknownEnum = raw("unknown-enum", bad, Map.of("window", "10m", "onDeadline", "Explode"));
    var wrongType = raw("wrong-type", bad, Map.of("window", Map.of("minutes", 10)));
    env.control.genericKubernetesResources(SAM).inNamespace(E2eEnvironment.NS).resource(unknownEnum).create();
    env.control.genericKubernetesResources(SAM).inNamespace(E2eEnvironment.NS).resource(wrongType).create();

    env.create(env.migration("stored-good", good, spec -> spec.getDualRun().setWindow("4s")));
    ServiceAccountMigration done = env.awaitSettled("stored-good", Phase.Completed, "True", "Completed");
    assertThat(done.getStatus().getCutover().getLatenessMillis()).as("the good migration kept its deadline")
        .isLessThan(5_000L);

    Map<String, String> expected = Map.of(
        "unknown-enum", "spec.dualRun.onDeadline: cannot be read: must be one of [Cutover, Rollback]",
        "wrong-type", "spec.dualRun.window: cannot be read: must be a string");
    expected.forEach((name, message) -> {
      ServiceAccountMigration refused = env.awaitSettled(name, Phase.Failed, "False", "InvalidSpec");
      assertThat(ready(refused).getMessage()).as(name).startsWith(message);
      assertThat(env.targetObjectsOf(refused.getMetadata().getUid())).as(name + ": nothing on the target").isEmpty();
    });
    ReliabilityReport.add(ReliabilityReport.Counter.MALFORMED_INPUTS, 2);
  }

  @Test
  void aStatusTheOperatorCannotReadIsLeftAsItIsAndTheOthersComplete() {
    Identity damaged = env.seedIdentity("stored-status", "audit-api");
    Identity good = env.seedIdentity("stored-good-2", "orders-api");
    env.create(env.migration("damaged-status", damaged, spec -> spec.getDualRun().setWindow("10m")));
    env.awaitPhase("damaged-status", Phase.DualRun);
    // Damage the status only once the operator has stopped writing it (waiting for the 10 min deadline), so no
    // status write already in flight lands after the damage.
    String[] version = {env.get("damaged-status").getMetadata().getResourceVersion()};
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .pollInterval(java.time.Duration.ofMillis(1500)).until(() -> {
          String now = env.get("damaged-status").getMetadata().getResourceVersion();
          boolean settled = now.equals(version[0]);
          version[0] = now;
          return settled;
        });
    var resource = env.control.genericKubernetesResources(SAM).inNamespace(E2eEnvironment.NS).withName("damaged-status");
    GenericKubernetesResource stored = resource.get();
    @SuppressWarnings("unchecked")
    Map<String, Object> status = (Map<String, Object>) stored.getAdditionalProperties().get("status");
    status.put("phase", "Exploded");
    resource.updateStatus(stored);

    env.create(env.migration("stored-good-2", good, spec -> spec.getDualRun().setWindow("3s")));
    env.awaitSettled("stored-good-2", Phase.Completed, "True", "Completed");

    @SuppressWarnings("unchecked")
    Map<String, Object> after = (Map<String, Object>) resource.get().getAdditionalProperties().get("status");
    assertThat(after.get("phase")).as("the damaged status is not written over").isEqualTo("Exploded");
    assertThat(env.source.serviceAccounts().inNamespace("stored-status").withName("audit-api").get())
        .as("nothing revoked on a guess").isNotNull();
    ReliabilityReport.increment(ReliabilityReport.Counter.MALFORMED_INPUTS);
  }

  private static GenericKubernetesResource raw(String name, Identity id, Map<String, Object> dualRun) {
    var sam = env.migration(name, id, spec -> { });
    Map<String, Object> json = env.control.getKubernetesSerialization().convertValue(sam, Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) json.get("spec");
    spec.put("dualRun", dualRun);
    return env.control.getKubernetesSerialization().convertValue(json, GenericKubernetesResource.class);
  }
}
