package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A source binding that grants the identity something. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BindingRef(
    @JsonPropertyDescription("RoleBinding or ClusterRoleBinding.") String kind,
    @JsonPropertyDescription("Namespace of a RoleBinding.") String namespace,
    @JsonPropertyDescription("Name of the binding.") String name,
    @JsonPropertyDescription("Role or ClusterRole.") String roleKind,
    @JsonPropertyDescription("Name of the role.") String roleName,
    @JsonPropertyDescription("How the binding names the identity: ServiceAccount, User or Group.") String subjectKind,
    @JsonPropertyDescription("True for a Kubernetes built-in role (label kubernetes.io/bootstrapping=rbac-defaults): bound on the target to the target's own role, never copied.") boolean builtInRole) {}
