package io.cutover.phase;

import io.cutover.api.v1alpha1.CreatedObject;
import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.TokenStatus;
import io.cutover.cluster.ClusterPort;
import io.cutover.cluster.IssuedToken;
import io.cutover.cluster.StoredToken;
import io.cutover.cluster.Token;
import io.cutover.cluster.TokenRequestSpec;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Target credentials. A token delivered into {@code spec.tokens.secretName} is bound to that Secret (deleting it
 * revokes the token) and renewed at 80% of the lifetime the API server granted; it is never re-issued while valid.
 * Without a delivery Secret, proofs use a short token bound to a proof Secret that is deleted right after the proof,
 * so no proof token outlives its use.
 */
final class Credentials {
  static final long PROOF_SECONDS = 600;

  private Credentials() {}

  /** A token to prove the target with, and what to do when the proof is done. */
  record ProofToken(Token token, Runnable release) {}

  static boolean delivers(StepContext ctx) {
    String name = ctx.spec().getTokens().getSecretName();
    return name != null && !name.isBlank();
  }

  static ProofToken forProof(StepContext ctx) {
    if (delivers(ctx)) {
      return new ProofToken(ensureDelivered(ctx), () -> { });
    }
    ClusterPort target = ctx.target();
    String ns = ctx.ids().target().namespace();
    String name = ctx.names().proofSecretName();
    Secret secret = Records.createOrRetry(ctx, CreatedObject.TARGET, ctx.names().tokenSecret(ns, name));
    IssuedToken issued = target.requestToken(new TokenRequestSpec(ns, ctx.ids().target().name(),
        ctx.spec().getTokens().getAudiences(), PROOF_SECONDS, name, secret.getMetadata().getUid()));
    return new ProofToken(issued.token(), () -> {
      target.delete(ObjectRef.of("Secret", ns, name), secret.getMetadata().getUid());
      Records.forget(ctx, CreatedObject.TARGET, ObjectRef.of("Secret", ns, name));
    });
  }

  /**
   * Deletes the proof Secret if one is left (its release failed, or the process died between issuing and deleting):
   * deleting it kills every proof token bound to it. Absent counts as done.
   */
  static void discardProof(StepContext ctx) {
    Records.delete(ctx, CreatedObject.TARGET, r -> "Secret".equals(r.kind())
        && ctx.names().proofSecretName().equals(r.name()) && ctx.ids().target().namespace().equals(r.namespace()));
  }

  /**
   * The delivered token: the one in the Secret while it is not due for renewal, otherwise a new one. The Secret's
   * own annotations say when its token was issued and expires (written with the token in one update), and status
   * follows them; so a write whose answer was lost is found, not repeated.
   */
  static Token ensureDelivered(StepContext ctx) {
    String ns = ctx.ids().target().namespace();
    String name = ctx.spec().getTokens().getSecretName();
    Optional<StoredToken> stored = ctx.target().readToken(ns, name);
    if (stored.isPresent() && stored.get().issuedAt() != null && stored.get().expiresAt() != null) {
      StoredToken s = stored.get();
      Instant renewAt = renewAt(s.issuedAt(), s.expiresAt());
      if (ctx.now().isBefore(renewAt)) {
        record(ctx, s.issuedAt(), s.expiresAt());
        return s.token();
      }
    }
    return issueDelivered(ctx);
  }

  /** Whether the delivered token is due for renewal, and when. */
  static Optional<Instant> renewAt(StepContext ctx) {
    TokenStatus ts = ctx.status().getToken();
    return delivers(ctx) && ts != null && ts.getRenewAt() != null ? Optional.of(Instant.parse(ts.getRenewAt())) : Optional.empty();
  }

  private static Token issueDelivered(StepContext ctx) {
    ClusterPort target = ctx.target();
    String ns = ctx.ids().target().namespace();
    String name = ctx.spec().getTokens().getSecretName();
    Secret secret = Records.createOrRetry(ctx, CreatedObject.TARGET, ctx.names().tokenSecret(ns, name));
    Instant issuedAt = ctx.instant();
    IssuedToken issued = target.requestToken(new TokenRequestSpec(ns, ctx.ids().target().name(),
        ctx.spec().getTokens().getAudiences(), ctx.spec().getTokens().getExpirationSeconds(), name,
        secret.getMetadata().getUid()));
    target.writeToken(ns, name, issued, issuedAt);
    record(ctx, issuedAt, issued.expiresAt());
    return issued.token();
  }

  private static Instant renewAt(Instant issuedAt, Instant expiresAt) {
    return issuedAt.plusMillis(Duration.between(issuedAt, expiresAt).toMillis() * 8 / 10);
  }

  /** Status follows the token in the Secret; a different issue time than recorded is a renewal. */
  private static void record(StepContext ctx, Instant issuedAt, Instant expiresAt) {
    TokenStatus ts = ctx.status().getToken() == null ? new TokenStatus() : ctx.status().getToken();
    if (issuedAt.toString().equals(ts.getIssuedAt())) {
      return;
    }
    boolean renewal = ts.getIssuedAt() != null;
    ts.setSecretName(ctx.spec().getTokens().getSecretName());
    ts.setIssuedAt(issuedAt.toString());
    ts.setExpiresAt(expiresAt.toString());
    ts.setRenewAt(renewAt(issuedAt, expiresAt).toString());
    ts.setRenewals(renewal ? (ts.getRenewals() == null ? 0 : ts.getRenewals()) + 1 : 0);
    ctx.status().setToken(ts);
  }
}
