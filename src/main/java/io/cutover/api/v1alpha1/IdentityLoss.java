package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Something that makes the source identity work or limits it and that the target identity will not have (invariant
 * 9): a permission, an image pull Secret, a mountable Secret or a setting. Each one keeps the migration out of the
 * dual run unless {@code spec.acceptLosses} lists its {@code id}, so a loss that appears later still stops it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdentityLoss(
    @JsonPropertyDescription("What spec.acceptLosses must list to carry on without it, e.g. 'Permission/get pods in namespace apps' or 'ImagePullSecret/regcred'.") String id,
    @JsonPropertyDescription("Permission, ImagePullSecret, MountableSecret or Setting.") String kind,
    @JsonPropertyDescription("Why it cannot be carried.") String reason,
    @JsonPropertyDescription("Whether spec.acceptLosses lists it.") boolean accepted) {

  public static final String PERMISSION = "Permission";
  public static final String IMAGE_PULL_SECRET = "ImagePullSecret";
  public static final String MOUNTABLE_SECRET = "MountableSecret";
  public static final String SETTING = "Setting";

  /** The id of a loss: its kind and what is lost, e.g. {@code ImagePullSecret/regcred}. */
  public static String id(String kind, String what) {
    return kind + "/" + what;
  }
}
