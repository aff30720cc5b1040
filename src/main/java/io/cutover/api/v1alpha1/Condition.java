package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A status condition as the Kubernetes API conventions define it (metav1.Condition), documented for kubectl explain. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {
  @Required
  @JsonPropertyDescription("Ready (the summary), Reconciling and Stalled (kstatus), Planned, TargetProven, TrustRebound, Revoked, Verified or OldTrustRemoved.")
  private String type;
  @Required
  @JsonPropertyDescription("True, False or Unknown.")
  private String status;
  @Required
  @JsonPropertyDescription("Why, in CamelCase; never empty.")
  private String reason;
  @JsonPropertyDescription("Details for people; never a token or other secret.")
  private String message;
  @Required
  @JsonPropertyDescription("When status last changed (RFC 3339); unchanged while status stays the same.")
  private String lastTransitionTime;
  @JsonPropertyDescription("The metadata.generation the condition was set from.")
  private Long observedGeneration;

  public Condition() {}

  public Condition(String type, String status, String reason, String message, String lastTransitionTime, Long observedGeneration) {
    this.type = type;
    this.status = status;
    this.reason = reason;
    this.message = message;
    this.lastTransitionTime = lastTransitionTime;
    this.observedGeneration = observedGeneration;
  }

  public String getType() { return type; }
  public void setType(String type) { this.type = type; }
  public String getStatus() { return status; }
  public void setStatus(String status) { this.status = status; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public String getLastTransitionTime() { return lastTransitionTime; }
  public void setLastTransitionTime(String lastTransitionTime) { this.lastTransitionTime = lastTransitionTime; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
}
