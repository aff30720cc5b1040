package io.cutover.phase;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.policy.MigrationPolicy;
import io.cutover.status.StatusEditor;
import io.cutover.trust.RelyingPartyProbe;
import io.cutover.testing.ReliabilityReport;
import org.junit.jupiter.api.Test;

/** The gate before Pending and Planning: a migration outside the policy never reads the source. */
class AdmissionGateTest {
  static final MigrationPolicy PAYMENTS_ONLY = MigrationPolicy.parse("""
      allow:
        - migrationNamespaces: [cutover-system]
          sourceNamespaces: [payments]
          targetNamespaces: [payments]
      """, "the test policy");

  /** The harness's migration and clusters, driven with {@code policy} (the harness itself permits everything). */
  static final class Run {
    final MigrationHarness h = new MigrationHarness();
    final MigrationPolicy policy;

    Run(MigrationPolicy policy) {
      this.policy = policy;
    }

    StepResult turn() {
      ServiceAccountMigrationStatus working = StatusEditor.copyOf(h.status);
      var ctx = new StepContext(h.sam, new StatusEditor(working, h.clock.instant(), 1), h.clock, () -> h.source,
          () -> h.target, policy, RelyingPartyProbe.refusing());
      StepResult r = PhaseMachine.turn(ctx, h.clock).result();
      h.status = working;
      return r;
    }
  }

  @Test
  void aTargetNamespaceOutsideThePolicyFailsNotPermittedWithZeroClusterRequests() {
    Run run = new Run(PAYMENTS_ONLY);
    run.h.sam.getSpec().getTarget().setNamespace("orders");

    StepResult result = run.turn();
    run.turn();

    assertThat(result).isInstanceOf(StepResult.Fail.class);
    assertThat(run.h.phase()).isEqualTo(Phase.Failed);
    assertThat(run.h.condition(Conditions.READY)).isEqualTo("False/NotPermitted");
    assertThat(StatusEditor.find(run.h.status, Conditions.READY).orElseThrow().getMessage())
        .contains("cutover-system").contains("payments").contains("orders");
    assertThat(run.h.source.calls()).as("source requests").isEmpty();
    assertThat(run.h.target.calls()).as("target requests").isEmpty();
    ReliabilityReport.increment(ReliabilityReport.Counter.MALFORMED_INPUTS);
  }

  @Test
  void aSourceNamespaceOutsideThePolicyFailsNotPermitted() {
    Run run = new Run(PAYMENTS_ONLY);
    run.h.sam.getSpec().getSource().setNamespace("billing");
    run.h.sam.getSpec().getTarget().setNamespace("payments");

    run.turn();

    assertThat(run.h.condition(Conditions.READY)).isEqualTo("False/NotPermitted");
    assertThat(run.h.journal.calls()).isEmpty();
    ReliabilityReport.increment(ReliabilityReport.Counter.MALFORMED_INPUTS);
  }

  @Test
  void aMigrationCreatedInANamespaceOutsideThePolicyFailsNotPermitted() {
    Run run = new Run(PAYMENTS_ONLY);
    run.h.sam.getMetadata().setNamespace("team-a");

    run.turn();

    assertThat(run.h.condition(Conditions.READY)).isEqualTo("False/NotPermitted");
    assertThat(run.h.journal.calls()).isEmpty();
    ReliabilityReport.increment(ReliabilityReport.Counter.MALFORMED_INPUTS);
  }

  @Test
  void theDefaultPolicyRefusesAMigrationOfAnotherNamespacesIdentity() {
    Run run = new Run(MigrationPolicy.ownNamespaceOnly());

    run.turn();

    assertThat(run.h.condition(Conditions.READY)).isEqualTo("False/NotPermitted");
    assertThat(run.h.journal.calls()).isEmpty();
  }

  @Test
  void aPermittedMigrationPassesTheGateAndPlansAgainstTheSource() {
    Run run = new Run(PAYMENTS_ONLY);

    run.turn(); // Pending -> Planning
    run.turn(); // Planning reads and plans

    assertThat(run.h.phase()).isEqualTo(Phase.Planned);
    assertThat(run.h.source.calls()).as("the gate let it through to the source").isNotEmpty();
  }

  @Test
  void theGateAlsoGuardsARePlanAfterASpecChange() {
    Run run = new Run(PAYMENTS_ONLY);
    run.h.sam.getSpec().setDryRun(true);
    run.turn();
    run.turn();
    assertThat(run.h.phase()).isEqualTo(Phase.Planned);
    run.h.journal.clear();

    // the spec is edited to an invalid window; Planned re-plans, and the gate refuses before reading
    run.h.sam.getSpec().getDualRun().setWindow("0s");
    run.h.sam.getMetadata().setGeneration(2L);
    run.turn(); // Planned -> Planning
    run.turn(); // Planning: gate

    assertThat(run.h.phase()).isEqualTo(Phase.Failed);
    assertThat(run.h.condition(Conditions.READY)).isEqualTo("False/InvalidSpec");
    assertThat(run.h.journal.calls()).isEmpty();
  }
}
