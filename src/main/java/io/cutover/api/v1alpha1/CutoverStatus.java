package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The cutover: its intent (written before the first revocation), what was revoked and when. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CutoverStatus {
  @JsonPropertyDescription("When the decision to cut over was recorded, before anything was revoked.")
  private String intentAt;
  @JsonPropertyDescription("Why: Deadline or Approved.")
  private String trigger;
  @JsonPropertyDescription("When the revocation finished.")
  private String completedAt;
  @JsonPropertyDescription("Revocation finished minus deadline, in milliseconds (negative when approved before the deadline).")
  private Long latenessMillis;
  @JsonPropertyDescription("What was revoked on the source.")
  private List<ObjectRef> revoked = new ArrayList<>();
  @JsonPropertyDescription("When the old identity's last credential stops being accepted, per credential kind and verifier: computed when the revocation finishes. Not instantaneous: the source API server caches authentications for 10 s, and relying parties that verify offline accept a token until its exp.")
  private List<RevocationHorizon> revocationHorizon = new ArrayList<>();

  public String getIntentAt() { return intentAt; }
  public void setIntentAt(String intentAt) { this.intentAt = intentAt; }
  public String getTrigger() { return trigger; }
  public void setTrigger(String trigger) { this.trigger = trigger; }
  public String getCompletedAt() { return completedAt; }
  public void setCompletedAt(String completedAt) { this.completedAt = completedAt; }
  public Long getLatenessMillis() { return latenessMillis; }
  public void setLatenessMillis(Long latenessMillis) { this.latenessMillis = latenessMillis; }
  public List<ObjectRef> getRevoked() { return revoked; }
  public void setRevoked(List<ObjectRef> revoked) { this.revoked = revoked; }
  public List<RevocationHorizon> getRevocationHorizon() { return revocationHorizon; }
  public void setRevocationHorizon(List<RevocationHorizon> revocationHorizon) { this.revocationHorizon = revocationHorizon; }
}
