package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A Secret of spec.secrets: whether it can move, and the digest of its content. Never its data. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SecretMove(
    @JsonPropertyDescription("Secret name (same in source and target namespace).") String name,
    @JsonPropertyDescription("Secret type.") String type,
    @JsonPropertyDescription("Copy, or Blocked when it cannot work on the target or is over the size cap (64 KiB of data).") String action,
    @JsonPropertyDescription("Why it is blocked.") String reason,
    @JsonPropertyDescription("HMAC-SHA256 of the source Secret's type and data (sorted keys), keyed by this migration's UID.") String sourceDigest,
    @JsonPropertyDescription("HMAC-SHA256 of the target copy's type and data, keyed as sourceDigest, once copied.") String targetDigest) {}
