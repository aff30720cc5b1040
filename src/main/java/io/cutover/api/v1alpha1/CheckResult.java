package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One proof and its outcome. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CheckResult(
    @JsonPropertyDescription("What was checked, e.g. TargetTokenReview, TargetAccessReview, SourceCanaryRejected, NoLegacyTokenSecrets.") String name,
    @JsonPropertyDescription("Whether it passed.") boolean passed,
    @JsonPropertyDescription("What was found (never a token).") String message) {}
