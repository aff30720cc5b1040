package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** The desired move. Everything here is written by people or GitOps, never by the operator. */
@ValidationRule(value = ApiRules.DISTINCT_IDENTITY_CEL,
    message = "source and target name the same ServiceAccount in the same cluster")
public class ServiceAccountMigrationSpec {
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

  @JsonPropertyDescription("Plan only: nothing is written to either cluster. Setting it to false later starts the migration from a fresh plan.")
  private boolean dryRun;

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
  public boolean isDryRun() { return dryRun; }
  public void setDryRun(boolean dryRun) { this.dryRun = dryRun; }
}
