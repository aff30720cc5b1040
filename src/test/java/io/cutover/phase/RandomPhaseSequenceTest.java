package io.cutover.phase;

import static io.cutover.plan.PlanFixtures.NS;
import static io.cutover.plan.PlanFixtures.SA;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.CutoverSpec;
import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.plan.PlanFixtures;
import io.cutover.testing.ReliabilityReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random action sequences on the fakes: create, edit the spec, approve, delete, crash and restart, inject API
 * faults, advance the clock, tamper with the target (delete the delivered Secret, remove a binding, delete the target
 * ServiceAccount) and reconcile — with every invariant of {@link MigrationInvariants} checked after each step and
 * again once the sequence has settled. {@value #DEFAULT_SEQUENCES} sequences by default;
 * {@code -Dcutover.sequences=N} runs more, {@code -Dcutover.seed=S} replays one. A failing seed is printed with the
 * command that replays it.
 */
class RandomPhaseSequenceTest {
  static final int DEFAULT_SEQUENCES = 1000;
  private static final int ACTIONS = 40;
  private static final long FIRST_SEED = 20250301L;

  @Test
  void everyInvariantHoldsAfterEveryStepOfRandomActionSequences() {
    String only = System.getProperty("cutover.seed");
    int count = Integer.getInteger("cutover.sequences", DEFAULT_SEQUENCES);
    List<Long> seeds = new ArrayList<>();
    if (only != null && !only.isBlank()) {
      seeds.add(Long.parseLong(only.trim()));
    } else {
      for (int i = 0; i < count; i++) {
        seeds.add(FIRST_SEED + i);
      }
    }
    List<String> failures = new ArrayList<>();
    long checks = 0;
    long faults = 0;
    long started = System.nanoTime();
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpuStarted = threads.getCurrentThreadCpuTime();
    for (long seed : seeds) {
      Sequence s = new Sequence(seed);
      try {
        s.run();
      } catch (AssertionError | RuntimeException e) {
        s.inv.violations.add("stopped: " + e);
      }
      checks += s.inv.checks;
      faults += s.h.journal.calls().stream().filter(c -> c.outcome().contains("injected") || c.outcome().contains("unreachable")).count();
      if (!s.inv.violations.isEmpty()) {
        String replay = "mvn -o -q test -Dtest=RandomPhaseSequenceTest -Dcutover.seed=" + seed;
        failures.add("seed " + seed + " (" + s.config + "): " + s.inv.violations.get(0) + "\n  actions: " + s.log
            + "\n  replay: " + replay);
        System.out.println("FAILING SEED " + seed + ": " + s.inv.violations + "\n  actions: " + s.log + "\n  replay: " + replay);
        if (seeds.size() == 1) {
          var calls = s.h.journal.calls();
          calls.subList(Math.max(0, calls.size() - 60), calls.size()).forEach(c -> System.out.println("  " + c));
          System.out.println("  target objects of the migration: " + s.h.target.storedOwnedBy(s.h.sam.getMetadata().getUid()));
        }
      }
    }
    ReliabilityReport.add(ReliabilityReport.Counter.SEQUENCES, seeds.size());
    ReliabilityReport.add(ReliabilityReport.Counter.INVARIANT_CHECKS, checks);
    ReliabilityReport.add(ReliabilityReport.Counter.FAULT_INJECTIONS, faults);
    ReliabilityReport.add(ReliabilityReport.Counter.VIOLATIONS, failures.size());
    System.out.printf("random sequences: %d sequences, %d invariant checks, %d faults injected, %d failing, %d ms (%d ms CPU)%n",
        seeds.size(), checks, faults, failures.size(), (System.nanoTime() - started) / 1_000_000,
        (threads.getCurrentThreadCpuTime() - cpuStarted) / 1_000_000);
    assertThat(failures).as("failing seeds (replay with -Dcutover.seed=S)").isEmpty();
  }

  /** One seeded sequence. */
  static final class Sequence {
    final long seed;
    final Random rnd;
    final MigrationHarness h = new MigrationHarness();
    final MigrationInvariants inv = new MigrationInvariants(h);
    final List<String> log = new ArrayList<>();
    final String config;
    boolean created;

    Sequence(long seed) {
      this.seed = seed;
      this.rnd = new Random(seed);
      var spec = h.sam.getSpec();
      spec.getCutover().setApproval(rnd.nextBoolean() ? CutoverSpec.Approval.Manual : CutoverSpec.Approval.Automatic);
      spec.getDualRun().setOnDeadline(rnd.nextInt(3) == 0 ? DualRunSpec.OnDeadline.Rollback : DualRunSpec.OnDeadline.Cutover);
      spec.getDualRun().setWindow(List.of("2m", "15m", "1h").get(rnd.nextInt(3)));
      if (rnd.nextBoolean()) {
        spec.getTokens().setSecretName(MigrationInvariants.DELIVERY_SECRET);
        h.target.maxTokenSeconds(600L + rnd.nextInt(3000));
      }
      config = "approval " + spec.getCutover().getApproval() + ", onDeadline " + spec.getDualRun().getOnDeadline()
          + ", window " + spec.getDualRun().getWindow() + ", delivers " + (spec.getTokens().getSecretName() != null);
    }

    void run() {
      for (int i = 0; i < ACTIONS && !h.gone; i++) {
        String action = act(i);
        log.add(action);
        inv.at("step " + i + " (" + action + ") in " + h.phase());
        inv.checkNow();
      }
      // Heal: faults end, the crash that was pending is off, and the migration is left to settle.
      h.source.noRandomFailures();
      h.target.noRandomFailures();
      h.target.unreachable(false);
      h.crashAfterWrite(0);
      if (!created) {
        created = true;
      }
      for (int i = 0; i < 200 && !settled() && !stuckOnTamperedTarget(); i++) {
        inv.at("settling, reconcile " + i + " in " + h.phase());
        h.tick();
        inv.checkNow();
        if (h.nextRun != null && h.nextRun.isAfter(h.clock.instant())) {
          h.clock.set(h.nextRun);
        } else if (h.nextRun == null && !h.deleting && !h.phase().isTerminal()) {
          h.sam.getSpec().getCutover().setApproved(true); // nothing else would move it (a plan waiting on a spec event)
          h.clock.advance(Duration.ofSeconds(1));
        }
      }
      inv.at("settled");
      inv.checkSettled(stuckOnTamperedTarget());
    }

    /** Verifying cannot pass while someone keeps the target broken after the revocation: it retries, Ready=False. */
    private boolean stuckOnTamperedTarget() {
      return h.phase() == Phase.Verifying && !inv.tampered.isEmpty() && h.status.getConsecutiveErrors() != null
          && h.status.getConsecutiveErrors() >= 8;
    }

    private boolean settled() {
      return h.gone || (!h.deleting && h.phase().isTerminal());
    }

    /** One random action; returns its name for the log. */
    private String act(int i) {
      if (!created) {
        if (rnd.nextInt(3) == 0) {
          h.clock.advance(Duration.ofSeconds(rnd.nextInt(60)));
          return "wait";
        }
        created = true;
        h.tick();
        return "create";
      }
      int roll = rnd.nextInt(100);
      var spec = h.sam.getSpec();
      if (roll < 40) {
        h.tick();
        return "reconcile";
      } else if (roll < 55) {
        if (h.nextRun != null && h.nextRun.isAfter(h.clock.instant()) && rnd.nextBoolean()) {
          h.clock.set(h.nextRun);
          h.tick();
          return "reschedule fires";
        }
        Duration d = List.of(Duration.ofMillis(rnd.nextInt(3000)), Duration.ofSeconds(rnd.nextInt(120)),
            Duration.ofSeconds(rnd.nextInt(1800))).get(rnd.nextInt(3));
        h.clock.advance(d);
        return "advance " + d;
      } else if (roll < 60) {
        spec.getCutover().setApproved(true);
        h.tick();
        return "approve";
      } else if (roll < 66) {
        int change = rnd.nextInt(3);
        if (change == 0) {
          spec.getDualRun().setWindow(List.of("2m", "15m", "1h").get(rnd.nextInt(3)));
        } else if (change == 1) {
          spec.getDualRun().setOnDeadline(rnd.nextBoolean() ? DualRunSpec.OnDeadline.Rollback : DualRunSpec.OnDeadline.Cutover);
        } else {
          spec.getCutover().setApproval(rnd.nextBoolean() ? CutoverSpec.Approval.Manual : CutoverSpec.Approval.Automatic);
        }
        h.sam.getMetadata().setGeneration(h.sam.getMetadata().getGeneration() + 1);
        h.tick();
        return "edit spec (" + spec.getDualRun().getWindow() + ", " + spec.getDualRun().getOnDeadline() + ", "
            + spec.getCutover().getApproval() + ")";
      } else if (roll < 69) {
        h.deleting = true;
        h.tick();
        return "delete";
      } else if (roll < 77) {
        int after = 1 + rnd.nextInt(6);
        h.crashAfterWrite(h.writes.size() + after);
        return "crash after " + after + " more write(s)";
      } else if (roll < 85) {
        double rate = List.of(0.0, 0.1, 0.3, 1.0).get(rnd.nextInt(4));
        boolean target = rnd.nextBoolean();
        (target ? h.target : h.source).randomFailures(new Random(rnd.nextLong()), rate, op -> true);
        if (rnd.nextInt(4) == 0) {
          h.target.unreachable(rnd.nextBoolean());
        }
        return "faults " + rate + " on " + (target ? "target" : "source");
      } else {
        int what = rnd.nextInt(3);
        if (what == 0) {
          if (h.target.remove("Secret", NS, MigrationInvariants.DELIVERY_SECRET)) {
            inv.tampered.add(PlanFixtures.TARGET + "/Secret/" + NS + "/" + MigrationInvariants.DELIVERY_SECRET);
          }
          return "tamper: delete the delivered Secret";
        } else if (what == 1) {
          h.target.objects().stream().filter(o -> o.getKind().endsWith("RoleBinding") && o.getMetadata().getLabels() != null)
              .findFirst().ifPresent(o -> {
                h.target.remove(o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName());
                inv.tampered.add(PlanFixtures.TARGET + "/" + o.getKind() + "/" + o.getMetadata().getNamespace() + "/"
                    + o.getMetadata().getName());
              });
          return "tamper: remove a binding";
        } else {
          if (h.target.remove("ServiceAccount", NS, SA)) {
            inv.tampered.add(PlanFixtures.TARGET + "/ServiceAccount/" + NS + "/" + SA);
          }
          return "tamper: delete the target ServiceAccount";
        }
      }
    }
  }
}
