package io.cutover.cluster;

/**
 * A cluster could not be reached or answered with an error. The message is safe for status and logs: it names the
 * cluster, the operation and the HTTP code, never a token, a kubeconfig or a request body.
 */
public class ClusterAccessException extends RuntimeException {
  private final String reason;
  private final boolean retryable;

  public ClusterAccessException(String reason, String message, boolean retryable) {
    super(message, null, false, false);
    this.reason = reason;
    this.retryable = retryable;
  }

  /** CamelCase condition reason. */
  public String reason() {
    return reason;
  }

  /** Whether trying again later may succeed (network, 5xx, 429, a Secret that may be fixed). */
  public boolean retryable() {
    return retryable;
  }
}
