package io.cutover.phase;

import static io.cutover.plan.PlanFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.plan.PlanFixtures;
import io.cutover.plan.TargetObjects;
import io.cutover.testing.ReliabilityReport;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deadline across downtime and API errors, on the fakes with an injected clock. Each API call costs
 * {@link #CALL_LATENCY} of clock time, so the lateness recorded in status ({@code status.cutover.latenessMillis}) is
 * a measurement of the work between the deadline and the end of the revocation.
 */
class DeadlineTest {
  private static final Duration CALL_LATENCY = Duration.ofMillis(10);
  private static final String CANARY = "cutover-canary-" + TargetObjects.shortUid(PlanFixtures.MIGRATION_UID);

  private static MigrationHarness inDualRun() {
    return withLatency(PhaseStepsTest.inDualRun());
  }

  /** In the dual run with the token delivered into spec.tokens.secretName. */
  private static MigrationHarness inDualRunDelivering() {
    MigrationHarness h = new MigrationHarness();
    h.sam.getSpec().getTokens().setSecretName(MigrationInvariants.DELIVERY_SECRET);
    return withLatency(PhaseStepsTest.inDualRun(h));
  }

  private static MigrationHarness withLatency(MigrationHarness h) {
    h.source.callLatency(CALL_LATENCY);
    h.target.callLatency(CALL_LATENCY);
    return h;
  }

  /** Reconciles as the operator does, firing each reschedule on time, until the phase is reached. */
  private static void driveUntil(MigrationHarness h, Phase wanted, MigrationInvariants inv, Duration maxWait) {
    for (int i = 0; i < 500 && h.phase() != wanted; i++) {
      inv.at("reconcile " + i + " in " + h.phase() + " at " + h.clock.instant());
      h.tick();
      inv.checkNow();
      if (h.phase() == wanted) {
        return;
      }
      assertThat(h.nextRun).as("a migration in flight always carries its own reschedule (" + h.phase() + ")").isNotNull();
      if (!h.clock.instant().isBefore(h.deadline())) {
        assertThat(Duration.between(h.clock.instant(), h.nextRun)).as("reschedule after the deadline")
            .isLessThanOrEqualTo(maxWait);
      }
      if (h.nextRun.isAfter(h.clock.instant())) {
        h.clock.set(h.nextRun);
      }
    }
    assertThat(h.phase()).isEqualTo(wanted);
  }

  private static long lateness(MigrationHarness h) {
    return h.status.getCutover().getLatenessMillis();
  }

  /** A Role {@code name} with one rule, bound to the identity (payments/payments-api) on {@code cluster}. */
  private static void bindToTheIdentity(io.cutover.cluster.TestingClusterPort cluster, String name, String group,
      String resource, String verb) {
    cluster.put(new RoleBuilder().withNewMetadata().withNamespace(NS).withName(name).endMetadata()
        .addNewRule().withApiGroups(group).withResources(resource).withVerbs(verb).endRule().build());
    cluster.put(new RoleBindingBuilder().withNewMetadata().withNamespace(NS).withName(name).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
        .addNewSubject().withKind("ServiceAccount").withNamespace(NS).withName(PlanFixtures.SA).endSubject().build());
  }

  private static long targetCalls(MigrationHarness h, int from, String operation) {
    return calls(h, from, PlanFixtures.TARGET, operation);
  }

  private static long sourceCalls(MigrationHarness h, int from, String operation) {
    return calls(h, from, PlanFixtures.SOURCE, operation);
  }

  private static long calls(MigrationHarness h, int from, String cluster, String operation) {
    return h.journal.calls().subList(from, h.journal.calls().size()).stream()
        .filter(c -> c.cluster().equals(cluster) && c.operation().equals(operation)).count();
  }

  @Test
  void thePreCutoverPointPreparesTheRevocationKeepsTheStandingProofAndRevokesNothing() {
    MigrationHarness h = inDualRun();
    MigrationInvariants inv = new MigrationInvariants(h);
    Instant prepareAt = h.deadline().minus(CutoverLead.BASE);
    h.clock.set(prepareAt);
    int from = h.journal.calls().size();

    StepResult r = h.reconcile();

    assertThat(r).isInstanceOf(StepResult.Wait.class);
    assertThat(((StepResult.Wait) r).until()).isEqualTo(h.deadline());
    assertThat(h.phase()).isEqualTo(Phase.DualRun);
    assertThat(h.condition(Conditions.TARGET_PROVEN)).isEqualTo("True/Proven");
    assertThat(targetCalls(h, from, "reviewAccess"))
        .as("the target's rules are those proven and no permission is new: no SubjectAccessReview").isZero();
    assertThat(sourceCalls(h, from, "podsRunningAs")).as("the source was re-planned").isOne();
    assertThat(h.source.readToken(NS, CANARY)).as("canary minted before the deadline").isPresent();
    var cutover = h.status.getCutover();
    assertThat(Instant.parse(cutover.getPreparedAt())).isBetween(prepareAt, h.deadline());
    assertThat(cutover.getIntentAt()).as("prepared, not decided").isNull();
    String saUid = h.source.serviceAccount(NS, PlanFixtures.SA).orElseThrow().getMetadata().getUid();
    String secretUid = h.source.secret(NS, PlanFixtures.LEGACY_SECRET).orElseThrow().getMetadata().getUid();
    assertThat(cutover.getPrepared()).contains(new ObjectRef("ServiceAccount", NS, PlanFixtures.SA, saUid),
        new ObjectRef("Secret", NS, PlanFixtures.LEGACY_SECRET, secretUid));
    assertThat(h.journal.calls()).noneMatch(inv::isSourceRevocation);
  }

  @Test
  void aPermissionTheSourceGainedDuringTheDualRunIsProvenByAccessReviewAtThePreCutoverPoint() {
    MigrationHarness h = inDualRun();
    bindToTheIdentity(h.source, "gained", "example.com", "widgets", "delete");
    h.clock.set(h.deadline().minus(CutoverLead.BASE));
    int from = h.journal.calls().size();

    h.reconcile();

    assertThat(targetCalls(h, from, "reviewAccess")).as("a new permission is asked of the target's authorizer")
        .isPositive();
    assertThat(h.condition(Conditions.TARGET_PROVEN)).as("the target was not given it").isEqualTo("False/TargetNotProven");
  }

  @Test
  void atTheDeadlineOnlyTheDeliveredTokenIsReviewedAgainAndTheRevocationFollowsAtOnce() {
    MigrationHarness h = inDualRunDelivering();
    MigrationInvariants inv = new MigrationInvariants(h);
    h.clock.set(h.deadline().minus(CutoverLead.BASE));
    h.reconcile();
    h.clock.set(h.nextRun);
    int from = h.journal.calls().size();

    driveUntil(h, Phase.Verifying, inv, Duration.ZERO);

    assertThat(targetCalls(h, from, "reviewToken")).as("the delivered token is reviewed at the deadline").isOne();
    assertThat(targetCalls(h, from, "reviewAccess")).as("the target's rules did not change: no access review").isZero();
    assertThat(targetCalls(h, from, "requestToken")).as("no TokenRequest at the deadline").isZero();
    assertThat(targetCalls(h, from, "createIfAbsent")).as("no proof Secret at the deadline").isZero();
    assertThat(sourceCalls(h, from, "podsRunningAs")).as("no re-plan at the deadline").isZero();
    assertThat(sourceCalls(h, from, "readToken")).as("the canary is not read at the deadline").isZero();
    long prepared = lateness(h);

    MigrationHarness cold = inDualRunDelivering();
    cold.clock.set(cold.deadline());
    driveUntil(cold, Phase.Verifying, new MigrationInvariants(cold), Duration.ZERO);
    long unprepared = lateness(cold);

    System.out.printf("cutover lateness at %d ms per API call: %d ms with the pre-cutover preparation, %d ms without%n",
        CALL_LATENCY.toMillis(), prepared, unprepared);
    assertThat(prepared).as("lateness with the pre-cutover preparation").isLessThan(unprepared);
    assertThat(inv.violations).isEmpty();
  }

  @Test
  void aTargetBindingChangedAfterThePreparationIsAskedByAccessReviewAtTheDeadline() {
    MigrationHarness h = inDualRun();
    MigrationInvariants inv = new MigrationInvariants(h);
    h.clock.set(h.deadline().minus(CutoverLead.BASE));
    h.reconcile();
    // An unrelated rule bound to the target identity: its rules differ from the ones proven.
    bindToTheIdentity(h.target, "extra", "", "events", "get");
    h.clock.set(h.nextRun);
    int from = h.journal.calls().size();

    driveUntil(h, Phase.Verifying, inv, Duration.ZERO);

    assertThat(targetCalls(h, from, "reviewAccess")).as("every planned permission asked again")
        .isEqualTo(TargetProof.plannedChecks(h.context()).size());
    assertThat(inv.violations).isEmpty();
  }

  @Test
  void aPreparationOlderThanTheFreshnessBoundIsNotReliedOn() {
    MigrationHarness h = inDualRun();
    MigrationInvariants inv = new MigrationInvariants(h);
    h.clock.set(h.deadline().minus(CutoverLead.BASE));
    h.reconcile();
    h.clock.set(h.deadline().plus(Duration.ofMinutes(3))); // the operator was down across the deadline
    int from = h.journal.calls().size();

    h.reconcile();

    assertThat(h.phase()).isEqualTo(Phase.CuttingOver);
    assertThat(sourceCalls(h, from, "podsRunningAs")).as("the source was re-planned").isOne();
    assertThat(targetCalls(h, from, "reviewToken")).as("and the token reviewed").isPositive();
    assertThat(Instant.parse(h.status.getCutover().getPreparedAt())).isAfterOrEqualTo(h.deadline());
    assertThat(inv.violations).isEmpty();
  }

  @ParameterizedTest(name = "operator down {0} s past the deadline")
  @ValueSource(longs = {1, 600, 3 * 3600})
  void anOperatorDownAcrossTheDeadlineRevokesRightAfterRestartAndNothingBefore(long downSeconds) {
    MigrationHarness h = inDualRun();
    MigrationInvariants inv = new MigrationInvariants(h);
    h.clock.set(h.deadline().minus(Duration.ofMinutes(5)));
    h.reconcile(); // the last reconcile before the crash: waits
    Instant restart = h.deadline().plusSeconds(downSeconds);
    h.clock.set(restart); // down: nothing runs, the reschedule is lost with the process

    driveUntil(h, Phase.Completed, inv, Duration.ZERO); // a new instance reconciles everything at start

    long lateness = lateness(h);
    System.out.printf("operator down %d s across the deadline: lateness %d ms%n", downSeconds, lateness);
    assertThat(h.status.getCutover().getTrigger()).isEqualTo("Deadline");
    assertThat(Instant.parse(h.status.getCutover().getIntentAt())).isAfterOrEqualTo(restart);
    assertThat(lateness).as("lateness = downtime + the work of one cutover").isBetween(downSeconds * 1000, downSeconds * 1000 + 1_000);
    assertThat(inv.violations).isEmpty();
    ReliabilityReport.add(ReliabilityReport.Counter.INVARIANT_CHECKS, inv.checks);
  }

  record Burst(String name, Duration from, Duration to, boolean source, boolean target) {}

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"both clusters -5s..+20s", "both clusters -5s..+2m", "source only 0s..+3m", "target only -30s..+4m"})
  void aBurstOfApiErrorsAroundTheDeadlineDelaysTheRevocationByAtMostTheBackoffCapAfterItEnds(String name) {
    Burst b = switch (name) {
      case "both clusters -5s..+20s" -> new Burst(name, Duration.ofSeconds(-5), Duration.ofSeconds(20), true, true);
      case "both clusters -5s..+2m" -> new Burst(name, Duration.ofSeconds(-5), Duration.ofMinutes(2), true, true);
      case "source only 0s..+3m" -> new Burst(name, Duration.ZERO, Duration.ofMinutes(3), true, false);
      default -> new Burst(name, Duration.ofSeconds(-30), Duration.ofMinutes(4), false, true);
    };
    MigrationHarness h = inDualRun();
    MigrationInvariants inv = new MigrationInvariants(h);
    Instant start = h.deadline().plus(b.from());
    Instant end = h.deadline().plus(b.to());
    if (b.source()) {
      h.source.randomFailures(new Random(1), 1.0, op -> !h.clock.instant().isBefore(start) && h.clock.instant().isBefore(end));
    }
    if (b.target()) {
      h.target.randomFailures(new Random(2), 1.0, op -> !h.clock.instant().isBefore(start) && h.clock.instant().isBefore(end));
    }

    driveUntil(h, Phase.Completed, inv, PhaseMachine.MAX_BACKOFF);

    long injected = h.journal.calls().stream().filter(c -> c.outcome().contains("injected")).count();
    long lateness = lateness(h);
    long bound = Duration.between(h.deadline(), end).toMillis() + PhaseMachine.MAX_BACKOFF.toMillis() + 1_000;
    System.out.printf("API error burst %s (%d faults): lateness %d ms, bound %d ms%n", name, injected, lateness, bound);
    assertThat(injected).isPositive();
    assertThat(lateness).as("revocation at most the backoff cap after the burst ends").isBetween(0L, bound);
    assertThat(inv.violations).isEmpty();
    ReliabilityReport.add(ReliabilityReport.Counter.FAULT_INJECTIONS, injected);
    ReliabilityReport.add(ReliabilityReport.Counter.INVARIANT_CHECKS, inv.checks);
  }
}
