package io.cutover.e2e;

import static io.cutover.e2e.E2eEnvironment.inventory;
import static io.cutover.e2e.E2eEnvironment.ready;
import static io.cutover.e2e.E2eEnvironment.readyReason;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.ClusterRef;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.SecretKeyRef;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.e2e.E2eEnvironment.Identity;
import io.cutover.api.v1alpha1.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A migration that cannot proceed says why in its Ready condition, and writes nothing. */
class FailureReasonsTest extends EndToEndTest {

  static void assertPlainMessage(Condition ready) {
    assertThat(ready.getMessage()).as("Ready message").isNotBlank().doesNotContain("\n").doesNotContain("Exception")
        .doesNotContainPattern(E2eEnvironment.JWT);
  }

  private ServiceAccount createTargetServiceAccount(String namespace, String name, Map<String, String> labels) {
    env.target.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    return env.target.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName(name).withNamespace(namespace).withLabels(labels).endMetadata().build()).create();
  }

  @Test
  void missingSourceServiceAccountFailsWithSourceServiceAccountNotFoundAndWritesNothing() {
    env.source.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("nosa").endMetadata().build())
        .create();
    List<String> targetBefore = inventory(env.target);
    Identity ghost = new Identity("nosa", "ghost-api", "ghost-api-token-legacy", "ghost-api-reader", "nosa-ghost");
    env.create(env.migration("nosa-ghost", ghost, spec -> { }));

    ServiceAccountMigration failed = env.awaitSettled("nosa-ghost", Phase.Failed, "False", "SourceServiceAccountNotFound");
    assertThat(ready(failed).getMessage()).contains("nosa/ghost-api").contains("does not exist").contains("source");
    assertPlainMessage(ready(failed));
    assertThat(failed.getStatus().getDualRun()).isNull();
    assertThat(inventory(env.target)).as("target untouched").isEqualTo(targetBefore);
  }

  @Test
  void targetServiceAccountOwnedByAnotherMigrationFailsWithTargetOwnedByAnotherMigration() {
    Identity id = env.seedIdentity("owned", "cart-api");
    ServiceAccount foreign = createTargetServiceAccount("owned", "cart-api",
        Map.of("cutover.io/migration-uid", "11111111-2222-3333-4444-555555555555", "app.kubernetes.io/managed-by", "cutover"));
    var sourceBefore = env.sourceSnapshot(id);
    List<String> targetBefore = inventory(env.target);
    env.create(env.migration("owned-cart", id, spec -> { }));

    ServiceAccountMigration failed = env.awaitSettled("owned-cart", Phase.Failed, "False", "TargetOwnedByAnotherMigration");
    assertThat(ready(failed).getMessage()).contains("owned/cart-api");
    assertPlainMessage(ready(failed));
    ServiceAccount still = env.target.serviceAccounts().inNamespace("owned").withName("cart-api").get();
    assertThat(still.getMetadata().getUid()).isEqualTo(foreign.getMetadata().getUid());
    assertThat(still.getMetadata().getLabels()).containsEntry("cutover.io/migration-uid", "11111111-2222-3333-4444-555555555555");
    assertThat(inventory(env.target)).as("target untouched").isEqualTo(targetBefore);
    assertThat(env.sourceSnapshot(id)).as("source untouched").isEqualTo(sourceBefore);
  }

  @Test
  void unlabelledExistingTargetServiceAccountFailsWithTargetServiceAccountExists() {
    Identity id = env.seedIdentity("taken", "cart-api");
    createTargetServiceAccount("taken", "cart-api", Map.of("team", "someone-else"));
    var sourceBefore = env.sourceSnapshot(id);
    List<String> targetBefore = inventory(env.target);
    env.create(env.migration("taken-cart", id, spec -> { }));

    ServiceAccountMigration failed = env.awaitSettled("taken-cart", Phase.Failed, "False", "TargetServiceAccountExists");
    assertThat(ready(failed).getMessage()).contains("taken/cart-api");
    assertPlainMessage(ready(failed));
    assertThat(inventory(env.target)).as("target untouched").isEqualTo(targetBefore);
    assertThat(env.sourceSnapshot(id)).as("source untouched").isEqualTo(sourceBefore);
  }

  @Test
  void missingKubeconfigSecretIsReportedAsKubeconfigSecretNotFoundAndTheMigrationProceedsOnceItExists() {
    Identity id = env.seedIdentity("latesecret", "mail-api");
    env.create(env.migration("latesecret-mail", id, spec -> spec.getSource()
        .setCluster(new ClusterRef("source", new SecretKeyRef("late-source-kubeconfig", "kubeconfig")))));

    ServiceAccountMigration waiting = env.awaitMigration("latesecret-mail", "KubeconfigSecretNotFound",
        readyReason("KubeconfigSecretNotFound"));
    assertThat(ready(waiting).getStatus()).isEqualTo("False");
    assertThat(ready(waiting).getMessage()).contains("late-source-kubeconfig");
    assertPlainMessage(ready(waiting));
    assertThat(waiting.getStatus().getPhase()).isIn(null, Phase.Pending, Phase.Planning);
    assertThat(env.target.namespaces().withName("latesecret").get()).isNull();

    env.copyKubeconfigSecret("source-kubeconfig", "late-source-kubeconfig");

    ServiceAccountMigration done = env.awaitPhase("latesecret-mail", Phase.Completed);
    assertThat(ready(done).getStatus()).isEqualTo("True");
    assertThat(env.target.serviceAccounts().inNamespace("latesecret").withName("mail-api").get()).isNotNull();
  }

  @Test
  void kubeconfigSecretHoldingGarbageIsReportedAsKubeconfigInvalidWithoutQuotingIt() {
    Identity id = env.seedIdentity("garbage", "mail-api");
    String garbage = "this: is: not [a kubeconfig";
    env.control.secrets().inNamespace(E2eEnvironment.NS).resource(new SecretBuilder().withNewMetadata()
        .withName("garbage-kubeconfig").withNamespace(E2eEnvironment.NS).endMetadata().withType("Opaque")
        .withStringData(Map.of("kubeconfig", garbage)).build()).create();
    List<String> targetBefore = inventory(env.target);
    env.create(env.migration("garbage-mail", id, spec -> spec.getTarget()
        .setCluster(new ClusterRef("target", new SecretKeyRef("garbage-kubeconfig", "kubeconfig")))));

    ServiceAccountMigration waiting = env.awaitMigration("garbage-mail", "KubeconfigInvalid",
        readyReason("KubeconfigInvalid"));
    assertThat(ready(waiting).getStatus()).isEqualTo("False");
    assertThat(ready(waiting).getMessage()).contains("garbage-kubeconfig").doesNotContain("not [a kubeconfig");
    assertPlainMessage(ready(waiting));
    assertThat(waiting.getStatus().getPhase()).isIn(null, Phase.Pending, Phase.Planning);
    assertThat(inventory(env.target)).as("target untouched").isEqualTo(targetBefore);
  }
}
