package io.cutover.cli;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.UserRef;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * Sets spec.cutover.approved and spec.cutover.approvedBy, the user the API server says is asking
 * ({@code kubectl auth whoami}): cut over now (once the target proves again), also under Manual approval. The chart's
 * admission policy admits the approval only as that user, holding the verb {@code approve} on the migration's policy.
 */
@picocli.CommandLine.Command(name = "approve",
    description = "Approve the cutover: merge-patch spec.cutover.approved=true and approvedBy=you (kubectl auth whoami).")
final class ApproveCommand extends SpecPatchCommand {
  ApproveCommand() {
    super(Phase::acceptsApproval, "approval");
  }

  @Override
  String patch(KubernetesClient client, ServiceAccountMigration m) {
    return client.getKubernetesSerialization().asJson(
        Map.of("spec", Map.of("cutover", Map.of("approved", true, "approvedBy", whoAmI(client)))));
  }

  /** The caller as the API server authenticates them (SelfSubjectReview, authentication.k8s.io/v1). */
  static UserRef whoAmI(KubernetesClient client) {
    var user = client.resource(new SelfSubjectReview()).create().getStatus().getUserInfo();
    return new UserRef(user.getUsername(), user.getGroups());
  }
}
