package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** The desired move. Everything here is written by people or GitOps, never by the operator. */
@ValidationRule(value = ApiRules.DISTINCT_IDENTITY_CEL,
    message = "source and target name the same ServiceAccount in the same cluster")
@ValidationRule(value = ApiRules.SECRETS_NOT_TOKEN_SECRET_CEL,
    message = "spec.secrets must not name spec.tokens.secretName, the Secret the issued token is delivered in")
public class ServiceAccountMigrationSpec extends TolerantlyRead {
  @io.fabric8.generator.annotation.Pattern(ApiRules.DNS1123_SUBDOMAIN)
  @io.fabric8.generator.annotation.Size(max = ApiRules.DNS1123_SUBDOMAIN_MAX)
  @ValidationRule(value = "self == oldSelf", message = "spec.policy is immutable once set")
  @JsonPropertyDescription("The MigrationPolicy this migration acts under; the requester must hold the verb 'use' on it (RBAC, resource migrationpolicies.cutover.io). Omitted: the migration may only move an identity within its own namespace of the operator's own cluster, and the requester must hold there the rights the migration exercises. Immutable.")
  private String policy;

  @Required
  @ValidationRule(value = "self == oldSelf", message = "spec.requester is immutable once set")
  @JsonPropertyDescription("Who asks for this migration: the user who creates it, as the API server authenticates them (the chart's admission policy refuses any other). The operator checks this user's grants again before every step that writes. Immutable.")
  private UserRef requester;

  @Required
  @ValidationRule(value = "self == oldSelf", message = "spec.source is immutable once set")
  @JsonPropertyDescription("The identity to move: where it lives now. Immutable.")
  private SourceSpec source;

  @Required
  @ValidationRule(value = "self == oldSelf", message = "spec.target is immutable once set")
  @JsonPropertyDescription("Where the identity moves to. Immutable.")
  private TargetSpec target;

  @JsonPropertyDescription("The bound tokens issued for the identity on the target.")
  private TokensSpec tokens = new TokensSpec();

  @JsonPropertyDescription("How the identity's authorization is carried to the target.")
  private RbacSpec rbac = new RbacSpec();

  @JsonPropertyDescription("The dual-run window: the hard bound on the time in which old and new identity are both valid.")
  private DualRunSpec dualRun = new DualRunSpec();

  @JsonPropertyDescription("When and how the old identity is revoked.")
  private CutoverSpec cutover = new CutoverSpec();

  @JsonPropertyDescription("Trust outside the clusters: relying parties to re-bind to the target issuer, and cloud workload-identity annotations to re-bind.")
  private TrustSpec trust = new TrustSpec();

  @JsonPropertyDescription("Secrets (in the source namespace) the workload needs on the target: copied with their type and data before the dual run, compared by a digest keyed per migration. Secrets bound to the source cluster (service-account tokens, SealedSecret-managed or marked cutover.io/cluster-bound), and Secrets holding more than 64 KiB of data, block the plan.")
  @io.fabric8.generator.annotation.Size(max = ApiRules.SECRETS_MAX_ITEMS)
  @ValidationRule(value = ApiRules.SECRETS_UNIQUE_CEL, message = "secrets must be unique")
  private java.util.List<@io.fabric8.generator.annotation.Pattern(ApiRules.DNS1123_SUBDOMAIN)
      @io.fabric8.generator.annotation.Size(min = 1, max = ApiRules.DNS1123_SUBDOMAIN_MAX) String> secrets = new java.util.ArrayList<>();

  @JsonPropertyDescription("Losses this migration may go on with: ids from status.plan.identityLosses (e.g. 'ImagePullSecret/regcred'), each one exactly as the plan shows it. A loss not listed here keeps the migration out of the dual run, also one that appears when the plan is made again before provisioning or cutover.")
  @io.fabric8.generator.annotation.Size(max = ApiRules.ACCEPT_LOSSES_MAX_ITEMS)
  private java.util.List<@io.fabric8.generator.annotation.Size(min = 1, max = ApiRules.ACCEPT_LOSS_MAX_LENGTH) String> acceptLosses = new java.util.ArrayList<>();

  @Default("false")
  @JsonPropertyDescription("After cutover, delete the Secrets of spec.secrets from the source (only if unchanged since they were copied).")
  private boolean moveSecrets;

  @JsonPropertyDescription("Plan only: nothing is written to either cluster. Setting it to false later starts the migration from a fresh plan.")
  private boolean dryRun;

  @JsonPropertyDescription("Roll back now (kubectl cutover rollback): remove what this migration created on the target; the source is untouched. Acts in Provisioning and DualRun, before anything is revoked; ignored from CuttingOver on.")
  private boolean rollback;

  public String getPolicy() { return policy; }
  public void setPolicy(String policy) { this.policy = policy; }
  public UserRef getRequester() { return requester; }
  public void setRequester(UserRef requester) { this.requester = requester; }
  public SourceSpec getSource() { return source; }
  public void setSource(SourceSpec source) { this.source = source; }
  public TargetSpec getTarget() { return target; }
  public void setTarget(TargetSpec target) { this.target = target; }
  public TokensSpec getTokens() { return tokens; }
  public void setTokens(TokensSpec tokens) { this.tokens = tokens; }
  public RbacSpec getRbac() { return rbac; }
  public void setRbac(RbacSpec rbac) { this.rbac = rbac; }
  public DualRunSpec getDualRun() { return dualRun; }
  public void setDualRun(DualRunSpec dualRun) { this.dualRun = dualRun; }
  public CutoverSpec getCutover() { return cutover; }
  public void setCutover(CutoverSpec cutover) { this.cutover = cutover; }
  public TrustSpec getTrust() { return trust; }
  public void setTrust(TrustSpec trust) { this.trust = trust; }
  public java.util.List<String> getSecrets() { return secrets; }
  public void setSecrets(java.util.List<String> secrets) { this.secrets = secrets; }
  public java.util.List<String> getAcceptLosses() { return acceptLosses; }
  public void setAcceptLosses(java.util.List<String> acceptLosses) { this.acceptLosses = acceptLosses; }
  public boolean isMoveSecrets() { return moveSecrets; }
  public void setMoveSecrets(boolean moveSecrets) { this.moveSecrets = moveSecrets; }
  public boolean isDryRun() { return dryRun; }
  public void setDryRun(boolean dryRun) { this.dryRun = dryRun; }
  public boolean isRollback() { return rollback; }
  public void setRollback(boolean rollback) { this.rollback = rollback; }
}
