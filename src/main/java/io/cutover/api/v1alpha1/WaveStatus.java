package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** What the operator observed of a wave and its members; written only by the operator, built in one place. */
public class WaveStatus extends TolerantlyRead {
  /** The wave's phases. */
  public enum WavePhase {
    /** Not yet seen by the operator. */
    Pending,
    /** Members are being created or are not all in a final phase. */
    InProgress,
    /** Every member is Completed. */
    Completed,
    /** Every member is in a final phase, some of them RolledBack or Failed (see attention). */
    Finished,
    /** Nothing can be created: the spec or the selection cannot be read, no identity is selected, or the policy refuses every one. */
    Blocked
  }

  @JsonPropertyDescription("Pending, InProgress, Completed (every member Completed), Finished (every member final, some not Completed) or Blocked.")
  private WavePhase phase;

  @JsonPropertyDescription("The metadata.generation of the wave this status was made from.")
  private Long observedGeneration;

  @JsonPropertyDescription("How many identities the wave holds: those its selection finds on the source and those already given a member (a moved identity may be gone from the source).")
  private Integer selected;

  @JsonPropertyDescription("How many member migrations exist.")
  private Integer members;

  @JsonPropertyDescription("How many members are Completed.")
  private Integer completed;

  @JsonPropertyDescription("How many members are not in a final phase.")
  private Integer inFlight;

  @JsonPropertyDescription("How many entries attention holds.")
  private Integer needAttention;

  @JsonPropertyDescription("Members per phase.")
  private Map<String, Integer> phases = new TreeMap<>();

  @JsonPropertyDescription("With windowMode Shared: the one deadline every member carries in spec.dualRun.notAfter.")
  private String sharedDeadline;

  @JsonPropertyDescription("Identities that need a person: members rolled back, failed, waiting for approval, and identities the policy refuses (not created).")
  private List<WaveAttention> attention = new ArrayList<>();

  @JsonPropertyDescription("Ready: True when every member is Completed.")
  private List<Condition> conditions = new ArrayList<>();

  public WavePhase getPhase() { return phase; }
  public void setPhase(WavePhase phase) { this.phase = phase; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public Integer getSelected() { return selected; }
  public void setSelected(Integer selected) { this.selected = selected; }
  public Integer getMembers() { return members; }
  public void setMembers(Integer members) { this.members = members; }
  public Integer getCompleted() { return completed; }
  public void setCompleted(Integer completed) { this.completed = completed; }
  public Integer getInFlight() { return inFlight; }
  public void setInFlight(Integer inFlight) { this.inFlight = inFlight; }
  public Integer getNeedAttention() { return needAttention; }
  public void setNeedAttention(Integer needAttention) { this.needAttention = needAttention; }
  public Map<String, Integer> getPhases() { return phases; }
  public void setPhases(Map<String, Integer> phases) { this.phases = phases; }
  public String getSharedDeadline() { return sharedDeadline; }
  public void setSharedDeadline(String sharedDeadline) { this.sharedDeadline = sharedDeadline; }
  public List<WaveAttention> getAttention() { return attention; }
  public void setAttention(List<WaveAttention> attention) { this.attention = attention; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }

  /** Equal in everything the operator writes (conditions compared with their transition times). */
  public boolean sameAs(WaveStatus o) {
    return o != null && phase == o.phase && Objects.equals(observedGeneration, o.observedGeneration)
        && Objects.equals(selected, o.selected) && Objects.equals(members, o.members)
        && Objects.equals(completed, o.completed) && Objects.equals(inFlight, o.inFlight)
        && Objects.equals(needAttention, o.needAttention) && Objects.equals(phases, o.phases)
        && Objects.equals(sharedDeadline, o.sharedDeadline) && Objects.equals(attention, o.attention)
        && conditionsEqual(conditions, o.conditions);
  }

  private static boolean conditionsEqual(List<Condition> a, List<Condition> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      Condition x = a.get(i);
      Condition y = b.get(i);
      if (!Objects.equals(x.getType(), y.getType()) || !Objects.equals(x.getStatus(), y.getStatus())
          || !Objects.equals(x.getReason(), y.getReason()) || !Objects.equals(x.getMessage(), y.getMessage())
          || !Objects.equals(x.getLastTransitionTime(), y.getLastTransitionTime())
          || !Objects.equals(x.getObservedGeneration(), y.getObservedGeneration())) {
        return false;
      }
    }
    return true;
  }
}
