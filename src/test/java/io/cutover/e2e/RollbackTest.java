package io.cutover.e2e;

import static io.cutover.e2e.E2eEnvironment.inventory;
import static io.cutover.e2e.E2eEnvironment.ready;
import static io.cutover.e2e.E2eEnvironment.review;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.e2e.E2eEnvironment.Identity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** onDeadline: Rollback removes exactly what the migration created on the target and leaves the source as it was. */
class RollbackTest extends EndToEndTest {

  @Test
  void rollbackAtTheDeadlineRemovesEverythingTheMigrationCreatedOnTheTargetAndKeepsTheSource() {
    Identity id = env.seedIdentity("rollback", "audit-api");
    Map<String, HasMetadata> sourceBefore = env.sourceSnapshot(id);
    List<String> sourceInventoryBefore = inventory(env.source);
    List<String> targetInventoryBefore = inventory(env.target);
    String legacyToken = env.legacyToken(id).orElseThrow();
    ServiceAccountMigration created = env.create(env.migration("rollback-audit", id, spec -> {
      spec.getDualRun().setWindow("4s");
      spec.getDualRun().setOnDeadline(DualRunSpec.OnDeadline.Rollback);
    }));
    String uid = created.getMetadata().getUid();

    env.awaitPhase("rollback-audit", Phase.DualRun);
    List<String> ownedInDualRun = env.targetObjectsOf(uid);
    assertThat(ownedInDualRun).as("what the migration created on the target")
        .contains("ServiceAccount/rollback/audit-api", "Secret/rollback/audit-api-token")
        .noneMatch(o -> o.startsWith("Namespace/"))
        .anyMatch(o -> o.startsWith("RoleBinding/rollback/")).anyMatch(o -> o.startsWith("ClusterRoleBinding//"));

    ServiceAccountMigration rolledBack = env.awaitPhase("rollback-audit", Phase.RolledBack);
    assertThat(ready(rolledBack).getStatus()).isEqualTo("False");
    assertThat(rolledBack.getStatus().getHistory()).as("why it rolled back")
        .anyMatch(h -> h.phase() == Phase.RollingBack && "DeadlineRollback".equals(h.reason()));
    assertThat(rolledBack.getStatus().getCutover()).isNull();

    assertThat(env.targetObjectsOf(uid)).as("target objects labelled with the migration uid").isEmpty();
    var namespace = env.target.namespaces().withName("rollback").get();
    assertThat(namespace).as("the namespace the migration created is shared, so rollback keeps it").isNotNull();
    assertThat(namespace.getMetadata().getLabels()).doesNotContainKey("cutover.io/migration-uid");
    assertThat(namespace.getMetadata().getAnnotations()).containsEntry("cutover.io/created-by-migration-uid", uid);
    assertThat(inventory(env.target)).as("target as before the migration, but for the namespace (and the default"
        + " ServiceAccount kube-controller-manager puts into it)")
        .filteredOn(o -> !o.startsWith("Namespace//rollback@") && !o.startsWith("ServiceAccount/rollback/default@"))
        .isEqualTo(targetInventoryBefore);

    assertThat(env.sourceSnapshot(id)).as("source SA, legacy Secret, roles and bindings").isEqualTo(sourceBefore);
    assertThat(inventory(env.source)).as("nothing left on the source either").isEqualTo(sourceInventoryBefore);
    assertThat(review(env.source, legacyToken, List.of()).getAuthenticated()).as("legacy token still valid").isTrue();
  }

  @Test
  void readyConditionAfterARollbackAtTheDeadlineKeepsTheReasonDeadlineRollback() {
    Identity id = env.seedIdentity("rollback-reason", "audit-api");
    env.create(env.migration("rollback-reason", id, spec -> {
      spec.getDualRun().setWindow("2s");
      spec.getDualRun().setOnDeadline(DualRunSpec.OnDeadline.Rollback);
    }));

    env.awaitSettled("rollback-reason", Phase.RolledBack, "False", "DeadlineRollback");
  }
}
