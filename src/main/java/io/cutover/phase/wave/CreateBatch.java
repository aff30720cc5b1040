package io.cutover.phase.wave;

import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationWave;
import io.cutover.cluster.ClusterAccessException;
import io.cutover.cluster.WaveMembers;
import io.cutover.policy.Authority;
import io.cutover.policy.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Step: creates the next members, in the selection's order, while the budget has room. Each member is decided by
 * the {@link Authority} first, exactly as the migration reconciler decides it (the same policy, requester and spec):
 * an identity the wave's requester could not move with a single migration gets no member; it is recorded in
 * {@code refused} (shown in status.attention) and not decided again until the wave's spec changes. So is one whose
 * member the API server refuses for good (a CEL rule of the migration CRD); a retryable error is thrown.
 */
public final class CreateBatch {
  private CreateBatch() {}

  /** The members created; {@code refused} gains the identities the authority refused. */
  public static List<ServiceAccountMigration> run(ServiceAccountMigrationWave wave, List<WaveIdentity> candidates,
      int room, String sharedDeadline, Authority authority, WaveMembers port, Map<WaveIdentity, Refusal> refused) {
    List<ServiceAccountMigration> created = new ArrayList<>();
    for (WaveIdentity id : candidates) {
      if (created.size() >= room) {
        break;
      }
      if (refused.containsKey(id)) {
        continue;
      }
      ServiceAccountMigration member = MemberSpecs.member(wave, id, sharedDeadline);
      Decision decision = authority.decide(member, member.getSpec());
      if (!decision.permitted()) {
        refused.put(id, new Refusal(WaveStatusBuilder.NOT_PERMITTED, String.join("; ", decision.refusals())));
        continue;
      }
      try {
        port.create(member);
      } catch (ClusterAccessException e) {
        if (e.retryable()) {
          throw e;
        }
        refused.put(id, new Refusal(Refusal.REJECTED, e.getMessage()));
        continue;
      }
      created.add(member);
    }
    return created;
  }

  /** The selected identities still to get a member: no member yet, not rolled back by the wave. */
  public static List<WaveIdentity> candidates(ServiceAccountMigrationWave wave, List<WaveIdentity> selected,
      Set<WaveIdentity> withMember) {
    return selected.stream().filter(id -> !withMember.contains(id))
        .filter(id -> !WaveGates.rollsBack(wave.getSpec(), id)).toList();
  }
}
