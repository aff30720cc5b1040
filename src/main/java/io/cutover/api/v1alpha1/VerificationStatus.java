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
  @JsonPropertyDescription("When the revocation was proven.")
  private String verifiedAt;
  @JsonPropertyDescription("The individual checks.")
  private List<CheckResult> checks = new ArrayList<>();

  public String getTargetProvenAt() { return targetProvenAt; }
  public void setTargetProvenAt(String targetProvenAt) { this.targetProvenAt = targetProvenAt; }
  public String getVerifiedAt() { return verifiedAt; }
  public void setVerifiedAt(String verifiedAt) { this.verifiedAt = verifiedAt; }
  public List<CheckResult> getChecks() { return checks; }
  public void setChecks(List<CheckResult> checks) { this.checks = checks; }
}
