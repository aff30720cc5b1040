package io.cutover.cluster;

import io.cutover.api.v1alpha1.Ownership;
import java.time.Instant;

/** Where credentials are minted and delivered: the TokenRequest API and the delivery Secret. */
public interface TokenIssuer {
  /** TokenRequest API. */
  IssuedToken requestToken(TokenRequestSpec request);

  /**
   * Writes the token under key {@value Ownership#TOKEN_KEY} of an existing Secret, and its issue and expiry times as
   * annotations, in one update.
   */
  void writeToken(String namespace, String secretName, IssuedToken token, Instant issuedAt);
}
