package io.cutover.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.cluster.MutableClock;
import io.cutover.cluster.TestingClusterPort;
import io.cutover.plan.PlanFixtures;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdleGateTest {
  static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
  final TestingClusterPort source = new TestingClusterPort("eu-old", new MutableClock(START));

  void pod(String name, String serviceAccount, String phase) {
    source.put(new PodBuilder().withNewMetadata().withName(name).withNamespace("payments").endMetadata()
        .withNewSpec().withServiceAccountName(serviceAccount).endSpec().withNewStatus().withPhase(phase).endStatus().build());
  }

  @Test
  void aRunningOrPendingPodOfTheIdentityIsUseAndFinishedPodsOrOtherIdentitiesAreNot() {
    PlanFixtures.namespace(source, "payments");
    pod("done", "api", "Succeeded");
    pod("crashed", "api", "Failed");
    pod("other", "worker", "Running");
    assertThat(IdleGate.inUse(source, "payments", "api", START)).isEmpty();

    pod("starting", "api", "Pending");
    pod("serving", "api", "Running");
    assertThat(IdleGate.inUse(source, "payments", "api", START))
        .containsExactlyInAnyOrder("Pod payments/starting", "Pod payments/serving");
  }

  @Test
  void aLegacyTokenUsedOnOrAfterTheDayTheDualRunBeganIsUse() {
    PlanFixtures.namespace(source, "payments");
    PlanFixtures.legacySecret(source, "payments", "old-token", "api", "2025-02-28");
    assertThat(IdleGate.inUse(source, "payments", "api", START)).isEmpty();

    PlanFixtures.legacySecret(source, "payments", "today-token", "api", "2025-03-01");
    assertThat(IdleGate.inUse(source, "payments", "api", START))
        .containsExactly("legacy token Secret payments/today-token (last used 2025-03-01)");
  }

  @Test
  void anUnreadableLastUsedLabelCountsAsUse() {
    assertThat(IdleGate.usedSince("yesterday", java.time.LocalDate.of(2025, 3, 1))).isTrue();
    assertThat(IdleGate.usedSince("2025-02-01", java.time.LocalDate.of(2025, 3, 1))).isFalse();
  }
}
