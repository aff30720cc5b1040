package io.cutover.e2e;

import static io.cutover.e2e.E2eEnvironment.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.e2e.E2eEnvironment.Identity;
import io.cutover.testing.ReliabilityReport;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Who may migrate what, on the sandbox with the real operator: the policy, the operator's own spec validation (of
 * what the sandbox stores with its CRD admission off, as an API server with an older CRD does), and one migration
 * per target identity.
 */
class AdmissionEndToEndTest extends EndToEndTest {

  @Test
  void aMigrationCreatedOutsideThePolicyFailsNotPermittedBeforeTouchingAnyCluster() {
    Identity id = env.seedIdentity("rogue-src", "cart-api");
    env.control.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("rogue").endMetadata().build()).create();
    var sourceBefore = env.sourceSnapshot(id);
    ServiceAccountMigration sam = env.migration("rogue-cart", id, spec -> { });
    sam.getMetadata().setNamespace("rogue");
    // No kubeconfig Secrets exist in "rogue": had the operator tried to reach the source, the reason would be
    // KubeconfigSecretNotFound. NotPermitted means it stopped before.
    var rogue = env.control.resources(ServiceAccountMigration.class).inNamespace("rogue");
    rogue.resource(sam).create();

    ServiceAccountMigration failed = await("rogue-cart fails").atMost(E2eEnvironment.TIMEOUT).pollInterval(Duration.ofMillis(50))
        .until(() -> rogue.withName("rogue-cart").get(),
            s -> s.getStatus() != null && s.getStatus().getPhase() == Phase.Failed);
    assertThat(ready(failed).getReason()).isEqualTo("NotPermitted");
    assertThat(ready(failed).getMessage()).isEqualTo("policy e2e is not for migrations in namespace rogue"
        + " (migrationNamespaces [cutover-system])" + io.cutover.policy.Decision.REMEDY);
    FailureReasonsTest.assertPlainMessage(ready(failed));
    assertThat(failed.getStatus().getPlan()).as("nothing was planned").isNull();
    assertThat(env.sourceSnapshot(id)).as("source untouched").isEqualTo(sourceBefore);
    assertThat(env.targetObjectsOf(failed.getMetadata().getUid())).as("nothing on the target").isEmpty();
    assertThat(env.target.namespaces().withName("rogue-src").get()).as("target untouched").isNull();
    ReliabilityReport.increment(ReliabilityReport.Counter.MALFORMED_INPUTS);
  }

  @Test
  void aSpecTheCrdForbidsButAnOlderCrdLetsThroughIsRefusedByTheOperatorNamingTheField() {
    Identity id = env.seedIdentity("bad-spec", "cart-api");
    ServiceAccountMigration badWindow = env.migration("bad-window", id, spec -> spec.getDualRun().setWindow("0s"));
    ServiceAccountMigration badExpiry = env.migration("bad-expiry", id, spec -> spec.getTokens().setExpirationSeconds(10L));
    assertThatThrownBy(() -> env.create(badWindow)).as("the sandbox's CRD admission refuses it")
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
    // As an API server with an older CRD installed stores it:
    env.sandbox.control().admission(false);
    try {
      env.create(badWindow);
      env.create(badExpiry);
    } finally {
      env.sandbox.control().admission(true);
    }

    ServiceAccountMigration window = env.awaitSettled("bad-window", Phase.Failed, "False", "InvalidSpec");
    ServiceAccountMigration expiry = env.awaitSettled("bad-expiry", Phase.Failed, "False", "InvalidSpec");
    assertThat(ready(window).getMessage()).startsWith("spec.dualRun.window:");
    assertThat(ready(expiry).getMessage()).startsWith("spec.tokens.expirationSeconds:");
    assertThat(env.targetObjectsOf(window.getMetadata().getUid())).isEmpty();
    assertThat(env.targetObjectsOf(expiry.getMetadata().getUid())).isEmpty();
    assertThat(window.getStatus().getPlan()).as("nothing was read or planned").isNull();
    assertThat(env.target.serviceAccounts().inNamespace("bad-spec").withName("cart-api").get()).isNull();
    ReliabilityReport.add(ReliabilityReport.Counter.MALFORMED_INPUTS, 2);
  }

  @Test
  void aSecondMigrationOfTheSameTargetIdentityIsRefusedWithTargetOwnedByAnotherMigration() {
    Identity id = env.seedIdentity("twice", "cart-api");
    env.create(env.migration("twice-first", id, spec -> spec.getDualRun().setWindow("60s")));
    ServiceAccountMigration first = env.awaitPhase("twice-first", Phase.DualRun);

    env.create(env.migration("twice-second", id, spec -> spec.getDualRun().setWindow("60s")));

    ServiceAccountMigration second = env.awaitSettled("twice-second", Phase.Failed, "False", "TargetOwnedByAnotherMigration");
    assertThat(ready(second).getMessage()).contains("twice/cart-api").contains("twice-first");
    FailureReasonsTest.assertPlainMessage(ready(second));
    assertThat(second.getStatus().getDualRun()).as("the second never opened a window").isNull();
    assertThat(env.targetObjectsOf(second.getMetadata().getUid())).as("the second created nothing").isEmpty();
    var targetSa = env.target.serviceAccounts().inNamespace("twice").withName("cart-api").get();
    assertThat(targetSa.getMetadata().getLabels()).containsEntry("cutover.io/migration-uid", first.getMetadata().getUid());
    assertThat(env.get("twice-first").getStatus().getPhase()).as("the first goes on").isEqualTo(Phase.DualRun);

    env.control.resources(ServiceAccountMigration.class).inNamespace(E2eEnvironment.NS).withName("twice-first").delete();
  }
}
