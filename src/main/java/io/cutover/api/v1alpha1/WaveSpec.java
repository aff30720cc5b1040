package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The desired move of a set of identities: who asks, under which policy, what is selected on the source, where it
 * goes, the template every member migration is made from, the budget, and the wave's gates. Written by people or
 * GitOps, never by the operator.
 */
@ValidationRule(value = "!has(self.tokens) || !has(self.tokens.secretName)",
    message = "spec.tokens.secretName cannot be shared by a wave's members: leave it out")
@ValidationRule(value = "!has(self.approved) || !self.approved || has(self.approvedBy)",
    message = "spec.approved needs spec.approvedBy, the approver (kubectl auth whoami)")
@ValidationRule(value = "!has(self.approveMembers) || size(self.approveMembers) == 0 || has(self.approvedBy)",
    message = "spec.approveMembers needs spec.approvedBy, the approver (kubectl auth whoami)")
public class WaveSpec extends TolerantlyRead {
  /** An identity on the source as {@code namespace/name}. */
  public static final String IDENTITY = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
  public static final int IDENTITY_MAX = ApiRules.DNS1123_LABEL_MAX + 1 + ApiRules.DNS1123_SUBDOMAIN_MAX;
  public static final int LIST_MAX = 5000;

  @Pattern(ApiRules.DNS1123_SUBDOMAIN)
  @Size(max = ApiRules.DNS1123_SUBDOMAIN_MAX)
  @ValidationRule(value = "self == oldSelf", message = "spec.policy is immutable once set")
  @JsonPropertyDescription("The MigrationPolicy every member acts under, as spec.policy of a migration: each member is checked against it as if it were applied alone. Immutable.")
  private String policy;

  @Required
  @ValidationRule(value = "self == oldSelf", message = "spec.requester is immutable once set")
  @JsonPropertyDescription("Who asks for this wave: the user who creates it. Every member carries it as its spec.requester. Immutable.")
  private UserRef requester;

  @Required
  @ValidationRule(value = "self == oldSelf", message = "spec.source is immutable once set")
  @JsonPropertyDescription("Which identities move: the source cluster and the selection. Immutable.")
  private WaveSource source;

  @ValidationRule(value = "self == oldSelf", message = "spec.target is immutable once set")
  @JsonPropertyDescription("Where they move to. Immutable.")
  private WaveTarget target = new WaveTarget();

  @JsonPropertyDescription("Template: the bound tokens issued for each member (spec.tokens of a migration; secretName is not allowed).")
  private TokensSpec tokens = new TokensSpec();

  @JsonPropertyDescription("Template: how each member's authorization is carried (spec.rbac of a migration).")
  private RbacSpec rbac = new RbacSpec();

  @JsonPropertyDescription("Template: each member's dual-run window (spec.dualRun of a migration). With windowMode Shared, notAfter is the wave's one deadline.")
  private DualRunSpec dualRun = new DualRunSpec();

  @JsonPropertyDescription("Template: when and how each member's old identity is revoked (spec.cutover of a migration; approved and approvedBy are the wave's own, below).")
  private CutoverSpec cutover = new CutoverSpec();

  @JsonPropertyDescription("Template: trust outside the clusters (spec.trust of a migration).")
  private TrustSpec trust = new TrustSpec();

  @Default("5")
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("The budget: at most this many members not yet in a final phase (Completed, RolledBack, Failed) at once. Default 5.")
  private int maxInFlight = 5;

  @Default("PerIdentity")
  @JsonPropertyDescription("PerIdentity: each member's window starts when it is provisioned. Shared: one deadline for the whole wave, written into every member's spec.dualRun.notAfter (the window still bounds each member's overlap).")
  private WindowMode windowMode = WindowMode.PerIdentity;

  @Default("false")
  @JsonPropertyDescription("Approve the cutover of every member (kubectl cutover approve on each): the operator sets spec.cutover.approved and approvedBy on members that still accept approval. Each approval is checked as if set on the member alone.")
  private boolean approved;

  @JsonPropertyDescription("The approver for spec.approved and spec.approveMembers, as the API server authenticates them.")
  private UserRef approvedBy;

  @Size(max = LIST_MAX)
  @JsonPropertyDescription("Approve the cutover of these members only, each named by its source identity namespace/name.")
  private List<@Pattern(IDENTITY) @Size(max = IDENTITY_MAX) String> approveMembers = new ArrayList<>();

  @Default("false")
  @JsonPropertyDescription("Roll back the whole wave: no further member is created, and spec.rollback is set on every member that still accepts it (before cutover). Members past cutover go on.")
  private boolean rollback;

  @Size(max = LIST_MAX)
  @JsonPropertyDescription("Roll back these members only, each named by its source identity namespace/name; one not yet created is not created.")
  private List<@Pattern(IDENTITY) @Size(max = IDENTITY_MAX) String> rollbackMembers = new ArrayList<>();

  public enum WindowMode { PerIdentity, Shared }

  public String getPolicy() { return policy; }
  public void setPolicy(String policy) { this.policy = policy; }
  public UserRef getRequester() { return requester; }
  public void setRequester(UserRef requester) { this.requester = requester; }
  public WaveSource getSource() { return source; }
  public void setSource(WaveSource source) { this.source = source; }
  public WaveTarget getTarget() { return target; }
  public void setTarget(WaveTarget target) { this.target = target; }
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
  public int getMaxInFlight() { return maxInFlight; }
  public void setMaxInFlight(int maxInFlight) { this.maxInFlight = maxInFlight; }
  public WindowMode getWindowMode() { return windowMode; }
  public void setWindowMode(WindowMode windowMode) { this.windowMode = windowMode; }
  public boolean isApproved() { return approved; }
  public void setApproved(boolean approved) { this.approved = approved; }
  public UserRef getApprovedBy() { return approvedBy; }
  public void setApprovedBy(UserRef approvedBy) { this.approvedBy = approvedBy; }
  public List<String> getApproveMembers() { return approveMembers; }
  public void setApproveMembers(List<String> approveMembers) { this.approveMembers = approveMembers; }
  public boolean isRollback() { return rollback; }
  public void setRollback(boolean rollback) { this.rollback = rollback; }
  public List<String> getRollbackMembers() { return rollbackMembers; }
  public void setRollbackMembers(List<String> rollbackMembers) { this.rollbackMembers = rollbackMembers; }
}
