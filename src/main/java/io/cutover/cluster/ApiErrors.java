package io.cutover.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;

/**
 * Turns client exceptions into {@link ClusterAccessException}s whose message is safe to show: cluster, operation,
 * HTTP code and the API server's reason word. The exception's own message is not copied (it can carry request
 * details), and nothing of a request body ever is.
 */
public final class ApiErrors {
  private ApiErrors() {}

  public static ClusterAccessException translate(String cluster, String operation, KubernetesClientException e) {
    int code = e.getCode();
    // No HTTP answer at all (fabric8 says -1 or 0: a request timeout, an interrupted wait, a refused connection) is
    // the cluster being unreachable for now, never a verdict on the request: retryable, even in Planning.
    if (code <= 0 || hasIoCause(e)) {
      return new ClusterAccessException("ClusterUnreachable",
          cluster + " cluster unreachable during " + operation + " (" + rootType(e) + ")", true);
    }
    String statusReason = e.getStatus() != null && e.getStatus().getReason() != null ? " " + e.getStatus().getReason() : "";
    boolean retryable = code == 429 || code >= 500 || code == 409;
    String reason = switch (code) {
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      default -> "ApiError";
    };
    return new ClusterAccessException(reason, cluster + " cluster answered " + code + statusReason + " to " + operation, retryable);
  }

  private static boolean hasIoCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private static String rootType(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName();
  }
}
