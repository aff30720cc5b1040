package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One field of the source ServiceAccount and what the target ServiceAccount gets for it (invariant 9): carried as it
 * is, changed by the trust plan, dropped because it only means something on the source cluster, replaced (legacy
 * token Secrets by bound tokens), or lost (then also an entry of {@code plan.identityLosses}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdentityField(
    @JsonPropertyDescription("The field, e.g. automountServiceAccountToken, imagePullSecrets[regcred], labels[app], annotations[example.com/owner].") String field,
    @JsonPropertyDescription("Its value on the source (at most 256 characters shown).") String source,
    @JsonPropertyDescription("Its value on the target ServiceAccount; empty when it is not set there.") String target,
    @JsonPropertyDescription("Carried, Changed, Dropped, Replaced or Lost.") String action,
    @JsonPropertyDescription("Why, for anything not carried as it is.") String reason) {

  public static final String CARRIED = "Carried";
  public static final String CHANGED = "Changed";
  public static final String DROPPED = "Dropped";
  public static final String REPLACED = "Replaced";
  public static final String LOST = "Lost";
}
