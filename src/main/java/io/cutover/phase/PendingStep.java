package io.cutover.phase;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ProvenanceStatus;

/** First sight: record who we are and start planning. */
final class PendingStep implements Step {
  @Override
  public StepResult run(StepContext ctx) {
    var refused = AdmissionGate.check(ctx);
    if (refused.isPresent()) {
      return refused.get();
    }
    var status = ctx.status();
    status.setSourceIdentity(ctx.ids().sourceDisplay());
    status.setTargetIdentity(ctx.ids().targetDisplay());
    ProvenanceStatus provenance = status.getProvenance() == null ? new ProvenanceStatus() : status.getProvenance();
    provenance.setMigrationUid(ctx.uid());
    provenance.setSourceCluster(ctx.ids().sourceCluster());
    provenance.setTargetCluster(ctx.ids().targetCluster());
    status.setProvenance(provenance);
    return new StepResult.Advance(Phase.Planning, "Planning", "reading source and target");
  }
}
