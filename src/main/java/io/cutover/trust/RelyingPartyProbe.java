package io.cutover.trust;

import io.cutover.cluster.Token;

/**
 * The port to relying parties outside the clusters: does the one at {@code url} accept this target token? The
 * operator's is {@link HttpRelyingPartyProbe}; tests use a fake that records what it was asked.
 */
public interface RelyingPartyProbe {
  /** The outcome: accepted, or why not (status code or the kind of failure), never the token or a response body. */
  record Result(boolean accepted, String message) {}

  Result probe(String url, Token token);

  /** A probe that sends nothing and accepts nothing: for contexts that never evaluate the trust gate. */
  static RelyingPartyProbe refusing() {
    return (url, token) -> new Result(false, "no relying-party probe in this context");
  }
}
