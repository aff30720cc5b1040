package io.cutover.e2e;

import static io.cutover.e2e.E2eEnvironment.inventory;
import static io.cutover.e2e.E2eEnvironment.review;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.e2e.E2eEnvironment.Identity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deleting a migration before cutover rolls it back through the finalizer. */
class DeletionBeforeCutoverTest extends EndToEndTest {

  @Test
  void deletingTheMigrationInDualRunRemovesTheTargetObjectsKeepsTheSourceAndThenTheResource() {
    Identity id = env.seedIdentity("deleted", "search-api");
    Map<String, HasMetadata> sourceBefore = env.sourceSnapshot(id);
    List<String> sourceInventoryBefore = inventory(env.source);
    List<String> targetInventoryBefore = inventory(env.target);
    String legacyToken = env.legacyToken(id).orElseThrow();
    ServiceAccountMigration created = env.create(env.migration("deleted-search", id,
        spec -> spec.getDualRun().setWindow("60s")));
    String uid = created.getMetadata().getUid();

    ServiceAccountMigration dualRun = env.awaitPhase("deleted-search", Phase.DualRun);
    assertThat(dualRun.getMetadata().getFinalizers()).as("finalizer guarding the rollback").isNotEmpty();
    assertThat(env.targetObjectsOf(uid)).contains("ServiceAccount/deleted/search-api");
    assertThat(env.target.namespaces().withName("deleted").get().getMetadata().getAnnotations())
        .as("the namespace it created is shared: annotated, not owned").containsEntry("cutover.io/created-by-migration-uid", uid);

    env.control.resources(ServiceAccountMigration.class).inNamespace(E2eEnvironment.NS).withName("deleted-search").delete();

    await("deleted-search disappears").atMost(E2eEnvironment.TIMEOUT)
        .until(() -> env.get("deleted-search") == null);
    assertThat(env.targetObjectsOf(uid)).as("target objects labelled with the migration uid").isEmpty();
    assertThat(inventory(env.target)).as("target as before the migration, but for the shared namespace (and the"
        + " default ServiceAccount kube-controller-manager puts into it)")
        .filteredOn(o -> !o.startsWith("Namespace//deleted@") && !o.startsWith("ServiceAccount/deleted/default@"))
        .isEqualTo(targetInventoryBefore);
    assertThat(env.sourceSnapshot(id)).as("source identity").isEqualTo(sourceBefore);
    assertThat(inventory(env.source)).isEqualTo(sourceInventoryBefore);
    assertThat(review(env.source, legacyToken, List.of()).getAuthenticated()).isTrue();
  }
}
