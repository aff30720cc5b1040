package io.cutover.e2e;

import static io.cutover.e2e.E2eEnvironment.ready;
import static io.cutover.e2e.E2eEnvironment.review;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.e2e.E2eEnvironment.Identity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The deadline lives in status: a new operator process honours it and finishes without duplicating anything. */
class OperatorRestartTest extends EndToEndTest {

  private static Map<String, String> uidsOfOwned(String migrationUid) {
    String label = "cutover.io/migration-uid";
    return java.util.stream.Stream.<List<? extends HasMetadata>>of(
            env.target.namespaces().withLabel(label, migrationUid).list().getItems(),
            env.target.serviceAccounts().inAnyNamespace().withLabel(label, migrationUid).list().getItems(),
            env.target.secrets().inAnyNamespace().withLabel(label, migrationUid).list().getItems(),
            env.target.rbac().roles().inAnyNamespace().withLabel(label, migrationUid).list().getItems(),
            env.target.rbac().roleBindings().inAnyNamespace().withLabel(label, migrationUid).list().getItems(),
            env.target.rbac().clusterRoles().withLabel(label, migrationUid).list().getItems(),
            env.target.rbac().clusterRoleBindings().withLabel(label, migrationUid).list().getItems())
        .flatMap(List::stream)
        .collect(Collectors.toMap(o -> o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(),
            o -> o.getMetadata().getUid()));
  }

  @Test
  void aNewOperatorKeepsTheDeadlineInStatusAndCompletesWithoutDuplicatingTargetObjects() {
    Identity id = env.seedIdentity("restart", "stock-api");
    String legacyToken = env.legacyToken(id).orElseThrow();
    ServiceAccountMigration created = env.create(env.migration("restart-stock", id,
        spec -> spec.getDualRun().setWindow("5s")));
    String uid = created.getMetadata().getUid();

    ServiceAccountMigration dualRun = env.awaitPhase("restart-stock", Phase.DualRun);
    String deadline = dualRun.getStatus().getDualRun().getDeadline();
    String startedAt = dualRun.getStatus().getDualRun().getStartedAt();
    String targetUid = dualRun.getStatus().getProvenance().getTargetUid();
    Map<String, String> ownedBefore = uidsOfOwned(uid);
    assertThat(ownedBefore).containsKey("ServiceAccount/restart/stock-api").containsKey("Secret/restart/stock-api-token");

    env.stopOperator();
    ServiceAccountMigration whileStopped = env.get("restart-stock");
    assertThat(whileStopped.getStatus().getPhase()).as("phase when the first operator stopped").isEqualTo(Phase.DualRun);
    assertThat(env.sourceServiceAccount(id)).as("source SA untouched by the stopped operator").isNotNull();

    env.startOperator();
    ServiceAccountMigration done = env.awaitPhase("restart-stock", Phase.Completed);

    var status = done.getStatus();
    assertThat(ready(done).getStatus()).isEqualTo("True");
    assertThat(status.getDualRun().getDeadline()).as("deadline after restart").isEqualTo(deadline);
    assertThat(status.getDualRun().getStartedAt()).as("window start after restart").isEqualTo(startedAt);
    assertThat(status.getProvenance().getTargetUid()).isEqualTo(targetUid);
    assertThat(Instant.parse(status.getCutover().getIntentAt())).isAfterOrEqualTo(Instant.parse(deadline));
    assertThat(Instant.parse(status.getCutover().getCompletedAt())).isAfterOrEqualTo(Instant.parse(deadline));
    assertThat(status.getHistory()).as("each phase entered once")
        .extracting(h -> h.phase()).doesNotHaveDuplicates()
        .containsSubsequence(Phase.Provisioning, Phase.DualRun, Phase.CuttingOver, Phase.Verifying, Phase.Completed);

    // No duplicates on the target: the same objects, with the same UIDs (nothing re-created), and one SA, one Secret.
    assertThat(uidsOfOwned(uid)).as("objects the migration owns on the target").isEqualTo(ownedBefore);
    assertThat(env.target.serviceAccounts().inNamespace("restart").list().getItems())
        .extracting(sa -> sa.getMetadata().getName()).as("the migrated one and the namespace's own default")
        .containsExactlyInAnyOrder("stock-api", "default");
    assertThat(env.target.secrets().inNamespace("restart").list().getItems())
        .extracting(s -> s.getMetadata().getName()).containsExactly("stock-api-token");
    assertThat(env.target.serviceAccounts().inNamespace("restart").withName("stock-api").get().getMetadata().getUid())
        .isEqualTo(targetUid);

    assertThat(env.sourceServiceAccount(id)).isNull();
    assertThat(E2eEnvironment.awaitRejected(env.source, legacyToken, List.of()).getAuthenticated()).isFalse();
  }
}
