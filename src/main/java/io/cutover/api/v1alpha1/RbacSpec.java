package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** How authorization is carried. */
public class RbacSpec {
  /** Mirror copies; Require checks the target already grants the same; Skip leaves RBAC alone. */
  public enum Mode { Mirror, Require, Skip }

  @Default("Mirror")
  @JsonPropertyDescription("Mirror: copy the source's Roles/ClusterRoles and bindings to the target with the subject rewritten, never wider (built-in roles are bound, not copied). Require: the target must already grant every source permission. Skip: do not touch RBAC.")
  private Mode mode = Mode.Mirror;

  @Default("false")
  @JsonPropertyDescription("Allow the target identity to hold permissions the source did not. Off by default: an escalation fails the plan.")
  private boolean allowEscalation;

  public Mode getMode() { return mode; }
  public void setMode(Mode mode) { this.mode = mode; }
  public boolean isAllowEscalation() { return allowEscalation; }
  public void setAllowEscalation(boolean allowEscalation) { this.allowEscalation = allowEscalation; }
}
