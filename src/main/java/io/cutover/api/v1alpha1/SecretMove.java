package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A Secret of spec.secrets: whether it can move, and the digest of its content. Never its data. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SecretMove(
    @JsonPropertyDescription("Secret name (same in source and target namespace).") String name,
    @JsonPropertyDescription("Secret type.") String type,
    @JsonPropertyDescription("Copy, or Blocked when it cannot work on the target.") String action,
    @JsonPropertyDescription("Why it is blocked.") String reason,
    @JsonPropertyDescription("sha256 of the source Secret's type and data (sorted keys).") String sourceDigest,
    @JsonPropertyDescription("sha256 of the target copy's type and data, once copied.") String targetDigest) {}
