package io.cutover.cluster;

import io.fabric8.kubernetes.client.OAuthTokenProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The bearer token of a client for a remote that trusts the control cluster's issuer: the operator's own
 * ServiceAccount token for that remote's audience, minted on the control cluster (TokenRequest), held as a
 * {@link Token}. fabric8 asks for it before every request; it is renewed on the first request at or after
 * {@value #RENEW_PERCENT}% of its real lifetime (the API server's {@code expirationTimestamp}, measured on the injected
 * clock), so a request never carries a token within the last fifth of its life — at the 600 s minimum, two minutes,
 * far more than a request and its retries take. Nothing runs in between: no timer, no polling; an idle client holds
 * an unused token until it expires.
 */
final class OwnTokenProvider implements OAuthTokenProvider {
  static final int RENEW_PERCENT = 80;
  private final Supplier<IssuedToken> mint;
  private final Clock clock;
  private IssuedToken current;
  private Instant renewAt;

  /** {@code mint} asks the control cluster for a fresh token; it throws {@link ClusterAccessException} on failure. */
  OwnTokenProvider(Supplier<IssuedToken> mint, Clock clock) {
    this.mint = mint;
    this.clock = clock;
  }

  @Override
  public synchronized String getToken() {
    Instant now = clock.instant();
    if (current == null || !now.isBefore(renewAt)) {
      IssuedToken fresh = mint.get();
      Duration lifetime = Duration.between(now, fresh.expiresAt());
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new ClusterAccessException("ApiError", "control cluster issued an operator token that has already"
            + " expired (expirationTimestamp " + fresh.expiresAt() + ")", true);
      }
      current = fresh;
      renewAt = now.plus(lifetime.multipliedBy(RENEW_PERCENT).dividedBy(100));
    }
    return current.token().reveal();
  }

  /** When the token held now is replaced (null before the first request). */
  synchronized Instant renewAt() {
    return renewAt;
  }

  @Override
  public String toString() {
    return "OwnTokenProvider[renewAt=" + renewAt() + "]";
  }
}
