package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** One RBAC rule and where it applies. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RuleRef(
    @JsonPropertyDescription("Namespace the rule applies in; empty: cluster-wide.") String namespace,
    @JsonPropertyDescription("Verbs.") List<String> verbs,
    @JsonPropertyDescription("API groups.") List<String> apiGroups,
    @JsonPropertyDescription("Resources (resource/subresource).") List<String> resources,
    @JsonPropertyDescription("Resource names the rule is limited to.") List<String> resourceNames,
    @JsonPropertyDescription("Non-resource URLs.") List<String> nonResourceURLs,
    @JsonPropertyDescription("Why it is listed (e.g. which binding grants it, or why it cannot be carried).") String note,
    @JsonPropertyDescription("In effectiveRules: how the granting binding names the identity (ServiceAccount, User or Group). A rule granted through a Group is not mirrored (the target's own group bindings decide there).") String subjectKind) {}
