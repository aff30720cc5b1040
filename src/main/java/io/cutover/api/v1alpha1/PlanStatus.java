package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What planning found on both clusters and what it decided. Persisted: cutover revokes what the plan lists. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlanStatus {
  @JsonPropertyDescription("When the plan was made.")
  private String plannedAt;
  @JsonPropertyDescription("The metadata.generation the plan was made for.")
  private Long generation;
  @JsonPropertyDescription("UID of the source ServiceAccount.")
  private String sourceUid;
  @JsonPropertyDescription("Token issuer of the source cluster (from its OIDC discovery document).")
  private String sourceIssuer;
  @JsonPropertyDescription("Token issuer of the target cluster (from its OIDC discovery document).")
  private String targetIssuer;
  @JsonPropertyDescription("Whether the two issuers differ: every relying party that validates tokens itself must learn the target issuer.")
  private Boolean issuerChanged;
  @JsonPropertyDescription("What must change at each relying party outside the clusters (declared in spec.trust or recognised from cloud workload-identity annotations), with the provider's limits.")
  private List<TrustRebinding> trust = new ArrayList<>();
  @JsonPropertyDescription("Cloud workload-identity annotations set on the target ServiceAccount (carried or re-bound by spec.trust.annotations).")
  private java.util.Map<String, String> targetAnnotations = new java.util.LinkedHashMap<>();
  @JsonPropertyDescription("The Secrets of spec.secrets: copied, or blocked because they are bound to the source cluster. Digests only.")
  private List<SecretMove> secrets = new ArrayList<>();
  @JsonPropertyDescription("Whether the target namespace already exists (otherwise the migration creates it).")
  private Boolean targetNamespaceExists;
  @JsonPropertyDescription("The source bindings that grant the identity something.")
  private List<BindingRef> bindings = new ArrayList<>();
  @JsonPropertyDescription("The identity's effective rules on the source.")
  private List<RuleRef> effectiveRules = new ArrayList<>();
  @JsonPropertyDescription("Rules the target identity would hold that the source does not: an escalation.")
  private List<RuleRef> escalations = new ArrayList<>();
  @JsonPropertyDescription("Source rules that cannot be carried to the target, and why: reported, never silently dropped.")
  private List<RuleRef> losses = new ArrayList<>();
  @JsonPropertyDescription("The target ServiceAccount field by field: what of the source's is carried, changed, dropped (cluster-specific), replaced or lost, and why.")
  private List<IdentityField> identity = new ArrayList<>();
  @JsonPropertyDescription("Everything of the source identity the target identity will not have: permissions, image pull Secrets, mountable Secrets, settings. Any one not listed in spec.acceptLosses keeps the migration out of the dual run (reason LossesNotAccepted).")
  private List<IdentityLoss> identityLosses = new ArrayList<>();
  @JsonPropertyDescription("Legacy token Secrets of the identity, with their last-used dates.")
  private List<LegacySecretRef> legacyTokenSecrets = new ArrayList<>();
  @JsonPropertyDescription("Pods (and their owners) running as the identity on the source.")
  private List<ObjectRef> workloads = new ArrayList<>();
  @JsonPropertyDescription("The longest lifetime, in seconds, of a token projected into a Pod seen running as the identity (a serviceAccountToken volume source's expirationSeconds, default 3600; one year for 3607 with the API server's audiences, which kube-apiserver extends with --service-account-extend-token-expiration, on by default). Absent when no Pod projects one.")
  private Long longestProjectedTokenSeconds;
  @JsonPropertyDescription("Whether that longest lifetime is kube-apiserver's extension of a 3607 s projection (the kubelet's default token).")
  private Boolean projectedTokenExtended;
  @JsonPropertyDescription("Objects the migration will create on the target.")
  private List<ObjectRef> targetObjects = new ArrayList<>();
  @JsonPropertyDescription("Number of SubjectAccessReview checks that prove the target holds the source's permissions.")
  private Integer accessChecks;

  public String getPlannedAt() { return plannedAt; }
  public void setPlannedAt(String plannedAt) { this.plannedAt = plannedAt; }
  public Long getGeneration() { return generation; }
  public void setGeneration(Long generation) { this.generation = generation; }
  public String getSourceUid() { return sourceUid; }
  public void setSourceUid(String sourceUid) { this.sourceUid = sourceUid; }
  public String getSourceIssuer() { return sourceIssuer; }
  public void setSourceIssuer(String sourceIssuer) { this.sourceIssuer = sourceIssuer; }
  public String getTargetIssuer() { return targetIssuer; }
  public void setTargetIssuer(String targetIssuer) { this.targetIssuer = targetIssuer; }
  public Boolean getIssuerChanged() { return issuerChanged; }
  public void setIssuerChanged(Boolean issuerChanged) { this.issuerChanged = issuerChanged; }
  public List<TrustRebinding> getTrust() { return trust; }
  public void setTrust(List<TrustRebinding> trust) { this.trust = trust; }
  public java.util.Map<String, String> getTargetAnnotations() { return targetAnnotations; }
  public void setTargetAnnotations(java.util.Map<String, String> targetAnnotations) { this.targetAnnotations = targetAnnotations; }
  public List<SecretMove> getSecrets() { return secrets; }
  public void setSecrets(List<SecretMove> secrets) { this.secrets = secrets; }
  public Boolean getTargetNamespaceExists() { return targetNamespaceExists; }
  public void setTargetNamespaceExists(Boolean targetNamespaceExists) { this.targetNamespaceExists = targetNamespaceExists; }
  public List<BindingRef> getBindings() { return bindings; }
  public void setBindings(List<BindingRef> bindings) { this.bindings = bindings; }
  public List<RuleRef> getEffectiveRules() { return effectiveRules; }
  public void setEffectiveRules(List<RuleRef> effectiveRules) { this.effectiveRules = effectiveRules; }
  public List<RuleRef> getEscalations() { return escalations; }
  public void setEscalations(List<RuleRef> escalations) { this.escalations = escalations; }
  public List<RuleRef> getLosses() { return losses; }
  public void setLosses(List<RuleRef> losses) { this.losses = losses; }
  public List<IdentityField> getIdentity() { return identity; }
  public void setIdentity(List<IdentityField> identity) { this.identity = identity; }
  public List<IdentityLoss> getIdentityLosses() { return identityLosses; }
  public void setIdentityLosses(List<IdentityLoss> identityLosses) { this.identityLosses = identityLosses; }
  public List<LegacySecretRef> getLegacyTokenSecrets() { return legacyTokenSecrets; }
  public void setLegacyTokenSecrets(List<LegacySecretRef> legacyTokenSecrets) { this.legacyTokenSecrets = legacyTokenSecrets; }
  public List<ObjectRef> getWorkloads() { return workloads; }
  public void setWorkloads(List<ObjectRef> workloads) { this.workloads = workloads; }
  public Long getLongestProjectedTokenSeconds() { return longestProjectedTokenSeconds; }
  public void setLongestProjectedTokenSeconds(Long longestProjectedTokenSeconds) { this.longestProjectedTokenSeconds = longestProjectedTokenSeconds; }
  public Boolean getProjectedTokenExtended() { return projectedTokenExtended; }
  public void setProjectedTokenExtended(Boolean projectedTokenExtended) { this.projectedTokenExtended = projectedTokenExtended; }
  public List<ObjectRef> getTargetObjects() { return targetObjects; }
  public void setTargetObjects(List<ObjectRef> targetObjects) { this.targetObjects = targetObjects; }
  public Integer getAccessChecks() { return accessChecks; }
  public void setAccessChecks(Integer accessChecks) { this.accessChecks = accessChecks; }
}
