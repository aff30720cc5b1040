package io.cutover.e2e;

import static io.cutover.e2e.E2eEnvironment.ready;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.e2e.E2eEnvironment.Identity;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator's informer keeps migrations without managedFields and kubectl's last-applied annotation
 * ({@code config.CachedMigrations}): a migration created as {@code kubectl apply} leaves it still runs its whole
 * course from that pruned copy, and the operator's writes leave the stored object's metadata as it was.
 */
class PrunedCacheEndToEndTest extends EndToEndTest {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  @Test
  void aMigrationAppliedWithKubectlCompletesAndKeepsItsStoredMetadata() {
    Identity id = env.seedIdentity("pruned", "ledger-api");
    ServiceAccountMigration sam = env.migration("pruned-ledger", id, spec -> { });
    String applied = env.control.getKubernetesSerialization().asJson(sam);
    sam.getMetadata().setAnnotations(Map.of(LAST_APPLIED, applied, "example.com/owner", "ledger-team"));
    sam.getMetadata().setLabels(Map.of("team", "ledger"));
    env.create(sam);

    ServiceAccountMigration done = env.awaitPhase("pruned-ledger", Phase.Completed);

    assertThat(ready(done).getStatus()).as("Ready; conditions %s", done.getStatus().getConditions()).isEqualTo("True");
    assertThat(done.getStatus().getPlan().getEffectiveRules()).as("planned from the pruned copy's spec").isNotEmpty();
    assertThat(done.getStatus().getCutover().getCompletedAt()).isNotNull();
    assertThat(done.getStatus().getObservedGeneration()).isEqualTo(done.getMetadata().getGeneration());
    assertThat(done.getMetadata().getAnnotations()).as("the stored annotations after the operator's status writes")
        .containsEntry(LAST_APPLIED, applied).containsEntry("example.com/owner", "ledger-team");
    assertThat(done.getMetadata().getLabels()).containsEntry("team", "ledger");
    assertThat(done.getMetadata().getFinalizers()).as("the finalizer the operator added").isNotEmpty();
    assertThat(env.target.serviceAccounts().inNamespace("pruned").withName("ledger-api").get())
        .as("the target identity").isNotNull();
    assertThat(env.source.serviceAccounts().inNamespace("pruned").withName("ledger-api").get())
        .as("the source identity is revoked").isNull();

    // Deleting it after cutover releases the finalizer (JOSDK reads finalizers and deletionTimestamp from the cache).
    env.control.resources(ServiceAccountMigration.class).inNamespace(E2eEnvironment.NS).withName("pruned-ledger").delete();
    org.awaitility.Awaitility.await("the migration is gone").atMost(E2eEnvironment.TIMEOUT)
        .until(() -> env.get("pruned-ledger") == null);
  }
}
