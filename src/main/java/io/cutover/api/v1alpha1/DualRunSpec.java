package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The bounded time in which old and new identity are both valid. */
public class DualRunSpec {
  public enum OnDeadline { Cutover, Rollback }

  public static final String DEFAULT_WINDOW = "15m";

  @Default(DEFAULT_WINDOW)
  @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$")
  @ValidationRule(value = "duration(self) <= duration('168h')", message = "window must be at most 168h")
  @JsonPropertyDescription("Hard bound on the time both identities are valid, as a duration (e.g. 90s, 15m, 1h30m); 0s to 168h. It starts when the first target credential can exist.")
  private String window = DEFAULT_WINDOW;

  @Default("Cutover")
  @JsonPropertyDescription("What happens at the deadline: Cutover revokes the old identity (if the target still proves), Rollback removes the new one.")
  private OnDeadline onDeadline = OnDeadline.Cutover;

  public String getWindow() { return window; }
  public void setWindow(String window) { this.window = window; }
  public OnDeadline getOnDeadline() { return onDeadline; }
  public void setOnDeadline(OnDeadline onDeadline) { this.onDeadline = onDeadline; }
}
