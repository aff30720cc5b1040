package io.cutover.phase;

import io.cutover.api.v1alpha1.CheckResult;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.CreatedObject;
import io.cutover.api.v1alpha1.CutoverSpec;
import io.cutover.api.v1alpha1.CutoverStatus;
import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.PlanStatus;
import io.cutover.api.v1alpha1.ProvenanceLink;
import io.cutover.api.v1alpha1.ProvenanceStatus;
import io.cutover.api.v1alpha1.RevocationHorizon;
import io.cutover.api.v1alpha1.SecretMove;
import io.cutover.api.v1alpha1.TrustStatus;
import io.cutover.plan.Plan;
import io.cutover.status.Finding;
import io.cutover.status.StatusAggregator;
import io.cutover.trust.IdleGate;
import io.cutover.trust.Provenance;
import io.cutover.trust.RevocationHorizons;
import io.cutover.trust.SecretMoves;
import io.cutover.trust.TrustGate;
import io.cutover.trust.TrustPlan;
import io.cutover.trust.TrustPlanner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the phase steps hand over to the trust features; each step calls one or two of these, so the steps stay
 * short. Planning and Provisioning: {@link #plan}; Provisioning: {@link #decorateTarget}, {@link #copySecrets},
 * {@link #gate}; DualRun: {@link #idle}, {@link #onCutoverIntent}; CuttingOver: {@link #afterRevocation}; Verifying and
 * Completed: {@link #afterCutover}.
 */
public final class TrustHooks {
  private TrustHooks() {}

  // ---------------------------------------------------------------- planning

  /**
   * Adds the trust plan (issuers, re-bindings and their limits, target annotations) and the Secrets of spec.secrets to
   * the plan in status; returns a failure when a Secret cannot move.
   */
  public static Plan plan(StepContext ctx, Plan plan) {
    return plan.failure().isPresent() ? plan : addTo(ctx, plan.status()).map(plan::failingWith).orElse(plan);
  }

  static Optional<Plan.Failure> addTo(StepContext ctx, PlanStatus status) {
    if (status.getSourceIssuer() == null || status.getTargetIssuer() == null) {
      return Optional.empty(); // the plan failed before reading the clusters' issuers
    }
    var ids = ctx.ids();
    Optional<ServiceAccount> sa = ctx.source().serviceAccount(ids.source().namespace(), ids.source().name());
    Map<String, String> annotations = sa.map(s -> s.getMetadata().getAnnotations()).orElse(Map.of());
    // The target's UID is known once provisioning created the target ServiceAccount; provisioning re-plans each turn,
    // so a party keyed on the UID then gets it in its change text (before the gate asks for its confirmation).
    TrustPlan trust = TrustPlanner.plan(ctx.spec().getTrust(), ids, annotations, status.getSourceIssuer(),
        status.getTargetIssuer(), status.getSourceUid(), provenance(ctx).getTargetUid());
    status.setIssuerChanged(trust.issuerChanged());
    status.setTrust(trust.rebindings());
    status.setTargetAnnotations(trust.targetAnnotations());
    List<SecretMoves.Planned> secrets = SecretMoves.plan(ctx.spec().getSecrets(), ctx.source(), ids.source().namespace(),
        ctx.uid());
    status.setSecrets(secrets.stream().map(SecretMoves.Planned::move).toList());
    var provenance = provenance(ctx);
    if (provenance.getChain() == null && sa.isPresent()) {
      provenance.setChain(Provenance.read(annotations)); // earlier links; this migration's link is added at creation
    }
    return secrets.stream().filter(p -> p.failure() != null).findFirst().map(p -> new Plan.Failure(p.failure(),
        "Secret " + p.move().name() + " (spec.secrets) cannot move: " + p.move().reason()));
  }

  // ---------------------------------------------------------------- provisioning

  /** Puts the workload-identity annotations and the provenance chain on the target ServiceAccount before it is created. */
  public static void decorateTarget(StepContext ctx, List<HasMetadata> objects) {
    var plan = ctx.status().getPlan();
    for (HasMetadata o : objects) {
      if (o instanceof ServiceAccount sa) {
        Map<String, String> annotations = new LinkedHashMap<>(plan.getTargetAnnotations());
        annotations.putAll(sa.getMetadata().getAnnotations() == null ? Map.of() : sa.getMetadata().getAnnotations());
        annotations.put(Provenance.ANNOTATION, Provenance.write(chain(ctx)));
        sa.getMetadata().setAnnotations(annotations);
      }
    }
  }

  /**
   * Copies the Secrets of spec.secrets to the target (only what is missing) and compares digests. Returns a result
   * when provisioning cannot go on: a Secret of that name that is not this migration's, or a copy that differs.
   */
  public static Optional<StepResult> copySecrets(StepContext ctx) {
    var plan = ctx.status().getPlan();
    if (plan.getSecrets().isEmpty()) {
      return Optional.empty();
    }
    var ids = ctx.ids();
    List<SecretMove> done = new ArrayList<>();
    for (SecretMove m : plan.getSecrets()) {
      Secret source = ctx.source().secret(ids.source().namespace(), m.name()).orElse(null);
      if (source == null || !SecretMoves.digest(source, ctx.uid()).equals(m.sourceDigest())) {
        return Optional.of(new StepResult.Retry(Conditions.Reason.SECRET_DIGEST_MISMATCH, "Secret " + m.name()
            + " changed on the source since it was planned; re-planning"));
      }
      Secret held = Records.create(ctx, CreatedObject.TARGET, SecretMoves.copyFor(source, ids.target().namespace(),
          ctx.names())).orElse(null);
      if (held == null) {
        return Optional.of(new StepResult.Advance(Phase.RollingBack, Conditions.Reason.SECRET_CONFLICT, "Secret "
            + ids.target().namespace() + "/" + m.name() + " on " + ids.targetCluster() + " exists and is not this migration's"));
      }
      String targetDigest = SecretMoves.digest(held, ctx.uid());
      if (!targetDigest.equals(m.sourceDigest())) {
        return Optional.of(new StepResult.Advance(Phase.RollingBack, Conditions.Reason.SECRET_DIGEST_MISMATCH,
            "the copy of Secret " + m.name() + " on the target differs from the source (" + targetDigest + " != "
                + m.sourceDigest() + ")"));
      }
      done.add(new SecretMove(m.name(), m.type(), m.action(), m.reason(), m.sourceDigest(), targetDigest));
    }
    plan.setSecrets(done);
    return Optional.empty();
  }

  /**
   * The trust gate, after the target is proven: empty when every relying party is confirmed re-bound (or there is
   * none); otherwise a wait (until the deadline, or the next probe), or a rollback at the deadline, since the window
   * bounds the overlap even before the dual run.
   */
  public static Optional<StepResult> gate(StepContext ctx) {
    var plan = ctx.status().getPlan();
    if (provenance(ctx).getIssuedAt() == null) {
      provenance(ctx).setIssuedAt(ctx.instant().toString()); // the target is proven: its first token exists
    }
    if (plan.getTrust().isEmpty()) {
      return Optional.empty();
    }
    List<CheckResult> checks = evaluateWithBoundTokens(ctx, plan);
    trust(ctx).setGate(checks);
    var found = new Finding.TrustChecks(checks);
    ctx.report(found);
    if (found.rebound()) {
      return Optional.empty();
    }
    String failures = StatusAggregator.failures(checks);
    Instant deadline = ctx.deadline();
    if (!ctx.now().isBefore(deadline)) {
      return Optional.of(new StepResult.Advance(Phase.RollingBack, Conditions.Reason.TRUST_NOT_REBOUND,
          "relying parties not confirmed re-bound before the deadline: " + failures));
    }
    boolean probes = ctx.spec().getTrust().getRelyingParties().stream().anyMatch(p -> p.getProbeUrl() != null);
    Instant wake = probes ? min(ctx.now().plus(IdleGate.POLL.multipliedBy(2)), deadline) : deadline;
    return Optional.of(new StepResult.Wait(wake, Conditions.Reason.TRUST_NOT_REBOUND,
        "no dual run until every relying party trusts the target: " + failures));
  }

  /**
   * One gate evaluation with its tokens bound to the gate Secret: created (or found, after a crash) before the first
   * TokenRequest and deleted by UID right after the last check, so no gate token outlives the evaluation.
   */
  private static List<CheckResult> evaluateWithBoundTokens(StepContext ctx, PlanStatus plan) {
    var target = ctx.target();
    String ns = ctx.ids().target().namespace();
    String name = ctx.names().gateSecretName();
    Secret secret = Records.createOrRetry(ctx, CreatedObject.TARGET, ctx.names().tokenSecret(ns, name));
    String uid = secret.getMetadata().getUid();
    try {
      return TrustGate.evaluate(plan.getTrust(), ctx.spec().getTrust().getRelyingParties(), target, ctx.probe(),
          ctx.ids(), plan.getTargetIssuer(), ctx.spec().getTokens().getAudiences(), ctx.instant(),
          new TrustGate.GateSecret(name, uid));
    } finally {
      target.delete(ObjectRef.of("Secret", ns, name), uid);
      Records.forget(ctx, CreatedObject.TARGET, ObjectRef.of("Secret", ns, name));
    }
  }

  // ---------------------------------------------------------------- dual run

  /** What the requireIdle check decided: a result to return, or to cut over now, and what was in use. */
  public record IdleDecision(Optional<StepResult> result, boolean cutNow, List<String> inUse) {
    static final IdleDecision NONE = new IdleDecision(Optional.empty(), false, List.of());
  }

  /** spec.cutover.requireIdle: within the window, wait while the old identity is in use, and cut over once it is idle. */
  public static IdleDecision idle(StepContext ctx, Instant deadline, boolean approved, boolean atDeadline) {
    CutoverSpec cutover = ctx.spec().getCutover();
    if (!cutover.isRequireIdle() || (cutover.getApproval() == CutoverSpec.Approval.Manual && !approved)) {
      return IdleDecision.NONE;
    }
    var ids = ctx.ids();
    List<String> inUse = IdleGate.inUse(ctx.source(), ids.source().namespace(), ids.source().name(), ctx.dualRunStart());
    if (atDeadline) {
      return new IdleDecision(Optional.empty(), false, inUse);
    }
    if (!inUse.isEmpty()) {
      String then = ctx.spec().getDualRun().getOnDeadline() == DualRunSpec.OnDeadline.Cutover
          ? "cuts over anyway" : "rolls back";
      return new IdleDecision(Optional.of(new StepResult.Wait(min(ctx.now().plus(IdleGate.POLL), deadline),
          Conditions.Reason.AWAITING_IDLE, "the old identity is still in use: " + String.join(", ", inUse)
              + "; at the deadline " + deadline + " the migration " + then)), false, inUse);
    }
    return new IdleDecision(Optional.empty(), true, List.of());
  }

  /** Records why the cutover happens (Idle) and, at the deadline, what was still in use. */
  public static void onCutoverIntent(StepContext ctx, CutoverStatus cutover, IdleDecision idle) {
    if (idle.cutNow() && !ctx.spec().getCutover().isApproved()) {
      cutover.setTrigger("Idle");
    }
    if (!idle.inUse().isEmpty()) {
      trust(ctx).setInUseAtCutover(idle.inUse());
    }
    provenance(ctx).setApprovedAt(cutover.getIntentAt());
  }

  // ---------------------------------------------------------------- after cutover

  /** spec.moveSecrets: deletes the moved Secrets from the source, each only if still the planned content and UID. */
  public static void afterRevocation(StepContext ctx) {
    var ids = ctx.ids();
    if (ctx.spec().isMoveSecrets()) {
      List<String> removed = new ArrayList<>(trust(ctx).getSecretsRemovedFromSource());
      for (SecretMove m : ctx.status().getPlan().getSecrets()) {
        var current = ctx.source().secret(ids.source().namespace(), m.name());
        if (current.isPresent() && SecretMoves.digest(current.get(), ctx.uid()).equals(m.sourceDigest())) {
          ctx.source().delete(ObjectRef.of("Secret", ids.source().namespace(), m.name()),
              current.get().getMetadata().getUid());
        }
        if (!removed.contains(m.name()) && (current.isEmpty() || SecretMoves.digest(current.get(), ctx.uid()).equals(m.sourceDigest()))) {
          removed.add(m.name());
        }
      }
      trust(ctx).setSecretsRemovedFromSource(removed);
    }
  }

  /**
   * After the revocation is proven: the provenance chain is final (on the target ServiceAccount and in status), and
   * the relying parties that may still trust the source issuer are reported (OldTrustRemoved, or OrphanedTrust) with
   * the revocation horizon that applies to them (NoRelyingParty when spec.trust names none: the source API server's).
   */
  public static void afterCutover(StepContext ctx) {
    var plan = ctx.status().getPlan();
    var p = provenance(ctx);
    var c = ctx.status().getCutover();
    if (c != null && p.getCutoverAt() == null) {
      p.setCutoverAt(c.getCompletedAt());
      p.setRevoked(c.getRevoked().stream().map(r -> r.kind() + "/" + (r.namespace() == null || r.namespace().isEmpty()
          ? "" : r.namespace() + "/") + r.name()).toList());
      var ids = ctx.ids();
      ctx.target().annotateServiceAccount(ids.target().namespace(), ids.target().name(), p.getTargetUid(),
          Map.of(Provenance.ANNOTATION, Provenance.write(chain(ctx))));
    }
    p.setChain(chain(ctx));
    List<RevocationHorizon> horizons = c == null ? List.of() : c.getRevocationHorizon();
    String apiServer = RevocationHorizons.latest(horizons, RevocationHorizon.SOURCE_API_SERVER).map(Instant::toString)
        .orElse(null);
    String offline = RevocationHorizons.latest(horizons, RevocationHorizon.OFFLINE_VERIFIER).map(Instant::toString)
        .orElse(null);
    if (plan == null || plan.getTrust().stream().noneMatch(r -> r.required())) {
      if (!horizons.isEmpty()) { // a cutover recorded before horizons existed reports nothing new
        ctx.report(new Finding.OldTrust(plan == null ? null : plan.getSourceIssuer(), List.of(), false, apiServer,
            offline));
      }
      return;
    }
    List<String> orphaned = TrustGate.orphaned(plan.getTrust(), ctx.spec().getTrust().getRelyingParties(), ctx.ids());
    trust(ctx).setOrphaned(orphaned);
    ctx.report(new Finding.OldTrust(plan.getSourceIssuer(), orphaned, true, apiServer, offline));
  }

  // ---------------------------------------------------------------- helpers

  /** The chain: earlier links (read from the source at planning) and this migration's link as it stands now. */
  static List<ProvenanceLink> chain(StepContext ctx) {
    var p = provenance(ctx);
    var ids = ctx.ids();
    List<ProvenanceLink> previous = p.getChain() == null ? List.of() : p.getChain();
    ProvenanceLink self = new ProvenanceLink(ids.sourceCluster(), ids.source().namespace(), ids.source().name(),
        p.getSourceUid(), ids.targetCluster(), ctx.uid(), p.getIssuedAt(), p.getApprovedAt(), p.getCutoverAt(),
        p.getRevoked());
    return Provenance.extend(previous, self);
  }

  private static ProvenanceStatus provenance(StepContext ctx) {
    if (ctx.status().getProvenance() == null) {
      ctx.status().setProvenance(new ProvenanceStatus());
    }
    var p = ctx.status().getProvenance();
    if (p.getSourceNamespace() == null) {
      p.setSourceNamespace(ctx.ids().source().namespace());
      p.setSourceName(ctx.ids().source().name());
    }
    return p;
  }

  private static TrustStatus trust(StepContext ctx) {
    if (ctx.status().getTrust() == null) {
      ctx.status().setTrust(new TrustStatus());
    }
    return ctx.status().getTrust();
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
