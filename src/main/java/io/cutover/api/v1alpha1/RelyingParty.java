package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A system that validates the identity's tokens itself and must learn the target issuer before cutover. */
@io.fabric8.generator.annotation.ValidationRule(value = ApiRules.IDENTITY_KEY_KIND_CEL,
    message = ApiRules.IDENTITY_KEY_KIND_MESSAGE)
public class RelyingParty {
  public enum Kind { Vault, AWS, GCP, Azure, OIDC }

  /** What a relying party recognises the identity by, so whether a move changes it. */
  public enum IdentityKey { Subject, ServiceAccountUid }

  @Required
  @Pattern(ApiRules.DNS1123_SUBDOMAIN)
  @io.fabric8.generator.annotation.Size(min = 1, max = ApiRules.DNS1123_SUBDOMAIN_MAX)
  @JsonPropertyDescription("A name for the relying party, used in status.")
  private String name;

  @Required
  @JsonPropertyDescription("Vault (JWT/Kubernetes auth), AWS (IAM OIDC provider, IRSA), GCP (workload identity pool), Azure (Entra federated credential) or OIDC (any other OIDC relying party).")
  private Kind kind;

  @Pattern(ApiRules.AUDIENCE)
  @io.fabric8.generator.annotation.Size(min = 1, max = ApiRules.AUDIENCE_MAX_LENGTH)
  @JsonPropertyDescription("The audience the relying party expects in tokens; empty: the kind's usual one (sts.amazonaws.com, api://AzureADTokenExchange; Vault and GCP have no default).")
  private String audience;

  @Pattern(ApiRules.PROBE_URL)
  @io.fabric8.generator.annotation.Size(max = ApiRules.PROBE_URL_MAX_LENGTH)
  @io.fabric8.generator.annotation.ValidationRule(value = ApiRules.PROBE_URL_CEL,
      message = "probeUrl must be an https URL with a host")
  @JsonPropertyDescription("Optional probe: a URL the operator POSTs a fresh target token to ({\"jwt\": ...}); 2xx means the relying party accepts the target identity. Must be https (no plain http, not even on loopback).")
  private String probeUrl;

  @JsonPropertyDescription("What the relying party keys the identity on: Subject (the issuer and"
      + " system:serviceaccount:NS:NAME; AWS, GCP and Azure always) or ServiceAccountUid (the ServiceAccount's UID, which"
      + " every move changes: the target ServiceAccount is a new object). Empty: ServiceAccountUid for Vault (the"
      + " Kubernetes auth method names entity aliases by UID unless the role sets alias_name_source=serviceaccount_name),"
      + " Subject for the others. Only Vault and OIDC (a party that keys on the kubernetes.io serviceaccount uid claim)"
      + " may declare ServiceAccountUid.")
  private IdentityKey identityKey;

  @JsonPropertyDescription("Confirmation that the relying party trusts the target issuer and subject (e.g. the Git commit that changed it). Needed unless the probe passes.")
  private Confirmation confirmed;

  @JsonPropertyDescription("Confirmation, after cutover, that the relying party no longer trusts the source issuer and subject. Until then the condition OldTrustRemoved is False (OrphanedTrust).")
  private Confirmation removalConfirmed;

  public RelyingParty() {}

  public RelyingParty(String name, Kind kind, String audience) {
    this.name = name;
    this.kind = kind;
    this.audience = audience;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public Kind getKind() { return kind; }
  public void setKind(Kind kind) { this.kind = kind; }
  public String getAudience() { return audience; }
  public void setAudience(String audience) { this.audience = audience; }
  public String getProbeUrl() { return probeUrl; }
  public void setProbeUrl(String probeUrl) { this.probeUrl = probeUrl; }
  public IdentityKey getIdentityKey() { return identityKey; }
  public void setIdentityKey(IdentityKey identityKey) { this.identityKey = identityKey; }
  public Confirmation getConfirmed() { return confirmed; }
  public void setConfirmed(Confirmation confirmed) { this.confirmed = confirmed; }
  public Confirmation getRemovalConfirmed() { return removalConfirmed; }
  public void setRemovalConfirmed(Confirmation removalConfirmed) { this.removalConfirmed = removalConfirmed; }
}
