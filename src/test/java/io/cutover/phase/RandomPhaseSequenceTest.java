package io.cutover.phase;

import static io.cutover.plan.PlanFixtures.NS;
import static io.cutover.plan.PlanFixtures.SA;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.CutoverSpec;
import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.cluster.TestingClusterPort.Call;
import io.cutover.cluster.TestingClusterPort.IssuedRecord;
import io.cutover.plan.PlanFixtures;
import io.cutover.rbac.EffectiveRules;
import io.cutover.rbac.Grant;
import io.cutover.rbac.ServiceAccountIdentity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the phase machine through {@link Steps#forPhase} on the fakes with random clock advances, random approvals and
 * random transient failures (before or after the call takes effect), and checks the invariants after every reconcile:
 * no source revocation before a successful target proof, a deadline that never changes once written, a revocation
 * that completes once started, and at most one fresh live delivered token. Fixed seeds; the seed is in every message.
 */
class RandomPhaseSequenceTest {
  private static final String DELIVERY_SECRET = "payments-api-token";
  private static final int STEPS = 250;

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 60);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void invariantsHoldUnderRandomTimingApprovalsAndTransientFailures(long seed) {
    Random rnd = new Random(seed);
    MigrationHarness h = new MigrationHarness();
    var spec = h.sam.getSpec();
    spec.getCutover().setApproval(rnd.nextBoolean() ? CutoverSpec.Approval.Manual : CutoverSpec.Approval.Automatic);
    spec.getDualRun().setOnDeadline(rnd.nextInt(4) == 0 ? DualRunSpec.OnDeadline.Rollback : DualRunSpec.OnDeadline.Cutover);
    spec.getDualRun().setWindow(List.of("2m", "15m", "1h").get(rnd.nextInt(3)));
    boolean delivers = rnd.nextBoolean();
    if (delivers) {
      spec.getTokens().setSecretName(DELIVERY_SECRET);
      h.target.maxTokenSeconds(600L + rnd.nextInt(3000));
    }
    double failureRate = List.of(0.0, 0.02, 0.05).get(rnd.nextInt(3));
    h.source.randomFailures(new Random(seed * 31 + 1), failureRate, op -> true);
    h.target.randomFailures(new Random(seed * 31 + 2), failureRate, op -> true);
    String config = "seed " + seed + " (approval " + spec.getCutover().getApproval() + ", onDeadline "
        + spec.getDualRun().getOnDeadline() + ", window " + spec.getDualRun().getWindow() + ", delivers " + delivers
        + ", failure rate " + failureRate + ")";

    Invariants inv = new Invariants(h, config, delivers);
    for (int i = 0; i < STEPS && !h.phase().isTerminal(); i++) {
      if (rnd.nextInt(20) == 0) {
        spec.getCutover().setApproved(true);
      }
      advanceClock(h, rnd);
      inv.reconcileAndCheck(i);
    }

    // Let the transient failures end; whatever was started must finish.
    h.source.noRandomFailures();
    h.target.noRandomFailures();
    spec.getCutover().setApproved(true);
    for (int i = 0; i < 50 && !h.phase().isTerminal(); i++) {
      h.clock.advance(Duration.ofMinutes(2));
      inv.reconcileAndCheck(STEPS + i);
    }
    boolean revocationStarted = inv.revocationStarted;
    assertThat(h.phase()).as(config + ": ends in a terminal phase").matches(Phase::isTerminal);
    if (revocationStarted) {
      assertThat(h.phase()).as(config).isEqualTo(Phase.Completed);
    }
    if (h.phase() == Phase.Completed) {
      String plannedUid = h.status.getPlan().getSourceUid();
      assertThat(h.source.get(ServiceAccount.class, "ServiceAccount", NS, SA).map(s -> s.getMetadata().getUid()))
          .as(config + ": source ServiceAccount revoked").isNotEqualTo(java.util.Optional.of(plannedUid));
      assertThat(h.source.legacyTokenSecrets(NS, SA)).as(config + ": legacy secrets revoked").isEmpty();
      assertThat(EffectiveRules.grantsFor(h.source.rbac(), new ServiceAccountIdentity(NS, SA)).stream()
          .filter(Grant::direct)).as(config + ": bindings revoked").isEmpty();
    } else {
      assertThat(h.source.exists("ServiceAccount", NS, SA)).as(config + ": source untouched").isTrue();
      assertThat(h.source.exists("Secret", NS, PlanFixtures.LEGACY_SECRET)).as(config + ": source untouched").isTrue();
    }
  }

  /** The invariants, checked after every reconcile. */
  private static final class Invariants {
    private final MigrationHarness h;
    private final String config;
    private final boolean delivers;
    private String firstDeadline;
    private boolean revocationStarted;
    private boolean proven;

    Invariants(MigrationHarness h, String config, boolean delivers) {
      this.h = h;
      this.config = config;
      this.delivers = delivers;
    }

    void reconcileAndCheck(int i) {
      Phase before = h.phase();
      int journalBefore = h.journal.calls().size();

      h.reconcile();

      List<Call> calls = h.journal.calls();
      String where = config + ", reconcile " + i + " in " + before + " -> " + h.phase() + ": ";
      for (Call c : calls.subList(journalBefore, calls.size())) {
        if (c.cluster().equals(PlanFixtures.TARGET) && c.operation().equals("reviewToken")) {
          proven = c.outcome().startsWith("authenticated system:serviceaccount:" + NS + ":" + SA);
        }
        if (PhaseStepsTest.isSourceRevocation(c)) {
          assertThat(before).as(where + "revocation outside CuttingOver: " + c).isEqualTo(Phase.CuttingOver);
          assertThat(proven).as(where + "revocation without a prior successful target proof: " + c).isTrue();
          revocationStarted = true;
        }
      }
      if (before == Phase.CuttingOver) {
        revocationStarted = true;
      }
      if (revocationStarted) {
        assertThat(h.phase()).as(where + "a started revocation turned back")
            .isIn(Phase.CuttingOver, Phase.Verifying, Phase.Completed);
      }
      if (firstDeadline == null && h.status.getDualRun() != null) {
        firstDeadline = h.status.getDualRun().getDeadline();
      }
      if (firstDeadline != null) {
        assertThat(h.status.getDualRun().getDeadline()).as(where + "deadline changed").isEqualTo(firstDeadline);
      }
      if (delivers) {
        assertAtMostOneFreshDeliveredToken(h, where);
      }
    }
  }

  private static void advanceClock(MigrationHarness h, Random rnd) {
    int choice = rnd.nextInt(4);
    if (choice == 0 && h.nextRun != null && h.nextRun.isAfter(h.clock.instant())) {
      h.clock.set(h.nextRun); // the reschedule fires
    } else if (choice == 1) {
      h.clock.advance(Duration.ofMillis(rnd.nextInt(2000))); // an event right away
    } else if (choice == 2) {
      h.clock.advance(Duration.ofSeconds(rnd.nextInt(120)));
    } else {
      h.clock.advance(Duration.ofSeconds(rnd.nextInt(1200)));
    }
  }

  /**
   * Tokens ever written into the delivery Secret that still authenticate and are not yet due for renewal: at most one.
   * (A renewed token's predecessor stays valid until it expires, as in Kubernetes; it is past its renewal point.)
   */
  private static void assertAtMostOneFreshDeliveredToken(MigrationHarness h, String where) {
    Instant now = h.clock.instant();
    List<IssuedRecord> fresh = h.target.writtenInto(NS, DELIVERY_SECRET).stream()
        .filter(h.target::isLive)
        .filter(r -> now.isBefore(r.issuedAt().plusMillis(Duration.between(r.issuedAt(), r.expiresAt()).toMillis() * 8 / 10)))
        .toList();
    assertThat(fresh).as(where + "fresh live delivered tokens").hasSizeLessThanOrEqualTo(1);
  }
}
