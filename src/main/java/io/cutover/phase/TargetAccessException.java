package io.cutover.phase;

import io.cutover.cluster.ClusterAccessException;
import io.cutover.cluster.ClusterPort;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A {@link ClusterAccessException} raised while talking to the target cluster. The cutover needs to know which side
 * failed: a target that cannot be reached cannot be proven (reason TargetNotProven, nothing on the source is revoked),
 * while a source that cannot be reached just delays the revocation.
 */
final class TargetAccessException extends ClusterAccessException {
  TargetAccessException(ClusterAccessException cause) {
    super(cause.reason(), cause.getMessage(), cause.retryable());
  }

  /** The port, with every {@link ClusterAccessException} it throws marked as the target's. */
  static ClusterPort marking(ClusterPort target) {
    return (ClusterPort) Proxy.newProxyInstance(ClusterPort.class.getClassLoader(), new Class<?>[] {ClusterPort.class},
        (proxy, method, args) -> {
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TargetAccessException t) {
              throw t;
            }
            if (cause instanceof ClusterAccessException c) {
              throw new TargetAccessException(c);
            }
            throw cause;
          }
        });
  }
}
