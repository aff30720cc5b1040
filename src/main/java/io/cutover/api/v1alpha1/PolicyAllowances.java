package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** The options of a migration that a {@link MigrationPolicy} permits; everything left out is refused. */
public class PolicyAllowances {
  @JsonPropertyDescription("Migrations may set spec.rbac.allowEscalation (the target identity may hold permissions the source did not).")
  private boolean escalation;

  @Size(max = ApiRules.POLICY_LIST_MAX)
  @JsonPropertyDescription("Source Secrets that may be copied (spec.secrets): names, prefixes ending in \"*\", or \"*\" for any. Empty: none.")
  private List<@Size(min = 1, max = ApiRules.DNS1123_SUBDOMAIN_MAX) String> secrets = new ArrayList<>();

  @JsonPropertyDescription("Migrations may create ClusterRoles and ClusterRoleBindings on the target (mirrored from the source's cluster-wide grants). Off: a plan that needs one is refused.")
  private boolean clusterRoles;

  @JsonPropertyDescription("Migrations may set spec.moveSecrets (delete the copied Secrets from the source after cutover).")
  private boolean moveSecrets;

  @JsonPropertyDescription("Migrations may turn a revocation off (spec.cutover.revoke: legacyTokenSecrets or bindings false, or serviceAccount Keep).")
  private boolean revocationOff;

  @JsonPropertyDescription("The user who created a migration may also approve its cutover (spec.cutover.approvedBy equal to spec.requester). Off: approval takes a second person.")
  private boolean selfApproval;

  @Size(max = ApiRules.POLICY_LIST_MAX)
  @JsonPropertyDescription("Hosts relying-party probes (spec.trust.relyingParties[].probeUrl) may be sent to, exactly (no wildcards). Empty: no probe.")
  private List<@Size(min = 1, max = 253) String> probeHosts = new ArrayList<>();

  @Size(max = ApiRules.POLICY_LIST_MAX)
  @JsonPropertyDescription("Audiences tokens may be issued for (spec.tokens.audiences, relying parties' audiences), or \"*\" for any. Empty: only tokens for the target API server's own audience.")
  private List<@Pattern(ApiRules.AUDIENCE) @Size(min = 1, max = 253) String> audiences = new ArrayList<>();

  @Pattern(ApiRules.WINDOW)
  @ValidationRule(value = ApiRules.WINDOW_MIN_CEL, message = "maxWindow must be at least " + ApiRules.WINDOW_MIN)
  @ValidationRule(value = ApiRules.WINDOW_MAX_CEL, message = "maxWindow must be at most " + ApiRules.WINDOW_MAX)
  @JsonPropertyDescription("The longest dual-run window (spec.dualRun.window) migrations may ask for. Default: the operator's maximum, " + ApiRules.WINDOW_MAX + ".")
  private String maxWindow;

  public boolean isEscalation() { return escalation; }
  public void setEscalation(boolean escalation) { this.escalation = escalation; }
  public List<String> getSecrets() { return secrets; }
  public void setSecrets(List<String> secrets) { this.secrets = secrets; }
  public boolean isClusterRoles() { return clusterRoles; }
  public void setClusterRoles(boolean clusterRoles) { this.clusterRoles = clusterRoles; }
  public boolean isMoveSecrets() { return moveSecrets; }
  public void setMoveSecrets(boolean moveSecrets) { this.moveSecrets = moveSecrets; }
  public boolean isRevocationOff() { return revocationOff; }
  public void setRevocationOff(boolean revocationOff) { this.revocationOff = revocationOff; }
  public boolean isSelfApproval() { return selfApproval; }
  public void setSelfApproval(boolean selfApproval) { this.selfApproval = selfApproval; }
  public List<String> getProbeHosts() { return probeHosts; }
  public void setProbeHosts(List<String> probeHosts) { this.probeHosts = probeHosts; }
  public List<String> getAudiences() { return audiences; }
  public void setAudiences(List<String> audiences) { this.audiences = audiences; }
  public String getMaxWindow() { return maxWindow; }
  public void setMaxWindow(String maxWindow) { this.maxWindow = maxWindow; }
}
