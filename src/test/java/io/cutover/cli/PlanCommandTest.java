package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.IdentityField;
import io.cutover.api.v1alpha1.IdentityLoss;
import io.cutover.api.v1alpha1.PlanStatus;
import io.cutover.plan.Identities;
import io.cutover.plan.Plan;
import io.cutover.plan.PlanFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code kubectl cutover plan} prints of the target ServiceAccount and of the identity's losses. */
class PlanCommandTest {

  private static String print(PlanStatus status) {
    StringWriter text = new StringWriter();
    var sam = PlanFixtures.migration();
    PlanCommand.print(new PrintWriter(text), "cutover-system/payments-api", Identities.of(sam),
        new Plan(status, List.of(), List.of(), Optional.empty()));
    return text.toString();
  }

  @Test
  void theTargetServiceAccountIsPrintedFieldByFieldAndEachLossWithWhetherItIsAccepted() {
    PlanStatus status = new PlanStatus();
    status.setIdentity(new ArrayList<>(List.of(
        new IdentityField("automountServiceAccountToken", "false", "false", IdentityField.CARRIED, null),
        new IdentityField("imagePullSecrets[regcred]", "regcred", null, IdentityField.LOST, "add regcred to spec.secrets"),
        new IdentityField("annotations[kubectl.kubernetes.io/last-applied-configuration]", "{}", null,
            IdentityField.DROPPED, "kubectl's record"))));
    status.setIdentityLosses(new ArrayList<>(List.of(
        new IdentityLoss("ImagePullSecret/regcred", IdentityLoss.IMAGE_PULL_SECRET, "add regcred to spec.secrets", false),
        new IdentityLoss("MountableSecret/db", IdentityLoss.MOUNTABLE_SECRET, "add db to spec.secrets", true))));

    String out = print(status);

    assertThat(out).contains("Target ServiceAccount, field by field:\n  FIELD ")
        .containsPattern("\\n  FIELD +SOURCE +TARGET +ACTION +REASON\\n")
        .containsPattern("\\n  automountServiceAccountToken +false +false +Carried +-\\n")
        .containsPattern("\\n  imagePullSecrets\\[regcred\\] +regcred +- +Lost +add regcred to spec.secrets\\n")
        .containsPattern("annotations\\[kubectl.kubernetes.io/last-applied-configuration\\] +\\{\\} +- +Dropped");
    assertThat(out).contains("Losses (what the target identity will not have):\n")
        .containsPattern("\\n  ID +KIND +ACCEPTED +REASON\\n")
        .containsPattern("\\n  ImagePullSecret/regcred +ImagePullSecret +no +add regcred to spec.secrets\\n")
        .containsPattern("\\n  MountableSecret/db +MountableSecret +yes +add db to spec.secrets\\n")
        .contains("Each loss not accepted must be listed by its id in spec.acceptLosses for the migration to go on.");
    assertThat(out).as("the permission losses keep their own section")
        .contains("Permission losses (cannot be carried to the target):\n  none");
  }

  @Test
  void withoutLossesTheSectionSaysNoneAndAsksForNothing() {
    PlanStatus status = new PlanStatus();
    status.setIdentity(new ArrayList<>(List.of(
        new IdentityField("automountServiceAccountToken", null, null, IdentityField.CARRIED, "unset"))));

    String out = print(status);

    assertThat(out).contains("Losses (what the target identity will not have):\n  none\n")
        .doesNotContain("spec.acceptLosses");
  }
}
