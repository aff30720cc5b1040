package io.cutover.phase;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.LegacySecretRef;
import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.PlanStatus;
import io.cutover.api.v1alpha1.RevokeSpec;
import io.cutover.cluster.ClusterPort;
import io.cutover.rbac.EffectiveRules;
import io.cutover.rbac.Grant;
import io.cutover.status.Finding;
import io.cutover.trust.RevocationHorizons;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Revokes the old identity. The intent is in status, so after a crash this step runs again and finishes: what is
 * gone counts as revoked, what is still there is revoked now. The writes were prepared before the deadline
 * ({@link #prepared}: the legacy token Secrets with their UIDs, the bindings naming the identity, the ServiceAccount's
 * UID) and go out together: the Secrets' deletes, each binding's edit, the ServiceAccount's delete (only if it still
 * has the planned UID), and beside them one list of the identity's legacy token Secrets, so that one created since
 * the preparation is deleted too. Without a preparation (an operator that prepared none) the list comes first. When
 * it is done it states the revocation horizon ({@link RevocationHorizons}): when each kind of old credential stops
 * being accepted, by the source API server and by relying parties that verify offline.
 */
final class CuttingOverStep implements Step {
  @Override
  public StepResult run(StepContext ctx) {
    ClusterPort source = ctx.source();
    RevokeSpec revoke = ctx.spec().getCutover().getRevoke();
    String ns = ctx.ids().source().namespace();
    String name = ctx.ids().source().name();
    var plan = ctx.status().getPlan();
    var c = ctx.status().getCutover();
    Set<ObjectRef> revoked = new LinkedHashSet<>(c.getRevoked());

    // Secret name -> UID: the prepared ones, or (nothing prepared) the identity's legacy token Secrets now.
    Map<String, String> secrets = new LinkedHashMap<>();
    if (c.getPreparedAt() != null) {
      c.getPrepared().stream().filter(r -> "Secret".equals(r.kind())).forEach(r -> secrets.putIfAbsent(r.name(), r.uid()));
    } else if (revoke.isLegacyTokenSecrets()) {
      source.legacyTokenSecrets(ns, name).forEach(s -> secrets.putIfAbsent(s.getMetadata().getName(), s.getMetadata().getUid()));
    }
    // The writes, and beside them the list, go out together; each answers what it found.
    List<Supplier<Outcome>> writes = new ArrayList<>();
    if (revoke.isLegacyTokenSecrets()) {
      secrets.forEach((secret, uid) -> writes.add(() ->
          Outcome.deleted(secret, source.delete(new ObjectRef("Secret", ns, secret, null), uid))));
      if (c.getPreparedAt() != null) {
        writes.add(() -> Outcome.listed(source.legacyTokenSecrets(ns, name)));
      }
    }
    if (revoke.isBindings()) {
      for (Grant g : EffectiveRules.grantsFor(source.rbac(), ctx.ids().source())) {
        if (g.direct()) {
          ObjectRef ref = ObjectRef.of(g.bindingKind(), g.bindingNamespace(), g.bindingName());
          writes.add(() -> {
            source.removeServiceAccountSubject(ref, ns, name);
            return Outcome.NONE;
          });
          revoked.add(ref);
        }
      }
      plan.getBindings().stream().filter(b -> !"Group".equals(b.subjectKind()))
          .map(b -> ObjectRef.of(b.kind(), b.namespace(), b.name())).forEach(revoked::add);
    }
    boolean deleteServiceAccount = revoke.getServiceAccount() == RevokeSpec.ServiceAccountAction.Delete;
    if (deleteServiceAccount) {
      writes.add(() -> {
        source.delete(new ObjectRef("ServiceAccount", ns, name, plan.getSourceUid()), plan.getSourceUid());
        return Outcome.NONE;
      });
    }
    List<Outcome> outcomes = ctx.all(writes);
    if (revoke.isLegacyTokenSecrets()) {
      Set<String> gone = new LinkedHashSet<>();
      outcomes.stream().filter(o -> o.deleted).forEach(o -> gone.add(o.secret));
      List<Secret> listed = outcomes.stream().flatMap(o -> o.listed.stream()).toList();
      // A legacy token Secret the identity gained since the preparation (not one of those just deleted).
      ctx.all(listed.stream()
          .filter(l -> !Objects.equals(l.getMetadata().getUid(), secrets.get(l.getMetadata().getName())))
          .map(l -> (Supplier<Boolean>) () -> source.delete(new ObjectRef("Secret", ns, l.getMetadata().getName(), null),
              l.getMetadata().getUid()))
          .toList());
      listed.forEach(l -> gone.add(l.getMetadata().getName()));
      // A prepared or planned Secret not deleted now counts as revoked only if it is gone: a planned name may since
      // hold someone else's Secret, which is not the identity's to revoke (nor deleted: its UID differs).
      Set<String> others = new LinkedHashSet<>(secrets.keySet());
      plan.getLegacyTokenSecrets().forEach(l -> others.add(l.name()));
      others.removeAll(gone);
      others.stream().filter(o -> source.secret(ns, o).isEmpty()).forEach(gone::add);
      gone.forEach(g -> revoked.add(ObjectRef.of("Secret", ns, g)));
    }
    if (deleteServiceAccount) {
      revoked.add(new ObjectRef("ServiceAccount", ns, name, plan.getSourceUid()));
    }
    TrustHooks.afterRevocation(ctx);
    Instant done = ctx.instant();
    Instant deadline = ctx.deadline();
    c.setRevoked(revoked.stream().toList());
    c.setCompletedAt(done.toString());
    c.setLatenessMillis(Duration.between(deadline, done).toMillis());
    c.setRevocationHorizon(RevocationHorizons.of(new RevocationHorizons.Input(done, deleteServiceAccount,
        revoke.isLegacyTokenSecrets() && revoked.stream().anyMatch(r -> "Secret".equals(r.kind())), plan,
        Duration.ofSeconds(Credentials.PROOF_SECONDS))));
    ctx.report(new Finding.Revoked(revoked.size(), ctx.ids().sourceCluster(), c.getLatenessMillis()));
    return new StepResult.Advance(Phase.Verifying, Conditions.Reason.VERIFYING, "proving the revocation");
  }

  /**
   * What the revocation will write, from the plan made just before the deadline: the identity's legacy token Secrets
   * with their UIDs, the bindings that name it, its ServiceAccount with the UID first planned (a ServiceAccount of
   * the same name with another UID is someone else's and is never deleted).
   */
  static List<ObjectRef> prepared(StepContext ctx, PlanStatus fresh) {
    RevokeSpec revoke = ctx.spec().getCutover().getRevoke();
    String ns = ctx.ids().source().namespace();
    List<ObjectRef> out = new ArrayList<>();
    if (revoke.isLegacyTokenSecrets()) {
      for (LegacySecretRef s : fresh.getLegacyTokenSecrets()) {
        out.add(new ObjectRef("Secret", ns, s.name(), s.uid()));
      }
    }
    if (revoke.isBindings()) {
      fresh.getBindings().stream().filter(b -> !"Group".equals(b.subjectKind()))
          .map(b -> ObjectRef.of(b.kind(), b.namespace(), b.name())).distinct().forEach(out::add);
    }
    if (revoke.getServiceAccount() == RevokeSpec.ServiceAccountAction.Delete) {
      out.add(new ObjectRef("ServiceAccount", ns, ctx.ids().source().name(), ctx.status().getPlan().getSourceUid()));
    }
    return out;
  }

  /** What one of the revocation's calls found: a Secret deleted (or not), the identity's legacy Secrets listed. */
  private record Outcome(String secret, boolean deleted, List<Secret> listed) {
    static final Outcome NONE = new Outcome(null, false, List.of());

    static Outcome deleted(String secret, boolean deleted) {
      return new Outcome(secret, deleted, List.of());
    }

    static Outcome listed(List<Secret> secrets) {
      return new Outcome(null, false, secrets);
    }
  }
}
