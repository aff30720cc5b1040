package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * kube-apiserver's graceful deletion of Pods ({@code pkg/registry/core/pod/strategy.go} CheckGracefulDelete): the
 * grace period is the DELETE's {@code gracePeriodSeconds}, else the pod's {@code spec.terminationGracePeriodSeconds}
 * (defaulted to 30 s, as the API server defaults it), but 0 — deleted at once — for a pod never scheduled (no
 * {@code spec.nodeName}) or already terminated ({@code Succeeded}, {@code Failed}); a negative period is 1. A positive
 * one marks the pod ({@code deletionTimestamp} now + period, {@code deletionGracePeriodSeconds}) and answers 200 with
 * it: a kubelet would then stop the containers and remove the pod. The sandbox has no kubelet, so a scheduled pod
 * stays Terminating until a DELETE with {@code gracePeriodSeconds: 0} (kubectl's {@code --force --grace-period=0}).
 */
final class PodDeletion {

  static final long DEFAULT_GRACE_SECONDS = 30;
  private static final Pattern POD = Pattern.compile("/api/v1/namespaces/[^/]+/pods/[^/]+");

  private final Store store;
  private final Clock clock;

  PodDeletion(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The answer to a graceful DELETE of a pod; empty when the pod is to be deleted at once (or is not a pod). */
  Optional<MockResponse> before(String method, String path, String body) {
    if (!method.equals("DELETE") || !POD.matcher(path).matches()) {
      return Optional.empty();
    }
    Optional<Pod> stored = store.get(path, Pod.class);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    Pod pod = stored.get();
    long grace = gracePeriod(pod, requested(body));
    if (grace == 0) {
      return Optional.empty();
    }
    var meta = pod.getMetadata();
    Instant deadline = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(grace);
    boolean marked = meta.getDeletionTimestamp() != null;
    if (marked && (meta.getDeletionGracePeriodSeconds() == null || meta.getDeletionGracePeriodSeconds() <= grace)) {
      return Optional.of(Responses.json(200, pod));
    }
    // First graceful delete, or a shorter period than the one in force.
    return store.rewrite(path, Pod.class, p -> {
      p.getMetadata().setDeletionTimestamp(DateTimeFormatter.ISO_INSTANT.format(deadline));
      p.getMetadata().setDeletionGracePeriodSeconds(grace);
      p.getMetadata().setGeneration(p.getMetadata().getGeneration() == null ? 1 : p.getMetadata().getGeneration() + 1);
      return p;
    }).map(updated -> Responses.json(200, updated));
  }

  static long gracePeriod(Pod pod, Long requested) {
    long period = requested != null ? requested
        : pod.getSpec() != null && pod.getSpec().getTerminationGracePeriodSeconds() != null
            ? pod.getSpec().getTerminationGracePeriodSeconds() : DEFAULT_GRACE_SECONDS;
    if (pod.getSpec() == null || pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()) {
      period = 0;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      period = 0;
    }
    return period < 0 ? 1 : period;
  }

  /** The DeleteOptions' gracePeriodSeconds, if the body has one. */
  private static Long requested(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode grace = Store.JSON.readTree(body).path("gracePeriodSeconds");
      return grace.isNumber() ? grace.asLong() : null;
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }
}
