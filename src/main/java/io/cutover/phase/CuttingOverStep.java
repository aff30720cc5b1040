package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.LegacySecretRef;
import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.RevokeSpec;
import io.cutover.cluster.ClusterPort;
import io.cutover.rbac.EffectiveRules;
import io.cutover.rbac.Grant;
import io.cutover.status.Finding;
import io.cutover.trust.RevocationHorizons;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Revokes the old identity. The intent is in status, so after a crash this step runs again and finishes: what is
 * gone counts as revoked, what is still there is revoked now. Legacy token Secrets first, then the identity's
 * subjects in the source bindings, then the ServiceAccount itself (only if it still has the planned UID). When it is
 * done it states the revocation horizon ({@link RevocationHorizons}): when each kind of old credential stops being
 * accepted, by the source API server and by relying parties that verify offline.
 */
final class CuttingOverStep implements Step {
  @Override
  public StepResult run(StepContext ctx) {
    ClusterPort source = ctx.source();
    RevokeSpec revoke = ctx.spec().getCutover().getRevoke();
    String ns = ctx.ids().source().namespace();
    String name = ctx.ids().source().name();
    var plan = ctx.status().getPlan();
    Set<ObjectRef> revoked = new LinkedHashSet<>(ctx.status().getCutover().getRevoked());

    if (revoke.isLegacyTokenSecrets()) {
      // Only what belongs to the identity now is deleted (a planned name may since hold someone else's Secret);
      // a planned Secret that is gone counts as revoked.
      Set<String> current = new LinkedHashSet<>();
      for (var secret : source.legacyTokenSecrets(ns, name)) {
        current.add(secret.getMetadata().getName());
        source.delete(new ObjectRef("Secret", ns, secret.getMetadata().getName(), null), secret.getMetadata().getUid());
        revoked.add(ObjectRef.of("Secret", ns, secret.getMetadata().getName()));
      }
      for (LegacySecretRef planned : plan.getLegacyTokenSecrets()) {
        if (!current.contains(planned.name()) && source.secret(ns, planned.name()).isEmpty()) {
          revoked.add(ObjectRef.of("Secret", ns, planned.name()));
        }
      }
    }
    if (revoke.isBindings()) {
      for (Grant g : EffectiveRules.grantsFor(source.rbac(), ctx.ids().source())) {
        if (g.direct()) {
          ObjectRef ref = ObjectRef.of(g.bindingKind(), g.bindingNamespace(), g.bindingName());
          source.removeServiceAccountSubject(ref, ns, name);
          revoked.add(ref);
        }
      }
      plan.getBindings().stream().filter(b -> !"Group".equals(b.subjectKind()))
          .map(b -> ObjectRef.of(b.kind(), b.namespace(), b.name())).forEach(revoked::add);
    }
    if (revoke.getServiceAccount() == RevokeSpec.ServiceAccountAction.Delete) {
      ObjectRef ref = new ObjectRef("ServiceAccount", ns, name, plan.getSourceUid());
      source.delete(ref, plan.getSourceUid());
      revoked.add(ref);
    }
    TrustHooks.afterRevocation(ctx);
    Instant done = ctx.instant();
    Instant deadline = ctx.deadline();
    var c = ctx.status().getCutover();
    c.setRevoked(revoked.stream().toList());
    c.setCompletedAt(done.toString());
    c.setLatenessMillis(Duration.between(deadline, done).toMillis());
    c.setRevocationHorizon(RevocationHorizons.of(new RevocationHorizons.Input(done,
        revoke.getServiceAccount() == RevokeSpec.ServiceAccountAction.Delete, revoke.isLegacyTokenSecrets()
            && revoked.stream().anyMatch(r -> "Secret".equals(r.kind())), plan,
        Duration.ofSeconds(Credentials.PROOF_SECONDS))));
    ctx.report(new Finding.Revoked(revoked.size(), ctx.ids().sourceCluster(), c.getLatenessMillis()));
    return new StepResult.Advance(Phase.Verifying, Conditions.Reason.VERIFYING, "proving the revocation");
  }
}
