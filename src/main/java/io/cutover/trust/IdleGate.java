package io.cutover.trust;

import io.cutover.api.v1alpha1.Ownership;
import io.cutover.cluster.ClusterReader;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the old identity is idle: no Pod runs as the source ServiceAccount (Pods that Succeeded or Failed do not
 * run), and no legacy token of it was used since the dual run began. The legacy token's use is known only by day
 * (label {@value Ownership#LEGACY_LAST_USED_LABEL}, a UTC date the API server sets at most once a day): a token used on
 * the day the dual run began counts as used since, the conservative reading.
 */
public final class IdleGate {
  /** How often the source is checked while waiting: its Pods are not watched, so this is the one poll in Cutover. */
  public static final Duration POLL = Duration.ofSeconds(1);

  private IdleGate() {}

  /** What still uses the old identity; empty when idle. */
  public static List<String> inUse(ClusterReader source, String namespace, String name, Instant dualRunStart) {
    List<String> out = new ArrayList<>();
    for (Pod p : source.podsRunningAs(namespace, name)) {
      String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
      if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
        out.add("Pod " + namespace + "/" + p.getMetadata().getName());
      }
    }
    LocalDate since = LocalDate.ofInstant(dualRunStart, ZoneOffset.UTC);
    for (var s : source.legacyTokenSecrets(namespace, name)) {
      String used = s.getMetadata().getLabels() == null ? null : s.getMetadata().getLabels().get(Ownership.LEGACY_LAST_USED_LABEL);
      if (used != null && usedSince(used, since)) {
        out.add("legacy token Secret " + namespace + "/" + s.getMetadata().getName() + " (last used " + used + ")");
      }
    }
    return out;
  }

  static boolean usedSince(String label, LocalDate since) {
    try {
      return !LocalDate.parse(label).isBefore(since);
    } catch (java.time.format.DateTimeParseException e) {
      return true; // unreadable: assume in use rather than revoke something that may be used
    }
  }
}
