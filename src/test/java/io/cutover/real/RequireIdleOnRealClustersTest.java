package io.cutover.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code cutover.requireIdle} reads what the real kube-apiserver records: the {@code kubernetes.io/legacy-token-last-used}
 * label it sets on a legacy token Secret when the token authenticates (the sandbox never set it).
 */
@RealClusterTest
class RequireIdleOnRealClustersTest {
  private final RealEnvironment env = RealEnvironment.get();

  @Test
  void aLegacyTokenUsedTodayKeepsTheIdentityInUseUntilTheDeadline() {
    Scenario s = idleWorkload("ri-used");
    assertThat(Scenario.review(env.source, s.legacyToken(), List.of()).getAuthenticated()).isTrue();
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    env.source.client().secrets().inNamespace(s.namespace).withName(s.legacySecret()).waitUntilCondition(
        x -> x.getMetadata().getLabels() != null
            && today.equals(x.getMetadata().getLabels().get("kubernetes.io/legacy-token-last-used")),
        30, TimeUnit.SECONDS);

    s.apply(s.migrationYaml("ri-used", "8s", "cutover: {requireIdle: true}"));
    ServiceAccountMigration waiting = s.await("ri-used", "awaiting idle", m -> m.getStatus() != null
        && m.getStatus().getConditions() != null
        && m.getStatus().getConditions().stream().anyMatch(c -> "AwaitingIdle".equals(c.getReason())));
    ServiceAccountMigration done = s.awaitPhase("ri-used", Phase.Completed, Phase.Failed, Phase.RolledBack);

    assertThat(waiting.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getMessage())
        .contains("legacy token Secret ri-used/" + s.legacySecret() + " (last used " + today + ")"));
    assertThat(done.getStatus().getPhase()).isEqualTo(Phase.Completed);
    assertThat(done.getStatus().getTrust().getInUseAtCutover()).as("what was in use at the deadline")
        .anySatisfy(u -> assertThat(u).contains(s.legacySecret()));
  }

  @Test
  void anIdentityWhoseLegacyTokenWasNeverUsedCutsOverAsSoonAsItIsIdle() {
    Scenario s = idleWorkload("ri-idle");
    assertThat(env.source.client().secrets().inNamespace(s.namespace).withName(s.legacySecret()).get()
        .getMetadata().getLabels()).as("labels of the unused legacy Secret")
        .doesNotContainKey("kubernetes.io/legacy-token-last-used");

    s.apply(s.migrationYaml("ri-idle", "10m", "cutover: {requireIdle: true}"));
    ServiceAccountMigration done = s.awaitPhase("ri-idle", Phase.Completed, Phase.Failed, Phase.RolledBack);

    assertThat(done.getStatus().getPhase()).isEqualTo(Phase.Completed);
    assertThat(done.getStatus().getCutover().getTrigger()).isEqualTo("Idle");
  }

  /** An identity with no Pod (the seeded one is deleted; unscheduled, it goes at once) and an unused legacy token. */
  private Scenario idleWorkload(String namespace) {
    Scenario s = new Scenario(env, namespace, "batch").seed(Scenario.PODS).grantMigratorOnTarget(Scenario.PODS, Scenario.NODES);
    env.source.client().pods().inNamespace(namespace).withName("batch-0").delete();
    env.source.client().pods().inNamespace(namespace).withName("batch-0")
        .waitUntilCondition(p -> p == null, 30, TimeUnit.SECONDS);
    return s;
  }
}
