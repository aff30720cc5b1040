package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * The cutover: the revocation prepared before the deadline, its intent (written before the first revocation), what
 * was revoked and when.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CutoverStatus {
  @JsonPropertyDescription("When the revocation was prepared (before the deadline, with the pre-cutover proof): the source objects to revoke, with their UIDs, are in prepared.")
  private String preparedAt;
  @JsonPropertyDescription("The source objects the revocation will delete or edit at the deadline (legacy token Secrets, bindings naming the identity, the ServiceAccount), with the UIDs the deletes are conditioned on. Anything the source gains after preparedAt is found and revoked at the cutover too.")
  private List<ObjectRef> prepared = new ArrayList<>();
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

  public String getPreparedAt() { return preparedAt; }
  public void setPreparedAt(String preparedAt) { this.preparedAt = preparedAt; }
  public List<ObjectRef> getPrepared() { return prepared; }
  public void setPrepared(List<ObjectRef> prepared) { this.prepared = prepared; }
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
