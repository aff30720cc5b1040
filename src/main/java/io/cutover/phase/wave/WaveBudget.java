package io.cutover.phase.wave;

/**
 * The budget: how many members may be created now so that no more than {@code maxInFlight} are not in a final phase
 * at once. {@code nonFinal} counts every member not Completed, RolledBack or Failed, including one just created that
 * the informer has not shown yet (a member without status is Pending, so not final).
 */
public final class WaveBudget {
  private WaveBudget() {}

  public static int room(int maxInFlight, int nonFinal) {
    return Math.max(0, Math.max(1, maxInFlight) - nonFinal);
  }
}
