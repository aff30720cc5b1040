package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator observed and did. The steps edit a copy of it during a reconcile (conditions only through
 * {@code io.cutover.status.StatusAggregator}, from what they report); {@code io.cutover.reconciler.MigrationReconciler}
 * writes it, once per reconcile and only when it changed. Never holds a token, a kubeconfig or any other secret value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceAccountMigrationStatus extends TolerantlyRead {
  @JsonPropertyDescription("Where the migration is: Pending, Planning, Planned, Provisioning, DualRun, CuttingOver, Verifying, Completed, RollingBack, RolledBack or Failed. A printer column, not a contract: read the Ready condition.")
  private Phase phase;

  @JsonPropertyDescription("The metadata.generation this status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready (the summary), Planned, TargetProven, TrustRebound, Revoked, Verified, OldTrustRemoved; Kubernetes API conventions.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The source identity as cluster/namespace/name.")
  private String sourceIdentity;

  @JsonPropertyDescription("The target identity as cluster/namespace/name.")
  private String targetIdentity;

  @JsonPropertyDescription("Under whose authority the migration acts: policy, requester, approver and clusters, pinned at admission.")
  private AuthorizationStatus authorization;

  @JsonPropertyDescription("What planning found and decided.")
  private PlanStatus plan;

  @JsonPropertyDescription("Where the target identity came from.")
  private ProvenanceStatus provenance;

  @JsonPropertyDescription("The token delivered to the target (times only, never the token).")
  private TokenStatus token;

  @JsonPropertyDescription("The dual-run window: start and hard deadline.")
  private DualRunStatus dualRun;

  @JsonPropertyDescription("What the cutover revoked, when, and how late against the deadline.")
  private CutoverStatus cutover;

  @JsonPropertyDescription("Trust outside the clusters: the trust gate, orphaned source-issuer trusts, what was in use at cutover.")
  private TrustStatus trust;

  @JsonPropertyDescription("The proofs of the last verification.")
  private VerificationStatus verification;

  @JsonPropertyDescription("What this migration created (or recorded that it will create, while the name was free), by cluster, kind, namespace, name and UID; rollback and cleanup delete only these. Names and UIDs only.")
  private List<CreatedObject> created = new ArrayList<>();

  @JsonPropertyDescription("Transient errors in a row in the current phase; sets the retry backoff, survives restarts.")
  private Integer consecutiveErrors;

  @JsonPropertyDescription("The last phase transitions, newest last (bounded).")
  private List<HistoryEntry> history = new ArrayList<>();

  public Phase getPhase() { return phase; }
  public void setPhase(Phase phase) { this.phase = phase; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
  public String getSourceIdentity() { return sourceIdentity; }
  public AuthorizationStatus getAuthorization() { return authorization; }
  public void setAuthorization(AuthorizationStatus authorization) { this.authorization = authorization; }
  public void setSourceIdentity(String sourceIdentity) { this.sourceIdentity = sourceIdentity; }
  public String getTargetIdentity() { return targetIdentity; }
  public void setTargetIdentity(String targetIdentity) { this.targetIdentity = targetIdentity; }
  public PlanStatus getPlan() { return plan; }
  public void setPlan(PlanStatus plan) { this.plan = plan; }
  public ProvenanceStatus getProvenance() { return provenance; }
  public void setProvenance(ProvenanceStatus provenance) { this.provenance = provenance; }
  public TokenStatus getToken() { return token; }
  public void setToken(TokenStatus token) { this.token = token; }
  public DualRunStatus getDualRun() { return dualRun; }
  public void setDualRun(DualRunStatus dualRun) { this.dualRun = dualRun; }
  public CutoverStatus getCutover() { return cutover; }
  public void setCutover(CutoverStatus cutover) { this.cutover = cutover; }
  public TrustStatus getTrust() { return trust; }
  public void setTrust(TrustStatus trust) { this.trust = trust; }
  public VerificationStatus getVerification() { return verification; }
  public void setVerification(VerificationStatus verification) { this.verification = verification; }
  public List<CreatedObject> getCreated() { return created; }
  public void setCreated(List<CreatedObject> created) { this.created = created; }
  public Integer getConsecutiveErrors() { return consecutiveErrors; }
  public void setConsecutiveErrors(Integer consecutiveErrors) { this.consecutiveErrors = consecutiveErrors; }
  public List<HistoryEntry> getHistory() { return history; }
  public void setHistory(List<HistoryEntry> history) { this.history = history; }
}
