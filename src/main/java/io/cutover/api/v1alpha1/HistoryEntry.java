package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One phase transition. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HistoryEntry(
    @JsonPropertyDescription("When (RFC 3339).") String time,
    @JsonPropertyDescription("The phase entered.") Phase phase,
    @JsonPropertyDescription("CamelCase reason.") String reason,
    @JsonPropertyDescription("Human message.") String message) {}
