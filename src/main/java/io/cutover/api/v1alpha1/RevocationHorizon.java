package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * When the old identity's last credential of one kind stops being accepted by one kind of verifier. Strings, not
 * enums, so that a status written by a newer operator is still read (TolerantReader).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RevocationHorizon(
    @JsonPropertyDescription("The credential: BoundToken (TokenRequest and projected tokens) or LegacyToken (a kubernetes.io/service-account-token Secret).") String credential,
    @JsonPropertyDescription("Who verifies it: SourceApiServer (TokenReview and requests to the source cluster) or OfflineVerifier (a relying party that checks signature, iss, aud and exp itself, such as cloud STS or Vault's JWT auth).") String verifier,
    @JsonPropertyDescription("The latest instant (RFC 3339) at which such a credential can still be accepted; absent when nothing bounds it.") String until,
    @JsonPropertyDescription("How the instant was computed, for people.") String basis) {

  public static final String BOUND_TOKEN = "BoundToken";
  public static final String LEGACY_TOKEN = "LegacyToken";
  public static final String SOURCE_API_SERVER = "SourceApiServer";
  public static final String OFFLINE_VERIFIER = "OfflineVerifier";
}
