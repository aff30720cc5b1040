package io.cutover.e2e;

import static io.cutover.e2e.E2eEnvironment.inventory;
import static io.cutover.e2e.E2eEnvironment.ready;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.e2e.E2eEnvironment.Identity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** spec.dryRun: the plan is computed and shown; nothing is written to either cluster. */
class DryRunTest extends EndToEndTest {

  @Test
  void dryRunStopsAtPlannedWithAFilledPlanAndWritesNothingToSourceOrTarget() {
    Identity id = env.seedIdentity("dry", "billing-api");
    Map<String, HasMetadata> sourceBefore = env.sourceSnapshot(id);
    List<String> sourceInventoryBefore = inventory(env.source);
    List<String> targetBefore = inventory(env.target);

    ServiceAccountMigration created = env.create(env.migration("dry-billing", id, spec -> spec.setDryRun(true)));
    ServiceAccountMigration planned = env.awaitMigration("dry-billing", "planned dry run",
        E2eEnvironment.readyReason("DryRunPlanned"));

    assertThat(planned.getStatus().getPhase()).isEqualTo(Phase.Planned);
    assertThat(ready(planned).getStatus()).isEqualTo("True");
    assertThat(ready(planned).getReason()).isEqualTo("DryRunPlanned");
    var plan = planned.getStatus().getPlan();
    assertThat(plan).as("plan in status").isNotNull();
    assertThat(plan.getSourceUid()).isEqualTo(sourceBefore.get("ServiceAccount/billing-api").getMetadata().getUid());
    assertThat(plan.getBindings()).anyMatch(b -> b.kind().equals("RoleBinding") && b.name().equals(id.role()))
        .anyMatch(b -> b.kind().equals("ClusterRoleBinding") && b.name().equals(id.clusterRole()));
    assertThat(plan.getEffectiveRules()).isNotEmpty();
    assertThat(plan.getEscalations()).isEmpty();
    assertThat(plan.getLegacyTokenSecrets()).extracting(r -> r.name()).containsExactly(id.legacySecret());
    assertThat(plan.getTargetNamespaceExists()).isFalse();
    assertThat(plan.getTargetObjects()).anyMatch(o -> o.kind().equals("ServiceAccount") && o.name().equals("billing-api"))
        .anyMatch(o -> o.kind().equals("Namespace") && o.name().equals("dry"));
    assertThat(planned.getStatus().getDualRun()).as("no dual-run window opened").isNull();
    assertThat(planned.getStatus().getCutover()).as("no cutover").isNull();

    // Target: nothing created.
    assertThat(env.target.namespaces().withName("dry").get()).as("target namespace").isNull();
    assertThat(env.target.serviceAccounts().inNamespace("dry").withName("billing-api").get()).as("target SA").isNull();
    assertThat(env.targetObjectsOf(created.getMetadata().getUid())).isEmpty();
    assertThat(inventory(env.target)).as("target objects and resourceVersions").isEqualTo(targetBefore);

    // Source: unchanged, object by object and resourceVersion by resourceVersion.
    Map<String, HasMetadata> sourceAfter = env.sourceSnapshot(id);
    assertThat(sourceAfter).isEqualTo(sourceBefore);
    assertThat(inventory(env.source)).as("source objects and resourceVersions").isEqualTo(sourceInventoryBefore);
  }
}
