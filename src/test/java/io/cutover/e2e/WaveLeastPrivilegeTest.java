package io.cutover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.ServiceAccountMigrationWave;
import io.cutover.api.v1alpha1.WaveStatus.WavePhase;
import io.cutover.config.CutoverOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wave with only the RBAC Cutover ships: the operator as the chart's ServiceAccount (waves, their status, member
 * migrations created) and the migrator of deploy/remote (the selection lists ServiceAccounts in its namespaces).
 */
class WaveLeastPrivilegeTest {
  @Test
  void aWaveCompletesWithTheShippedRbacOfOperatorAndMigrator(@TempDir Path dir) {
    try (E2eEnvironment env = E2eEnvironment.startWithoutOperator(dir)) {
      WaveEndToEndTest.env = env;
      env.seedIdentity("wave-lp", "orders-api");
      env.seedIdentity("wave-lp", "billing-api");
      try (KubernetesClient operatorClient = env.sandbox.leastPrivilege(List.of("wave-lp"))) {
        env.startOperator(operatorClient, new CutoverOperator.Options(Set.of(), null, 10, false));
        WaveEndToEndTest.create(WaveEndToEndTest.wave("shipped", List.of("wave-lp"), w -> {
          w.setMaxInFlight(1);
          // The shipped migrator may not grant what the seeded Roles grant (escalation prevention): not mirrored here.
          w.getRbac().setMode(io.cutover.api.v1alpha1.RbacSpec.Mode.Skip);
        }));

        ServiceAccountMigrationWave done = WaveEndToEndTest.awaitWave("shipped", WavePhase.Completed);
        assertThat(done.getStatus().getPhases()).isEqualTo(Map.of("Completed", 2));
        env.stopOperator();
      }
    } finally {
      WaveEndToEndTest.env = null;
    }
  }
}
