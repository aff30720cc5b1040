package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Under whose authority the migration acts, pinned when it was admitted: every later check refuses a spec that no
 * longer names the same policy, requester, identities and clusters.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthorizationStatus {
  @JsonPropertyDescription("The MigrationPolicy the migration was admitted under; empty: the default (its own namespace of the operator's own cluster).")
  private String policy;

  @JsonPropertyDescription("The requester the migration was admitted for.")
  private UserRef requester;

  @JsonPropertyDescription("Who approved the cutover, once approved.")
  private UserRef approvedBy;

  @JsonPropertyDescription("The kubeconfig Secret of the source cluster at admission; empty: the operator's own cluster.")
  private String sourceKubeconfigSecret;

  @JsonPropertyDescription("The kubeconfig Secret of the target cluster at admission; empty: the operator's own cluster.")
  private String targetKubeconfigSecret;

  @JsonPropertyDescription("When the migration was admitted (RFC 3339). It is checked again before every step that writes; a refusal rolls it back with reason NotPermitted.")
  private String admittedAt;

  public String getPolicy() { return policy; }
  public void setPolicy(String policy) { this.policy = policy; }
  public UserRef getRequester() { return requester; }
  public void setRequester(UserRef requester) { this.requester = requester; }
  public UserRef getApprovedBy() { return approvedBy; }
  public void setApprovedBy(UserRef approvedBy) { this.approvedBy = approvedBy; }
  public String getSourceKubeconfigSecret() { return sourceKubeconfigSecret; }
  public void setSourceKubeconfigSecret(String s) { this.sourceKubeconfigSecret = s; }
  public String getTargetKubeconfigSecret() { return targetKubeconfigSecret; }
  public void setTargetKubeconfigSecret(String s) { this.targetKubeconfigSecret = s; }
  public String getAdmittedAt() { return admittedAt; }
  public void setAdmittedAt(String admittedAt) { this.admittedAt = admittedAt; }
}
