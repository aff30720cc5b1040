package io.cutover.phase;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Confirmation;
import io.cutover.api.v1alpha1.CutoverSpec;
import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.RelyingParty;
import io.cutover.cluster.TestingClusterPort;
import io.cutover.plan.PlanFixtures;
import io.cutover.trust.IdleGate;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trust hooks in the phase machine, on the in-memory clusters with a fixed clock. */
class TrustPhasesTest {

  static void runningPod(MigrationHarness h, String name) {
    h.source.put(new PodBuilder().withNewMetadata().withName(name).withNamespace(PlanFixtures.NS).endMetadata()
        .withNewSpec().withServiceAccountName(PlanFixtures.SA).endSpec().withNewStatus().withPhase("Running").endStatus()
        .build());
  }

  static void stopAllPods(MigrationHarness h) {
    h.source.objects().stream().filter(o -> o.getKind().equals("Pod"))
        .forEach(p -> h.source.remove("Pod", p.getMetadata().getNamespace(), p.getMetadata().getName()));
  }

  static MigrationHarness inDualRunRequiringIdle() {
    MigrationHarness h = new MigrationHarness();
    h.sam.getSpec().getCutover().setRequireIdle(true);
    runningPod(h, "api-1");
    assertThat(h.runWhileAdvancing(10)).isEqualTo(Phase.DualRun);
    return h;
  }

  @Test
  void requireIdleWaitsShortOfTheDeadlineWhileAPodRunsAndCutsOverAsSoonAsItStops() {
    MigrationHarness h = inDualRunRequiringIdle();

    h.reconcile();
    assertThat(h.phase()).isEqualTo(Phase.DualRun);
    assertThat(h.condition("Ready")).isEqualTo("False/AwaitingIdle");
    assertThat(h.nextRun).isEqualTo(h.clock.instant().plus(IdleGate.POLL)).isBefore(h.deadline());
    assertThat(h.source.serviceAccount(PlanFixtures.NS, PlanFixtures.SA)).isPresent();

    h.clock.advance(Duration.ofMinutes(3));
    stopAllPods(h);
    h.reconcile();

    assertThat(h.phase()).isEqualTo(Phase.CuttingOver);
    assertThat(h.status.getCutover().getTrigger()).isEqualTo("Idle");
    assertThat(h.runUntil(Phase.Completed, 10)).isEqualTo(Phase.Completed);
    assertThat(h.status.getCutover().getLatenessMillis()).isNegative();
  }

  @Test
  void atTheDeadlineWithOnDeadlineCutoverItCutsOverAndSaysWhatWasStillInUse() {
    MigrationHarness h = inDualRunRequiringIdle();
    h.clock.set(h.deadline());

    assertThat(h.runUntil(Phase.Completed, 10)).isEqualTo(Phase.Completed);
    assertThat(h.status.getCutover().getTrigger()).isEqualTo("Deadline");
    assertThat(h.status.getTrust().getInUseAtCutover()).contains("Pod payments/api-1");
  }

  @Test
  void atTheDeadlineWithOnDeadlineRollbackItRollsBackAndTheSourceStays() {
    MigrationHarness h = inDualRunRequiringIdle();
    h.sam.getSpec().getDualRun().setOnDeadline(DualRunSpec.OnDeadline.Rollback);
    h.clock.set(h.deadline());

    assertThat(h.runUntil(Phase.RolledBack, 10)).isEqualTo(Phase.RolledBack);
    assertThat(h.status.getCutover()).isNull();
    assertThat(h.source.serviceAccount(PlanFixtures.NS, PlanFixtures.SA)).isPresent();
  }

  @Test
  void anIdleIdentityDoesNotStandInForAManualApproval() {
    MigrationHarness h = new MigrationHarness();
    stopAllPods(h);
    h.sam.getSpec().getCutover().setRequireIdle(true);
    h.sam.getSpec().getCutover().setApproval(CutoverSpec.Approval.Manual);
    assertThat(h.runWhileAdvancing(10)).isEqualTo(Phase.DualRun);

    h.reconcile();

    assertThat(h.phase()).isEqualTo(Phase.DualRun);
    assertThat(h.condition("Ready")).isEqualTo("False/AwaitingApproval");
  }

  @Test
  void aRelyingPartyThatIsNotConfirmedKeepsProvisioningOutOfTheDualRunAndTheDeadlineRollsItBack() {
    MigrationHarness h = new MigrationHarness();
    h.sam.getSpec().getTrust().getRelyingParties().add(new RelyingParty("vault", RelyingParty.Kind.Vault, "vault"));

    assertThat(h.runWhileAdvancing(10)).isEqualTo(Phase.Provisioning);
    assertThat(h.condition("TrustRebound")).isEqualTo("False/TrustNotRebound");
    assertThat(h.condition("Ready")).isEqualTo("False/TrustNotRebound");
    assertThat(h.status.getTrust().getGate()).anyMatch(c -> c.name().equals("RelyingParty:vault") && !c.passed());
    assertThat(h.nextRun).as("no probe: wakes at the deadline (or on a spec change)").isEqualTo(h.deadline());

    // Confirmed by commit, but the fake's opaque tokens cannot verify offline: the gate stays closed.
    h.sam.getSpec().getTrust().getRelyingParties().get(0).setConfirmed(new Confirmation("abc1234"));
    h.reconcile();
    assertThat(h.status.getTrust().getGate())
        .anyMatch(c -> c.name().equals("RelyingParty:vault") && c.passed())
        .anyMatch(c -> c.name().startsWith("OfflineSignature") && !c.passed());
    assertThat(h.phase()).isEqualTo(Phase.Provisioning);

    h.clock.set(h.deadline());
    assertThat(h.runUntil(Phase.RolledBack, 10)).isEqualTo(Phase.RolledBack);
    assertThat(h.status.getHistory()).noneMatch(e -> e.phase() == Phase.DualRun)
        .anyMatch(e -> e.phase() == Phase.RollingBack && "TrustNotRebound".equals(e.reason()));
  }

  @Test
  void twoClustersSharingOneIssuerStillWaitForAVaultPartyKeyedOnTheUidButNotForOneKeyedOnTheSubject() {
    MigrationHarness h = new MigrationHarness();
    h.target.issuer("https://" + PlanFixtures.SOURCE + ".cluster.test"); // the source's: same issuer, same subject
    h.sam.getSpec().getTrust().getRelyingParties().add(new RelyingParty("vault", RelyingParty.Kind.Vault, "vault"));
    RelyingParty byName = new RelyingParty("vault-by-name", RelyingParty.Kind.Vault, "vault");
    byName.setIdentityKey(RelyingParty.IdentityKey.Subject);
    h.sam.getSpec().getTrust().getRelyingParties().add(byName);

    assertThat(h.runWhileAdvancing(10)).isEqualTo(Phase.Provisioning);
    h.reconcile(); // provisioning re-plans each turn: the target ServiceAccount (and its UID) exists now
    String targetUid = h.status.getProvenance().getTargetUid();

    assertThat(targetUid).isNotNull().isNotEqualTo(h.status.getProvenance().getSourceUid());
    assertThat(h.status.getPlan().getIssuerChanged()).isFalse();
    assertThat(h.phase()).isEqualTo(Phase.Provisioning);
    assertThat(h.condition("TrustRebound")).isEqualTo("False/TrustNotRebound");
    assertThat(h.status.getPlan().getTrust()).filteredOn(r -> r.name().equals("vault")).singleElement()
        .satisfies(r -> assertThat(r.newKey()).isEqualTo(targetUid));
    assertThat(h.status.getTrust().getGate())
        .anyMatch(c -> c.name().equals("RelyingParty:vault") && !c.passed() && c.message().startsWith("not confirmed")
            && c.message().contains("alias_name_source") && c.message().contains("name=" + targetUid))
        .anyMatch(c -> c.name().equals("RelyingParty:vault-by-name") && c.passed());

    h.sam.getSpec().getTrust().getRelyingParties().get(0).setConfirmed(new Confirmation("abc1234"));
    h.reconcile();
    assertThat(h.status.getTrust().getGate()).anyMatch(c -> c.name().equals("RelyingParty:vault") && c.passed());
  }

  @Test
  void theGateAsksTheRelyingPartyThroughTheProbePortWithATargetTokenThatDiesWithTheEvaluation() {
    MigrationHarness h = new MigrationHarness();
    String url = "https://vault.example:8200/v1/auth/jwt/login";
    RelyingParty vault = new RelyingParty("vault", RelyingParty.Kind.Vault, "vault");
    vault.setProbeUrl(url);
    h.sam.getSpec().getTrust().getRelyingParties().add(vault);

    assertThat(h.runWhileAdvancing(10)).isEqualTo(Phase.Provisioning);
    assertThat(h.status.getTrust().getGate())
        .anyMatch(c -> c.name().equals("RelyingParty:vault") && !c.passed() && c.message().contains("unreachable"));
    assertThat(h.nextRun).as("a probed party is asked again before the deadline").isBefore(h.deadline());
    assertThat(h.probe.probes()).isNotEmpty().allMatch(p -> p.url().equals(url));
    var sent = h.probe.probes().get(h.probe.probes().size() - 1).token();
    assertThat(h.target.reviewToken(sent, List.of()).authenticated())
        .as("the probe's token was bound to the gate Secret, deleted after the evaluation").isFalse();
    assertThat(h.target.issuedTokens()).anyMatch(r -> r.namespace().equals(PlanFixtures.NS)
        && r.boundSecretName() != null && r.serviceAccount().equals(PlanFixtures.SA));

    h.probe.answer(url, true);
    h.reconcile();
    assertThat(h.status.getTrust().getGate())
        .anyMatch(c -> c.name().equals("RelyingParty:vault") && c.passed() && c.message().contains("accepted"));
  }

  @Test
  void aProbeNeverGetsATokenTheTargetApiServerWouldAccept() {
    String url = "https://vault.example:8200/v1/auth/jwt/login";
    for (String audience : new String[] {TestingClusterPort.API_AUDIENCE, null}) {
      MigrationHarness h = new MigrationHarness();
      h.probe.answer(url, true);
      RelyingParty vault = new RelyingParty("vault", RelyingParty.Kind.Vault, audience);
      vault.setProbeUrl(url);
      h.sam.getSpec().getTrust().getRelyingParties().add(vault);
      h.sam.getSpec().getTokens().setAudiences(List.of());

      assertThat(h.runWhileAdvancing(10)).as("audience %s", audience).isEqualTo(Phase.Provisioning);
      assertThat(h.probe.probes()).as("audience %s: nothing sent", audience).isEmpty();
      assertThat(h.status.getTrust().getGate()).as("audience %s", audience)
          .anyMatch(c -> c.name().equals("RelyingParty:vault") && !c.passed() && c.message().startsWith("not probed: "));
    }
  }
}
