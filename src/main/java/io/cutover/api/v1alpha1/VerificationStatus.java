package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The last proofs run, on the target before cutover and on the source after it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VerificationStatus {
  @JsonPropertyDescription("When the target was last proven.")
  private String targetProvenAt;
  @JsonPropertyDescription("SHA-256 of the target identity's effective RBAC rules, as the operator's informers saw them when the target was last proven by SubjectAccessReview. While the informers show the same rules and no permission is new, the SubjectAccessReviews are not asked again.")
  private String targetRulesDigest;
  @JsonPropertyDescription("When the revocation was proven.")
  private String verifiedAt;
  @JsonPropertyDescription("The individual checks.")
  private List<CheckResult> checks = new ArrayList<>();

  public String getTargetProvenAt() { return targetProvenAt; }
  public void setTargetProvenAt(String targetProvenAt) { this.targetProvenAt = targetProvenAt; }
  public String getTargetRulesDigest() { return targetRulesDigest; }
  public void setTargetRulesDigest(String targetRulesDigest) { this.targetRulesDigest = targetRulesDigest; }
  public String getVerifiedAt() { return verifiedAt; }
  public void setVerifiedAt(String verifiedAt) { this.verifiedAt = verifiedAt; }
  public List<CheckResult> getChecks() { return checks; }
  public void setChecks(List<CheckResult> checks) { this.checks = checks; }
}
