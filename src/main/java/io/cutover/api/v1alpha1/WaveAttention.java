package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One identity of a wave that needs a person. {@code member} is null for an identity the policy refuses (no member
 * was created for it).
 */
public record WaveAttention(
    @JsonPropertyDescription("The source identity, namespace/name.") String identity,
    @JsonPropertyDescription("The member migration's name; absent when none was created.") String member,
    @JsonPropertyDescription("The member's phase, when it exists.") Phase phase,
    @JsonPropertyDescription("RolledBack, Failed, AwaitingApproval, NotPermitted (the policy refuses it) or the member's Ready reason.") String reason,
    @JsonPropertyDescription("The member's Ready message, or the policy's refusal.") String message) {}
