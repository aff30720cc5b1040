package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One earlier migration of the identity, oldest first in a provenance chain. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProvenanceLink(
    @JsonPropertyDescription("Cluster the identity was moved from.") String cluster,
    @JsonPropertyDescription("Its namespace there.") String namespace,
    @JsonPropertyDescription("Its name there.") String name,
    @JsonPropertyDescription("Its UID there.") String uid,
    @JsonPropertyDescription("Cluster it was moved to.") String toCluster,
    @JsonPropertyDescription("UID of the migration that moved it.") String migrationUid,
    @JsonPropertyDescription("When the first target token was issued.") String issuedAt,
    @JsonPropertyDescription("When the cutover was approved or triggered.") String approvedAt,
    @JsonPropertyDescription("When the revocation finished.") String cutoverAt,
    @JsonPropertyDescription("What was revoked on the source, as Kind/namespace/name.") java.util.List<String> revoked) {}
