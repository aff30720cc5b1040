package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
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

  @Size(max = ApiRules.NOT_AFTER_MAX_LENGTH)
  @JsonSerialize(using = DateTimeString.class)
  @JsonPropertyDescription("Optional RFC 3339 time (e.g. 2026-12-03T18:00:00Z) by which the dual run ends: the deadline is the earlier of window start plus window and notAfter, so one instant can be shared by many migrations (a wave). It only shortens the window, never lengthens it. Read when the window opens; a notAfter already past then makes the deadline due at once: the migration cuts over as soon as the target proves.")
  private String notAfter;

  public String getWindow() { return window; }
  public void setWindow(String window) { this.window = window; }
  public String getNotAfter() { return notAfter; }
  public void setNotAfter(String notAfter) { this.notAfter = notAfter; }
  public OnDeadline getOnDeadline() { return onDeadline; }
  public void setOnDeadline(OnDeadline onDeadline) { this.onDeadline = onDeadline; }
}
