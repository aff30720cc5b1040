package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The bounded time in which old and new identity are both valid. */
public class DualRunSpec {
  public enum OnDeadline { Cutover, Rollback }

  public static final String DEFAULT_WINDOW = "15m";

  @Default(DEFAULT_WINDOW)
  @Pattern(ApiRules.WINDOW)
  @Size(min = 1, max = ApiRules.WINDOW_MAX_LENGTH)
  @ValidationRule(value = ApiRules.WINDOW_MIN_CEL, message = "window must be at least " + ApiRules.WINDOW_MIN)
  @ValidationRule(value = ApiRules.WINDOW_MAX_CEL, message = "window must be at most " + ApiRules.WINDOW_MAX)
  @JsonPropertyDescription("Hard bound on the time both identities are valid, as a duration (e.g. 90s, 15m, 1h30m); 1s to 168h. It starts when the first target credential can exist.")
  private String window = DEFAULT_WINDOW;

  @Default("Cutover")
  @JsonPropertyDescription("What happens at the deadline: Cutover revokes the old identity (if the target still proves), Rollback removes the new one.")
  private OnDeadline onDeadline = OnDeadline.Cutover;

  public String getWindow() { return window; }
  public void setWindow(String window) { this.window = window; }
  public OnDeadline getOnDeadline() { return onDeadline; }
  public void setOnDeadline(OnDeadline onDeadline) { this.onDeadline = onDeadline; }
}
