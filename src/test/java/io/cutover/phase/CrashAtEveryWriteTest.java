package io.cutover.phase;

import static io.cutover.phase.MigrationInvariants.DELIVERY_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.CutoverSpec;
import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.RevokeSpec;
import io.cutover.plan.PlanFixtures;
import io.cutover.testing.ReliabilityReport;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crash at every write. A clean run of each path enumerates, in order, every write the phase code makes — each
 * create, update, delete and TokenRequest on either cluster (recorded by {@code TestingClusterPort} as it happens),
 * each status write and the finalizer release. Then, for every index k, the same path runs again and the operator
 * dies right after write k: that write landed, the status that reconcile was computing is lost, and a fresh instance
 * starts at once from the last written status. Each run is driven until the migration settles and the invariants
 * ({@link MigrationInvariants}) are checked along the way and at the end; the end state must also be the clean
 * run's. The number of crash points exercised must equal the number of writes enumerated.
 */
class CrashAtEveryWriteTest {
  private static final int MAX_TICKS = 400;

  record Path(String name, Consumer<MigrationHarness> configure, Consumer<MigrationHarness> events) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Path> paths() {
    Consumer<MigrationHarness> none = h -> { };
    Consumer<MigrationHarness> delivers = h -> h.sam.getSpec().getTokens().setSecretName(DELIVERY_SECRET);
    Consumer<MigrationHarness> manual = h -> h.sam.getSpec().getCutover().setApproval(CutoverSpec.Approval.Manual);
    Consumer<MigrationHarness> approveInDualRun = h -> {
      if (h.phase() == Phase.DualRun) {
        h.sam.getSpec().getCutover().setApproved(true);
      }
    };
    return List.of(
        new Path("automatic cutover at the deadline, token delivered", delivers, none),
        new Path("automatic cutover at the deadline, proof Secrets only", none, none),
        new Path("automatic cutover keeping the source ServiceAccount", h -> h.sam.getSpec().getCutover().getRevoke()
            .setServiceAccount(RevokeSpec.ServiceAccountAction.Keep), none),
        new Path("manual approval during the dual run", delivers.andThen(manual), approveInDualRun),
        new Path("rollback at the deadline without approval", delivers.andThen(manual), none),
        new Path("rollback at the deadline (onDeadline Rollback)", h -> {
          delivers.accept(h);
          h.sam.getSpec().getDualRun().setOnDeadline(DualRunSpec.OnDeadline.Rollback);
        }, none),
        new Path("target broken at the deadline, onDeadline Rollback", h -> {
          h.sam.getSpec().getDualRun().setOnDeadline(DualRunSpec.OnDeadline.Rollback);
        }, h -> {
          if (h.phase() == Phase.DualRun && !h.clock.instant().isBefore(h.deadline())) {
            h.target.remove("RoleBinding", PlanFixtures.NS, "secret-reader");
          }
        }),
        new Path("deleted during the dual run", delivers, h -> {
          if (h.phase() == Phase.DualRun) {
            h.deleting = true;
          }
        }),
        new Path("deleted while cutting over", delivers, h -> {
          if (h.phase() == Phase.CuttingOver) {
            h.deleting = true;
          }
        }),
        new Path("deleted after completion", delivers, h -> {
          if (h.phase() == Phase.Completed) {
            h.deleting = true;
          }
        }));
  }

  /** Drives the migration as the operator would — reschedules fire on time, events happen when the path says. */
  static void settle(MigrationHarness h, Path path, MigrationInvariants inv) {
    for (int i = 0; i < MAX_TICKS; i++) {
      path.events().accept(h);
      if (h.gone || (!h.deleting && h.phase().isTerminal() && !wantsDeletionLater(path, h))) {
        return;
      }
      inv.at("tick " + i + " in " + h.phase() + (h.deleting ? " (deleting)" : ""));
      h.tick();
      inv.checkNow();
      if (h.nextRun != null && h.nextRun.isAfter(h.clock.instant())) {
        h.clock.set(h.nextRun);
      } else if (h.nextRun == null && !h.deleting && !h.gone && !h.phase().isTerminal()) {
        throw new AssertionError(path + ": waits for an event that never comes in " + h.phase());
      }
    }
    throw new AssertionError(path + ": did not settle in " + MAX_TICKS + " reconciles; phase " + h.phase());
  }

  private static boolean wantsDeletionLater(Path path, MigrationHarness h) {
    return path.name().equals("deleted after completion") && h.phase() == Phase.Completed && !h.deleting;
  }

  private record Outcome(String phase, Set<String> source, Set<String> target, List<String> writes) {}

  private static Outcome run(Path path, int crashAfter, List<String> violations, long[] checks) {
    MigrationHarness h = new MigrationHarness();
    path.configure().accept(h);
    MigrationInvariants inv = new MigrationInvariants(h);
    h.crashAfterWrite(crashAfter);
    settle(h, path, inv);
    inv.at("settled");
    inv.checkSettled();
    if (crashAfter > 0) {
      assertThat(h.crashes).as(path + ": the crash after write " + crashAfter + " happened").isEqualTo(1);
    }
    violations.addAll(inv.violations.stream().map(v -> path + ", crash after write " + crashAfter + ": " + v).toList());
    checks[0] += inv.checks;
    return new Outcome(h.gone ? "deleted" : h.phase().name(), names(h.source.objects()), names(h.target.objects()), h.writes);
  }

  /** Kind/namespace/name of every object, with the subjects of bindings (UIDs differ between runs only by proofs). */
  private static Set<String> names(List<HasMetadata> objects) {
    Set<String> out = new TreeSet<>();
    for (HasMetadata o : objects) {
      String id = o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
      if (o instanceof io.fabric8.kubernetes.api.model.rbac.RoleBinding b) {
        id += " " + b.getSubjects().stream().map(s -> s.getKind() + ":" + s.getName()).sorted().collect(Collectors.joining(","));
      } else if (o instanceof io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding b) {
        id += " " + b.getSubjects().stream().map(s -> s.getKind() + ":" + s.getName()).sorted().collect(Collectors.joining(","));
      }
      out.add(id);
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  void aCrashAfterAnyWriteResumesToTheCleanRunsOutcomeWithEveryInvariantHeld(Path path) {
    List<String> violations = new java.util.ArrayList<>();
    long[] checks = {0};
    Outcome clean = run(path, 0, violations, checks);
    int enumerated = clean.writes().size();
    assertThat(enumerated).as(path + ": writes enumerated by the clean run").isPositive();
    assertThat(clean.writes()).as(path + ": the clean run writes status").anyMatch(w -> w.startsWith("control status"));

    int exercised = 0;
    for (int k = 1; k <= enumerated; k++) {
      Outcome crashed = run(path, k, violations, checks);
      exercised++;
      assertThat(crashed.writes().subList(0, k)).as(path + ": crash run " + k + " follows the clean path up to the crash")
          .isEqualTo(clean.writes().subList(0, k));
      assertThat(crashed.phase()).as(path + ", crash after write " + k + " (" + clean.writes().get(k - 1) + "): end phase")
          .isEqualTo(clean.phase());
      assertThat(crashed.source()).as(path + ", crash after write " + k + ": source end state").isEqualTo(clean.source());
      assertThat(crashed.target()).as(path + ", crash after write " + k + ": target end state").isEqualTo(clean.target());
    }
    ReliabilityReport.add(ReliabilityReport.Counter.CRASH_POINTS, exercised);
    ReliabilityReport.add(ReliabilityReport.Counter.INVARIANT_CHECKS, checks[0]);
    ReliabilityReport.add(ReliabilityReport.Counter.VIOLATIONS, violations.size());
    System.out.printf("crash points for \"%s\": %d writes enumerated, %d crash points exercised%n", path, enumerated, exercised);
    assertThat(exercised).as(path + ": every enumerated write is a crash point").isEqualTo(enumerated);
    assertThat(violations).as(path + ": invariant violations").isEmpty();
  }
}
