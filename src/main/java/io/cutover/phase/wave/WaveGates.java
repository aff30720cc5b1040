package io.cutover.phase.wave;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.api.v1alpha1.UserRef;
import io.cutover.api.v1alpha1.WaveSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The gates a wave propagates to its members: approval (spec.approved for all, spec.approveMembers for some) and
 * rollback (spec.rollback for all, spec.rollbackMembers for some). A gate is only ever set, never cleared, and only
 * on a member whose phase still accepts it; nothing else of a member's spec is touched.
 */
public final class WaveGates {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private WaveGates() {}

  /** What the wave asks of the member for {@code id}: an approver (or null), and whether to roll back. */
  public record Gates(UserRef approvedBy, boolean rollback) {}

  public static Gates desired(WaveSpec wave, WaveIdentity id) {
    String name = id.toString();
    boolean approve = wave.getApprovedBy() != null && wave.getApprovedBy().getUsername() != null
        && (wave.isApproved() || list(wave.getApproveMembers()).contains(name));
    boolean rollback = wave.isRollback() || list(wave.getRollbackMembers()).contains(name);
    return new Gates(approve ? wave.getApprovedBy() : null, rollback);
  }

  /** True when the wave wants {@code id} rolled back: a member not yet created then is not created. */
  public static boolean rollsBack(WaveSpec wave, WaveIdentity id) {
    return desired(wave, id).rollback();
  }

  /** The JSON merge patch that brings {@code member} to the wave's gates, or null when it has them (or cannot take them). */
  public static String patch(WaveSpec wave, WaveIdentity id, ServiceAccountMigration member) {
    Gates gates = desired(wave, id);
    ServiceAccountMigrationSpec spec = member.getSpec();
    if (spec == null || !spec.getUnreadable().isEmpty()) {
      return null;
    }
    Phase phase = member.getStatus() == null || member.getStatus().getPhase() == null ? Phase.Pending
        : member.getStatus().getPhase();
    Map<String, Object> out = new LinkedHashMap<>();
    if (gates.rollback() && !spec.isRollback() && phase.acceptsRollback() && phase != Phase.RollingBack) {
      out.put("rollback", true);
    }
    boolean approved = spec.getCutover() != null && spec.getCutover().isApproved();
    if (gates.approvedBy() != null && !approved && phase.acceptsApproval() && !gates.rollback()) {
      Map<String, Object> by = new LinkedHashMap<>();
      by.put("username", gates.approvedBy().getUsername());
      if (gates.approvedBy().getGroups() != null && !gates.approvedBy().getGroups().isEmpty()) {
        by.put("groups", gates.approvedBy().getGroups());
      }
      out.put("cutover", Map.of("approved", true, "approvedBy", by));
    }
    return out.isEmpty() ? null : JSON.asJson(Map.of("spec", out));
  }

  private static List<String> list(List<String> l) {
    return l == null ? List.of() : l.stream().filter(Objects::nonNull).toList();
  }
}
