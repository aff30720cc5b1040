package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What migrations under a {@link MigrationPolicy} may do. */
public class MigrationPolicySpec {
  @Required
  @Size(min = 1, max = ApiRules.POLICY_LIST_MAX)
  @JsonPropertyDescription("Namespaces whose migrations may use this policy; \"*\" means any.")
  private List<@Size(min = 1, max = ApiRules.DNS1123_LABEL_MAX) String> migrationNamespaces = new ArrayList<>();

  @Required
  @JsonPropertyDescription("The identities that may be moved.")
  private PolicyScope source;

  @Required
  @JsonPropertyDescription("Where they may be moved to.")
  private PolicyScope target;

  @JsonPropertyDescription("The options migrations may use; everything left out is refused.")
  private PolicyAllowances allow = new PolicyAllowances();

  public List<String> getMigrationNamespaces() { return migrationNamespaces; }
  public void setMigrationNamespaces(List<String> migrationNamespaces) { this.migrationNamespaces = migrationNamespaces; }
  public PolicyScope getSource() { return source; }
  public void setSource(PolicyScope source) { this.source = source; }
  public PolicyScope getTarget() { return target; }
  public void setTarget(PolicyScope target) { this.target = target; }
  public PolicyAllowances getAllow() { return allow; }
  public void setAllow(PolicyAllowances allow) { this.allow = allow == null ? new PolicyAllowances() : allow; }
}
