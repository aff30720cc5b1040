package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A legacy token Secret (kubernetes.io/service-account-token) of the source identity. Never its data. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LegacySecretRef(
    @JsonPropertyDescription("Secret name.") String name,
    @JsonPropertyDescription("Value of the label kubernetes.io/legacy-token-last-used (a date), if set.") String lastUsed,
    @JsonPropertyDescription("Value of the label kubernetes.io/legacy-token-invalid-since (a date), if set.") String invalidSince,
    @JsonPropertyDescription("Secret UID: the revocation deletes this Secret only while it still has it.") String uid) {

  public LegacySecretRef(String name, String lastUsed, String invalidSince) {
    this(name, lastUsed, invalidSince, null);
  }
}
