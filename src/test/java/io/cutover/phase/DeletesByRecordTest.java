package io.cutover.phase;

import static io.cutover.plan.PlanFixtures.NS;
import static io.cutover.plan.PlanFixtures.SA;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.Ownership;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.cluster.TestingClusterPort;
import io.cutover.plan.PlanFixtures;
import io.cutover.plan.TargetObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 6: rollback and cleanup delete only what the migration recorded creating. Anyone who can label an
 * object — a foreign Namespace on the target, the migration's own target namespace, the source ServiceAccount — with
 * the migration's UID label must not make rollback delete it.
 */
class DeletesByRecordTest {
  private static final Instant DEADLINE = MigrationHarness.START.plus(Duration.ofMinutes(15));
  private static final String UID = PlanFixtures.MIGRATION_UID;
  private static final String CANARY = "cutover-canary-" + TargetObjects.shortUid(UID);

  @Test
  void aRollbackAtTheDeadlineLeavesLabelledForeignObjectsAndRemovesEverythingItCreated() {
    MigrationHarness h = new MigrationHarness();
    h.sam.getSpec().getDualRun().setOnDeadline(DualRunSpec.OnDeadline.Rollback);
    PhaseStepsTest.inDualRun(h);
    List<String> created = h.target.storedOwnedBy(UID);
    assertThat(created).isNotEmpty();
    List<String> foreign = labelForeignObjects(h);
    h.clock.set(DEADLINE);

    assertThat(h.runWhileAdvancing(5)).isEqualTo(Phase.RolledBack);

    assertForeignObjectsRemain(h, foreign);
    assertThat(h.target.exists("ServiceAccount", NS, SA)).as("the target identity it created").isFalse();
  }

  @Test
  void deletingTheMigrationBeforeCutoverLeavesLabelledForeignObjectsAndRemovesEverythingItCreated() {
    MigrationHarness h = PhaseStepsTest.inDualRun();
    h.clock.set(DEADLINE.minus(CutoverLead.BASE));
    h.reconcile(); // the pre-cutover point: the canary is minted on the source
    assertThat(h.source.exists("Secret", NS, CANARY)).isTrue();
    List<String> foreign = labelForeignObjects(h);

    h.cleanup();

    assertThat(h.gone).isTrue();
    assertForeignObjectsRemain(h, foreign);
    assertThat(h.source.exists("Secret", NS, CANARY)).as("the canary it created").isFalse();
  }

  @Test
  void aTargetServiceAccountThatExistedBeforeAndWasLabelledIsNeitherAdoptedNorDeleted() {
    MigrationHarness h = new MigrationHarness();
    ServiceAccount planted = PlanFixtures.serviceAccount(h.target, NS, SA);
    label(h.target, planted);

    assertThat(h.runWhileAdvancing(10)).isEqualTo(Phase.RolledBack);

    assertThat(h.target.get(ServiceAccount.class, "ServiceAccount", NS, SA)).as("left as it was").get()
        .extracting(sa -> sa.getMetadata().getUid()).isEqualTo(planted.getMetadata().getUid());
    assertThat(h.target.issuedTokens()).as("no token for an identity it did not create").isEmpty();
  }

  /** Labels the target namespace, a foreign namespace with a ServiceAccount in it, and the source ServiceAccount. */
  private static List<String> labelForeignObjects(MigrationHarness h) {
    PlanFixtures.namespace(h.target, "billing");
    PlanFixtures.serviceAccount(h.target, "billing", "billing-api");
    label(h.target, h.target.get(Namespace.class, "Namespace", null, NS).orElseThrow());
    label(h.target, h.target.get(Namespace.class, "Namespace", null, "billing").orElseThrow());
    label(h.target, h.target.get(ServiceAccount.class, "ServiceAccount", "billing", "billing-api").orElseThrow());
    label(h.source, h.source.get(ServiceAccount.class, "ServiceAccount", NS, SA).orElseThrow());
    return List.of("Namespace/null/" + NS, "Namespace/null/billing", "ServiceAccount/billing/billing-api");
  }

  private static void label(TestingClusterPort cluster, HasMetadata o) {
    o.getMetadata().getLabels().put(Ownership.MIGRATION_UID_LABEL, UID);
    cluster.put(o);
  }

  private static void assertForeignObjectsRemain(MigrationHarness h, List<String> foreign) {
    assertThat(h.target.exists("Namespace", null, NS)).as("the labelled target namespace").isTrue();
    assertThat(h.target.exists("Namespace", null, "billing")).as("a labelled foreign namespace").isTrue();
    assertThat(h.target.exists("ServiceAccount", "billing", "billing-api")).as("what is in it").isTrue();
    assertThat(h.source.exists("ServiceAccount", NS, SA)).as("the labelled source ServiceAccount").isTrue();
    assertThat(h.target.storedOwnedBy(UID)).as("everything it created is gone; only the labelled foreign objects "
        + "carry its label").containsExactlyInAnyOrderElementsOf(foreign);
    assertThat(h.source.storedOwnedBy(UID)).containsExactly("ServiceAccount/" + NS + "/" + SA);
  }
}
