package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/** When and how the old identity is revoked. */
public class CutoverSpec {
  public enum Approval { Automatic, Manual }

  @Default("Automatic")
  @JsonPropertyDescription("Automatic: cut over at the deadline (or earlier once approved). Manual: cut over only once approved is true; without approval at the deadline the migration rolls back, since the window is a hard bound.")
  private Approval approval = Approval.Automatic;

  @Default("false")
  @JsonPropertyDescription("Approval to cut over now (a Git commit in GitOps setups). Takes effect once the target is proven.")
  private boolean approved;

  @JsonPropertyDescription("Who approved (kubectl cutover approve sets it): required with approved: true. The chart's admission policy admits it only as the user making the request, holding the verb 'approve' on spec.policy; the requester may approve only where the policy allows self-approval.")
  private UserRef approvedBy;

  @Default("false")
  @JsonPropertyDescription("Cut over only once the old identity is idle: no Pod runs as the source ServiceAccount and no legacy token was used since the dual run began. Checked within the window (it then cuts over as soon as it is idle); at the deadline spec.dualRun.onDeadline decides and status.trust.inUseAtCutover says what was still in use.")
  private boolean requireIdle;

  @ValidationRule(value = ApiRules.REVOCATION_ON_CEL, message = ApiRules.REVOCATION_ON_MESSAGE)
  @JsonPropertyDescription("What is revoked on the source at cutover; at least one revocation must be on.")
  private RevokeSpec revoke = new RevokeSpec();

  public Approval getApproval() { return approval; }
  public void setApproval(Approval approval) { this.approval = approval; }
  public boolean isApproved() { return approved; }
  public void setApproved(boolean approved) { this.approved = approved; }
  public UserRef getApprovedBy() { return approvedBy; }
  public void setApprovedBy(UserRef approvedBy) { this.approvedBy = approvedBy; }
  public boolean isRequireIdle() { return requireIdle; }
  public void setRequireIdle(boolean requireIdle) { this.requireIdle = requireIdle; }
  public RevokeSpec getRevoke() { return revoke; }
  public void setRevoke(RevokeSpec revoke) { this.revoke = revoke; }
}
