package io.cutover.e2e;

import static io.cutover.e2e.E2eEnvironment.inventory;
import static io.cutover.e2e.E2eEnvironment.ready;
import static io.cutover.e2e.E2eEnvironment.review;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.CutoverSpec;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.e2e.E2eEnvironment.Identity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** approval: Manual — the cutover waits for spec.cutover.approved, and without it the window still ends. */
class ManualApprovalTest extends EndToEndTest {

  @Test
  void manualMigrationWaitsInDualRunAndCutsOverBeforeTheDeadlineOnceApproved() {
    Identity id = env.seedIdentity("manual", "ledger-api");
    Map<String, HasMetadata> sourceBefore = env.sourceSnapshot(id);
    String legacyToken = env.legacyToken(id).orElseThrow();
    env.create(env.migration("manual-ledger", id, spec -> {
      spec.getDualRun().setWindow("60s");
      spec.getCutover().setApproval(CutoverSpec.Approval.Manual);
    }));

    ServiceAccountMigration waiting = env.awaitMigration("manual-ledger", "awaiting approval",
        s -> s.getStatus() != null && s.getStatus().getPhase() == Phase.DualRun
            && "AwaitingApproval".equals(ready(s).getReason()));
    assertThat(ready(waiting).getStatus()).isEqualTo("False");
    Instant deadline = Instant.parse(waiting.getStatus().getDualRun().getDeadline());
    assertThat(env.sourceSnapshot(id)).as("source intact while awaiting approval").isEqualTo(sourceBefore);
    assertThat(review(env.source, legacyToken, List.of()).getAuthenticated()).isTrue();
    assertThat(env.target.serviceAccounts().inNamespace("manual").withName("ledger-api").get())
        .as("target SA exists in DualRun").isNotNull();

    env.mergePatch("manual-ledger", E2eEnvironment.APPROVE_PATCH);

    ServiceAccountMigration done = env.awaitPhase("manual-ledger", Phase.Completed);
    assertThat(ready(done).getStatus()).isEqualTo("True");
    assertThat(done.getStatus().getCutover().getTrigger()).isEqualTo("Approved");
    assertThat(done.getStatus().getDualRun().getDeadline()).isEqualTo(deadline.toString());
    assertThat(Instant.parse(done.getStatus().getCutover().getCompletedAt())).as("approved cutover finished")
        .isBefore(deadline);
    assertThat(done.getStatus().getCutover().getLatenessMillis()).isNegative();
    assertThat(env.sourceServiceAccount(id)).as("source SA after approved cutover").isNull();
    assertThat(E2eEnvironment.awaitRejected(env.source, legacyToken, List.of()).getAuthenticated()).isFalse();
  }

  @Test
  void manualMigrationWithoutApprovalRollsBackAtTheDeadlineAndLeavesTheSourceIntact() {
    Identity id = env.seedIdentity("unapproved", "ledger-api");
    Map<String, HasMetadata> sourceBefore = env.sourceSnapshot(id);
    List<String> sourceInventoryBefore = inventory(env.source);
    String legacyToken = env.legacyToken(id).orElseThrow();
    ServiceAccountMigration created = env.create(env.migration("unapproved-ledger", id, spec -> {
      spec.getDualRun().setWindow("3s");
      spec.getCutover().setApproval(CutoverSpec.Approval.Manual);
    }));

    ServiceAccountMigration rolledBack = env.awaitPhase("unapproved-ledger", Phase.RolledBack);

    assertThat(ready(rolledBack).getStatus()).isEqualTo("False");
    assertThat(rolledBack.getStatus().getHistory()).as("why it rolled back")
        .anyMatch(h -> h.phase() == Phase.DualRun)
        .anyMatch(h -> h.phase() == Phase.RollingBack && "DeadlineWithoutApproval".equals(h.reason()));
    assertThat(Instant.parse(rolledBack.getStatus().getHistory().get(rolledBack.getStatus().getHistory().size() - 1).time()))
        .as("rolled back at, not before, the deadline")
        .isAfterOrEqualTo(Instant.parse(rolledBack.getStatus().getDualRun().getDeadline()));
    assertThat(rolledBack.getStatus().getCutover()).as("no cutover intent").isNull();
    assertThat(env.sourceSnapshot(id)).as("source identity exactly as before").isEqualTo(sourceBefore);
    assertThat(inventory(env.source)).isEqualTo(sourceInventoryBefore);
    assertThat(review(env.source, legacyToken, List.of()).getAuthenticated()).isTrue();
    assertThat(env.targetObjectsOf(created.getMetadata().getUid())).as("target after rollback").isEmpty();
    assertThat(env.target.serviceAccounts().inNamespace("unapproved").withName("ledger-api").get()).isNull();
  }

  @Test
  void readyConditionOfAnUnapprovedManualMigrationKeepsTheReasonDeadlineWithoutApproval() {
    Identity id = env.seedIdentity("unapproved-reason", "ledger-api");
    env.create(env.migration("unapproved-reason", id, spec -> {
      spec.getDualRun().setWindow("2s");
      spec.getCutover().setApproval(CutoverSpec.Approval.Manual);
    }));

    ServiceAccountMigration rolledBack = env.awaitSettled("unapproved-reason", Phase.RolledBack, "False",
        "DeadlineWithoutApproval");
    assertThat(ready(rolledBack).getMessage()).contains("spec.cutover.approved");
  }
}
