package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The dual-run window, written before the first target object exists, so it survives restarts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DualRunStatus {
  @JsonPropertyDescription("When the window opened: before the first target credential could exist.")
  private String startedAt;
  @JsonPropertyDescription("The hard deadline: startedAt plus spec.dualRun.window, or spec.dualRun.notAfter if that is earlier (it may then be before startedAt: due at once).")
  private String deadline;

  public DualRunStatus() {}

  public DualRunStatus(String startedAt, String deadline) {
    this.startedAt = startedAt;
    this.deadline = deadline;
  }

  public String getStartedAt() { return startedAt; }
  public void setStartedAt(String startedAt) { this.startedAt = startedAt; }
  public String getDeadline() { return deadline; }
  public void setDeadline(String deadline) { this.deadline = deadline; }
}
