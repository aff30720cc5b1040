package io.cutover.phase.wave;

import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.WaveSpec;
import io.cutover.api.v1alpha1.WaveStatus;
import io.cutover.validate.Durations;
import io.cutover.validate.Times;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Step: the one deadline of a wave in windowMode Shared, fixed once: spec.dualRun.notAfter if given, otherwise the
 * first member's creation time plus spec.dualRun.window. Kept in status.sharedDeadline and in every member's
 * spec.dualRun.notAfter, so an operator restarted between the two reads it back from a member. Null in PerIdentity.
 */
public final class SharedDeadline {
  private SharedDeadline() {}

  public static String of(WaveSpec spec, WaveStatus previous, List<ServiceAccountMigration> members, Instant now) {
    if (spec.getWindowMode() != WaveSpec.WindowMode.Shared) {
      return null;
    }
    if (previous != null && previous.getSharedDeadline() != null) {
      return previous.getSharedDeadline();
    }
    for (ServiceAccountMigration m : members) {
      if (m.getSpec() != null && m.getSpec().getDualRun() != null && m.getSpec().getDualRun().getNotAfter() != null) {
        return m.getSpec().getDualRun().getNotAfter();
      }
    }
    String notAfter = spec.getDualRun() == null ? null : spec.getDualRun().getNotAfter();
    if (notAfter != null) {
      Times.parse(notAfter);
      return notAfter;
    }
    String window = spec.getDualRun() == null ? null : spec.getDualRun().getWindow();
    return now.truncatedTo(ChronoUnit.SECONDS).plus(Durations.parse(window == null ? io.cutover.api.v1alpha1.DualRunSpec.DEFAULT_WINDOW : window)).toString();
  }
}
