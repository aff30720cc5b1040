package io.cutover.phase.wave;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.PlanStatus;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.api.v1alpha1.ServiceAccountMigrationWave;
import io.cutover.api.v1alpha1.UserRef;
import io.cutover.api.v1alpha1.WaveAttention;
import io.cutover.api.v1alpha1.WaveSource;
import io.cutover.api.v1alpha1.WaveSpec;
import io.cutover.api.v1alpha1.WaveStatus;
import io.cutover.cluster.WaveMembers;
import io.cutover.policy.Authority;
import io.cutover.policy.Decision;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The wave's turn against a simulated control cluster, over seeded random sequences: members progress (or fail, or
 * roll back) in random order, the informer shows new members late and in random order, the authority refuses some
 * identities, and some waves are rolled back half-way. After every change the budget holds on the server's own
 * members (not the informer's view); at the end the status counts are the server's and every identity is accounted.
 */
class WaveTurnRandomTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final Instant NOW = Instant.parse("2026-12-04T01:00:00Z");

  @Test
  void budgetHoldsAfterEveryChangeAndTheStatusAccountsForEveryIdentity() {
    for (long seed = 1; seed <= 300; seed++) {
      run(seed);
    }
  }

  private void run(long seed) {
    Random random = new Random(seed);
    String context = "seed " + seed;
    List<WaveIdentity> selected = new ArrayList<>();
    int n = 1 + random.nextInt(25);
    for (int i = 0; i < n; i++) {
      selected.add(new WaveIdentity("ns-" + random.nextInt(3), "sa-" + i));
    }
    selected = selected.stream().sorted().toList();
    Set<WaveIdentity> forbidden = new HashSet<>();
    for (WaveIdentity id : selected) {
      if (random.nextInt(10) == 0) {
        forbidden.add(id);
      }
    }
    int maxInFlight = 1 + random.nextInt(5);
    boolean rollbackHalfWay = random.nextInt(4) == 0;
    ServiceAccountMigrationWave wave = wave(maxInFlight);

    Map<String, ServiceAccountMigration> server = new TreeMap<>();
    Set<String> visible = new HashSet<>();
    Set<String> pending = new HashSet<>();
    Map<WaveIdentity, Refusal> refused = new HashMap<>();
    Set<String> createdAfterRollback = new HashSet<>();
    boolean[] rolledBack = {false};
    WaveMembers port = new WaveMembers() {
      @Override
      public boolean create(ServiceAccountMigration member) {
        if (server.containsKey(member.getMetadata().getName())) {
          return false;
        }
        server.put(member.getMetadata().getName(), JSON.clone(member));
        if (rolledBack[0]) {
          createdAfterRollback.add(member.getMetadata().getName());
        }
        return true;
      }

      @Override
      public void patch(String namespace, String name, String mergePatch) {
        ServiceAccountMigration m = server.get(name);
        if (mergePatch.contains("\"rollback\":true")) {
          m.getSpec().setRollback(true);
        }
        if (mergePatch.contains("\"approved\":true")) {
          m.getSpec().getCutover().setApproved(true);
        }
      }
    };
    Authority authority = new Authority() {
      @Override
      public Decision decide(ServiceAccountMigration migration, ServiceAccountMigrationSpec spec) {
        WaveIdentity id = new WaveIdentity(spec.getSource().getNamespace(), spec.getSource().getServiceAccount());
        assertThat(spec.getPolicy()).isEqualTo("p");
        assertThat(spec.getRequester().getUsername()).isEqualTo("alice");
        return forbidden.contains(id) ? new Decision(List.of("alice may not use p")) : Decision.PERMITTED;
      }

      @Override
      public Decision decidePlan(ServiceAccountMigration migration, ServiceAccountMigrationSpec spec, PlanStatus plan) {
        return Decision.PERMITTED;
      }
    };

    WaveStatus status = null;
    for (int step = 0; step < 10_000; step++) {
      int action = random.nextInt(10);
      if (action < 3) {
        // The controller's turn, on what the informer shows.
        List<ServiceAccountMigration> seen = server.values().stream()
            .filter(m -> visible.contains(m.getMetadata().getName())).map(JSON::clone).toList();
        pending.removeAll(visible);
        status = WaveTurn.afterSelection(wave, selected, seen, pending, refused, authority, port, NOW);
        wave.setStatus(status);
      } else if (action < 5) {
        // The informer catches up with one member it had not shown.
        server.keySet().stream().filter(k -> !visible.contains(k)).findAny().ifPresent(visible::add);
      } else {
        // One member moves on.
        List<ServiceAccountMigration> moving = server.values().stream()
            .filter(m -> !phase(m).isTerminal()).toList();
        if (!moving.isEmpty()) {
          advance(moving.get(random.nextInt(moving.size())), random);
        }
      }
      if (rollbackHalfWay && !rolledBack[0] && step == 40) {
        wave.getSpec().setRollback(true);
        rolledBack[0] = true;
      }
      long nonFinal = server.values().stream().filter(m -> !phase(m).isTerminal()).count();
      assertThat(nonFinal).as(context + ", step " + step + ": members not final on the server").isLessThanOrEqualTo(maxInFlight);
      if (quiet(server, visible, status, refused, selected, wave)) {
        break;
      }
    }
    // A last turn on everything: the status is the server's.
    visible.addAll(server.keySet());
    pending.clear();
    status = WaveTurn.afterSelection(wave, selected, server.values().stream().map(JSON::clone).toList(), pending,
        refused, authority, port, NOW);
    wave.setStatus(status);

    assertThat(createdAfterRollback).as(context + ": no member created after the wave's rollback").isEmpty();
    assertThat(server.values()).as(context + ": every member settled").allSatisfy(m -> assertThat(phase(m).isTerminal()).isTrue());
    Set<WaveIdentity> members = server.values().stream().map(WaveTurn::identity).collect(Collectors.toSet());
    assertThat(members).as(context + ": no refused identity has a member").noneMatch(forbidden::contains);
    assertThat(refused.keySet()).as(context + ": refused only what the authority refused").isSubsetOf(forbidden);
    if (!rolledBack[0]) {
      Set<WaveIdentity> expected = new HashSet<>(selected);
      expected.removeAll(forbidden);
      assertThat(members).as(context + ": every permitted identity got a member").isEqualTo(expected);
      assertThat(refused.keySet()).isEqualTo(forbidden);
    }
    Map<String, Integer> phases = new TreeMap<>();
    server.values().forEach(m -> phases.merge(phase(m).name(), 1, Integer::sum));
    assertThat(status.getPhases()).as(context).isEqualTo(phases);
    assertThat(status.getMembers()).isEqualTo(server.size());
    assertThat(status.getInFlight()).isZero();
    assertThat(status.getCompleted()).isEqualTo(phases.getOrDefault("Completed", 0));
    Set<String> attention = status.getAttention().stream().map(WaveAttention::identity).collect(Collectors.toSet());
    Set<String> expectedAttention = new HashSet<>();
    server.values().stream().filter(m -> phase(m) != Phase.Completed).forEach(m -> expectedAttention.add(WaveTurn.identity(m).toString()));
    refused.keySet().forEach(id -> expectedAttention.add(id.toString()));
    assertThat(attention).as(context + ": attention").isEqualTo(expectedAttention);
    boolean allCompleted = !server.isEmpty() && expectedAttention.isEmpty();
    assertThat(status.getPhase()).as(context).isEqualTo(allCompleted ? WaveStatus.WavePhase.Completed
        : server.isEmpty() ? WaveStatus.WavePhase.Blocked : WaveStatus.WavePhase.Finished);
    assertThat(status.getConditions().get(0).getStatus()).isEqualTo(allCompleted ? "True" : "False");
  }

  /** Nothing left to do: every identity settled (member final and shown, or refused, or not started after rollback). */
  private static boolean quiet(Map<String, ServiceAccountMigration> server, Set<String> visible, WaveStatus status,
      Map<WaveIdentity, Refusal> refused, List<WaveIdentity> selected, ServiceAccountMigrationWave wave) {
    if (status == null || !visible.containsAll(server.keySet())) {
      return false;
    }
    if (server.values().stream().anyMatch(m -> !phase(m).isTerminal())) {
      return false;
    }
    Set<WaveIdentity> members = server.values().stream().map(WaveTurn::identity).collect(Collectors.toSet());
    return selected.stream().allMatch(id -> members.contains(id) || refused.containsKey(id)
        || wave.getSpec().isRollback());
  }

  private static void advance(ServiceAccountMigration m, Random random) {
    Phase from = phase(m);
    Phase to = switch (from) {
      case Pending -> random.nextInt(20) == 0 ? Phase.Failed : Phase.Planning;
      case Planning -> Phase.Planned;
      case Planned -> Phase.Provisioning;
      case Provisioning, DualRun -> m.getSpec().isRollback() || random.nextInt(15) == 0 ? Phase.RollingBack
          : from == Phase.Provisioning ? Phase.DualRun : Phase.CuttingOver;
      case CuttingOver -> Phase.Verifying;
      case Verifying -> Phase.Completed;
      case RollingBack -> Phase.RolledBack;
      default -> from;
    };
    assertThat(from.next()).as("the simulation moves as the phase machine may").contains(to);
    if (m.getStatus() == null) {
      m.setStatus(new ServiceAccountMigrationStatus());
    }
    m.getStatus().setPhase(to);
  }

  private static Phase phase(ServiceAccountMigration m) {
    return WaveStatusBuilder.phaseOf(m);
  }

  private static ServiceAccountMigrationWave wave(int maxInFlight) {
    ServiceAccountMigrationWave wave = new ServiceAccountMigrationWave();
    wave.getMetadata().setName("w");
    wave.getMetadata().setNamespace("ops");
    wave.getMetadata().setUid("uid-w");
    wave.getMetadata().setGeneration(1L);
    WaveSpec spec = new WaveSpec();
    spec.setPolicy("p");
    UserRef alice = new UserRef();
    alice.setUsername("alice");
    spec.setRequester(alice);
    WaveSource source = new WaveSource();
    source.setNamespaces(new ArrayList<>(List.of("ns-0", "ns-1", "ns-2")));
    spec.setSource(source);
    spec.setMaxInFlight(maxInFlight);
    wave.setSpec(spec);
    return wave;
  }
}
