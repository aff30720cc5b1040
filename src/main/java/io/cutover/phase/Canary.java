package io.cutover.phase;

import io.cutover.api.v1alpha1.CreatedObject;
import io.cutover.cluster.ClusterPort;
import io.cutover.cluster.IssuedToken;
import io.cutover.cluster.StoredToken;
import io.cutover.cluster.Token;
import io.cutover.cluster.TokenRequestSpec;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A short token minted for the source identity before cutover, kept in a Secret on the source (labelled as this
 * migration's) so that it survives an operator restart. After revocation it must no longer authenticate; then the
 * Secret is deleted, which also kills the canary if the ServiceAccount was kept.
 */
final class Canary {
  private Canary() {}

  /** A canary must outlive the revocation by this much, or its rejection would prove only that it expired. */
  static final Duration MIN_REMAINING = Duration.ofMinutes(5);

  static void ensure(StepContext ctx) {
    ClusterPort source = ctx.source();
    String ns = ctx.ids().source().namespace();
    String name = ctx.names().canarySecretName();
    Optional<StoredToken> existing = source.readToken(ns, name);
    if (existing.isPresent() && existing.get().expiresAt() != null
        && existing.get().expiresAt().isAfter(ctx.now().plus(MIN_REMAINING))) {
      return;
    }
    Secret secret = Records.createOrRetry(ctx, CreatedObject.SOURCE, ctx.names().tokenSecret(ns, name));
    IssuedToken issued = source.requestToken(new TokenRequestSpec(ns, ctx.ids().source().name(), List.of(),
        Credentials.PROOF_SECONDS, name, secret.getMetadata().getUid()));
    source.writeToken(ns, name, issued, ctx.instant());
  }

  /** The canary, if its Secret still holds one that has not expired by {@code at}. */
  static Optional<Token> usable(StepContext ctx, Instant at) {
    return ctx.source().readToken(ctx.ids().source().namespace(), ctx.names().canarySecretName())
        .filter(t -> t.expiresAt() == null || at.isBefore(t.expiresAt()))
        .map(StoredToken::token);
  }

  /** Deletes the canary Secret this migration recorded (by name and UID), which kills the canary token. */
  static void discard(StepContext ctx) {
    Records.delete(ctx, CreatedObject.SOURCE, r -> isCanary(ctx, r));
  }

  /** The one object of the source a migration creates, and so the one it may delete there. */
  static boolean isCanary(StepContext ctx, CreatedObject r) {
    return "Secret".equals(r.kind()) && ctx.ids().source().namespace().equals(r.namespace())
        && ctx.names().canarySecretName().equals(r.name());
  }
}
