package io.cutover.phase;

import io.cutover.api.v1alpha1.TokenStatus;
import io.cutover.cluster.ClusterPort;
import io.cutover.cluster.IssuedToken;
import io.cutover.cluster.Token;
import io.cutover.cluster.TokenRequestSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
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
    String name = "cutover-proof-" + io.cutover.plan.TargetObjects.shortUid(ctx.uid());
    Secret secret = target.createIfAbsent(new SecretBuilder()
        .withMetadata(ctx.names().metadata(ns, name, null)).withType("Opaque").build());
    IssuedToken issued = target.requestToken(new TokenRequestSpec(ns, ctx.ids().target().name(),
        ctx.spec().getTokens().getAudiences(), PROOF_SECONDS, name, secret.getMetadata().getUid()));
    return new ProofToken(issued.token(), () -> target.delete(
        io.cutover.api.v1alpha1.ObjectRef.of("Secret", ns, name), secret.getMetadata().getUid()));
  }

  /** The delivered token: the one in the Secret while it is valid and not due, otherwise a new one. */
  static Token ensureDelivered(StepContext ctx) {
    TokenStatus ts = ctx.status().getToken();
    String ns = ctx.ids().target().namespace();
    String name = ctx.spec().getTokens().getSecretName();
    if (ts != null && ts.getRenewAt() != null && ctx.now().isBefore(Instant.parse(ts.getRenewAt()))) {
      Optional<Token> existing = ctx.target().readToken(ns, name);
      if (existing.isPresent()) {
        return existing.get();
      }
    }
    return issueDelivered(ctx);
  }

  /** Whether the delivered token is due for renewal, and when. */
  static Optional<Instant> renewAt(StepContext ctx) {
    TokenStatus ts = ctx.status().getToken();
    return delivers(ctx) && ts != null && ts.getRenewAt() != null ? Optional.of(Instant.parse(ts.getRenewAt())) : Optional.empty();
  }

  static Token issueDelivered(StepContext ctx) {
    ClusterPort target = ctx.target();
    String ns = ctx.ids().target().namespace();
    String name = ctx.spec().getTokens().getSecretName();
    Secret secret = target.createIfAbsent(new SecretBuilder()
        .withMetadata(ctx.names().metadata(ns, name, null)).withType("Opaque").build());
    Instant issuedAt = ctx.instant();
    IssuedToken issued = target.requestToken(new TokenRequestSpec(ns, ctx.ids().target().name(),
        ctx.spec().getTokens().getAudiences(), ctx.spec().getTokens().getExpirationSeconds(), name,
        secret.getMetadata().getUid()));
    target.writeToken(ns, name, issued.token());
    TokenStatus ts = ctx.status().getToken() == null ? new TokenStatus() : ctx.status().getToken();
    boolean renewal = ts.getIssuedAt() != null;
    Duration lifetime = Duration.between(issuedAt, issued.expiresAt());
    ts.setSecretName(name);
    ts.setIssuedAt(issuedAt.toString());
    ts.setExpiresAt(issued.expiresAt().toString());
    ts.setRenewAt(issuedAt.plusMillis(lifetime.toMillis() * 8 / 10).toString());
    ts.setRenewals(renewal ? (ts.getRenewals() == null ? 0 : ts.getRenewals()) + 1 : 0);
    ctx.status().setToken(ts);
    return issued.token();
  }
}
