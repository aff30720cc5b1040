package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What must change at one relying party so that it trusts the target identity, and forgets the source one. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TrustRebinding(
    @JsonPropertyDescription("The relying party: its spec name, or the annotation it was recognised from.") String name,
    @JsonPropertyDescription("Vault, AWS, GCP, Azure or OIDC.") String kind,
    @JsonPropertyDescription("Where it came from: Spec, or Annotation:<key> on the source ServiceAccount.") String origin,
    @JsonPropertyDescription("The cloud identity (role ARN, Google service account, client ID) the tokens are exchanged for.") String identity,
    @JsonPropertyDescription("The issuer the relying party trusts now (the source's).") String oldIssuer,
    @JsonPropertyDescription("The issuer it must trust (the target's).") String newIssuer,
    @JsonPropertyDescription("The subject it must match in the target's tokens.") String subject,
    @JsonPropertyDescription("The audience it expects.") String audience,
    @JsonPropertyDescription("What it keys the identity on: Subject (issuer and subject) or ServiceAccountUid (the ServiceAccount's UID, e.g. Vault's Kubernetes auth entity aliases).") String identityKey,
    @JsonPropertyDescription("The key on the source: the subject, or the source ServiceAccount's UID.") String oldKey,
    @JsonPropertyDescription("The key on the target: the subject, or the target ServiceAccount's UID once provisioning created it (status.provenance.targetUid).") String newKey,
    @JsonPropertyDescription("Whether anything must change: true when the issuer or the identity key changes (a ServiceAccountUid key always does; the target ServiceAccount is a new object).") boolean required,
    @JsonPropertyDescription("What to change, for people.") String change,
    @JsonPropertyDescription("The provider's known limits that apply to the change.") List<String> limits) {}
