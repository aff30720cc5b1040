package io.cutover.plan;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * How long a token the kubelet projects into a Pod lives, by kube-apiserver's rule ({@code TokenREST.Create} in
 * {@code pkg/registry/core/serviceaccount/storage/token.go}, constants in {@code pkg/serviceaccount/claims.go}): with
 * {@code --service-account-extend-token-expiration} (on by default), a Pod-bound TokenRequest whose
 * {@code expirationSeconds} is exactly {@link #WARN_ONLY_SECONDS} and whose audiences are all the API server's own gets
 * a JWT {@code exp} of {@link #EXTENSION_SECONDS} (a {@code warnafter} claim keeps the requested time, and
 * {@code status.expirationTimestamp} says the requested time, so the kubelet still refreshes it hourly). 3607 s is what
 * the ServiceAccount admission plugin writes into the {@code kube-api-access-*} volume of every Pod; a projection that
 * omits {@code expirationSeconds} defaults to {@link #DEFAULT_PROJECTION_SECONDS}. The kubelet asks for the
 * projection's {@code audience}, or for none (the API server's own) when it is empty. The sandbox's TokenRequest uses
 * the same rule.
 */
public final class ProjectedTokens {
  private ProjectedTokens() {}

  /** {@code serviceaccount.WarnOnlyBoundTokenExpirationSeconds}: 60*60 + 7. */
  public static final long WARN_ONLY_SECONDS = 60 * 60 + 7;
  /** {@code serviceaccount.ExpirationExtensionSeconds}: 24*365*60*60, one year. */
  public static final long EXTENSION_SECONDS = 24L * 365 * 60 * 60;
  /** {@code SetDefaults_ServiceAccountTokenProjection}: one hour. */
  public static final long DEFAULT_PROJECTION_SECONDS = 3600;

  /** The longest projected token among Pods, and whether it is kube-apiserver's extension. */
  public record Longest(long seconds, boolean extended) {}

  /**
   * The {@code exp} lifetime kube-apiserver gives a TokenRequest (extension on): {@link #EXTENSION_SECONDS} when it is
   * bound to a Pod, asks for exactly {@link #WARN_ONLY_SECONDS} and every audience is one of the API server's
   * ({@code apiAudiences}; an empty list was defaulted to them); otherwise the requested seconds.
   */
  public static long issuedSeconds(long requestedSeconds, boolean podBound, Collection<String> audiences,
      Collection<String> apiAudiences) {
    boolean extended = podBound && requestedSeconds == WARN_ONLY_SECONDS && apiAudiences.containsAll(audiences);
    return extended ? EXTENSION_SECONDS : requestedSeconds;
  }

  /**
   * The longest lifetime of a token projected into one of {@code pods} (their {@code serviceAccountToken} volume
   * sources), counting as the API server's audience an empty one and {@code sourceIssuer} (kube-apiserver's default
   * {@code --api-audiences}); empty when no Pod projects one.
   */
  public static Optional<Longest> longest(List<Pod> pods, String sourceIssuer) {
    Longest best = null;
    List<String> apiAudiences = sourceIssuer == null ? List.of() : List.of(sourceIssuer);
    for (Pod pod : pods) {
      List<Volume> volumes = pod.getSpec() == null || pod.getSpec().getVolumes() == null ? List.of()
          : pod.getSpec().getVolumes();
      for (Volume v : volumes) {
        List<VolumeProjection> sources = v.getProjected() == null || v.getProjected().getSources() == null
            ? List.of() : v.getProjected().getSources();
        for (VolumeProjection p : sources) {
          ServiceAccountTokenProjection t = p.getServiceAccountToken();
          if (t == null) {
            continue;
          }
          long requested = t.getExpirationSeconds() == null ? DEFAULT_PROJECTION_SECONDS : t.getExpirationSeconds();
          List<String> audiences = t.getAudience() == null || t.getAudience().isEmpty() ? List.of()
              : List.of(t.getAudience());
          long seconds = issuedSeconds(requested, true, audiences, apiAudiences);
          if (best == null || seconds > best.seconds()) {
            best = new Longest(seconds, seconds != requested);
          }
        }
      }
    }
    return Optional.ofNullable(best);
  }
}
