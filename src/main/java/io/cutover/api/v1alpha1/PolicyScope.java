package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** The identities on one side of a migration that a {@link MigrationPolicy} permits: clusters, namespaces, names. */
public class PolicyScope {
  @Required
  @Size(min = 1, max = ApiRules.POLICY_LIST_MAX)
  @JsonPropertyDescription("The clusters this side may be on.")
  private List<PolicyCluster> clusters = new ArrayList<>();

  @Required
  @Size(min = 1, max = ApiRules.POLICY_LIST_MAX)
  @JsonPropertyDescription("The namespaces this side may be in; \"*\" means any namespace that is not protected (kube-system, kube-public, kube-node-lease, the operator's and the migrator's).")
  private List<@Size(min = 1, max = ApiRules.DNS1123_LABEL_MAX) String> namespaces = new ArrayList<>();

  @Size(min = 1, max = ApiRules.POLICY_LIST_MAX)
  @JsonPropertyDescription("The ServiceAccount names this side may have: a name, a prefix ending in \"*\" (\"api-*\"), or \"*\" for any. Default: any.")
  private List<@Size(min = 1, max = ApiRules.DNS1123_SUBDOMAIN_MAX) String> serviceAccounts = new ArrayList<>(List.of("*"));

  public List<PolicyCluster> getClusters() { return clusters; }
  public void setClusters(List<PolicyCluster> clusters) { this.clusters = clusters; }
  public List<String> getNamespaces() { return namespaces; }
  public void setNamespaces(List<String> namespaces) { this.namespaces = namespaces; }
  public List<String> getServiceAccounts() { return serviceAccounts; }
  public void setServiceAccounts(List<String> serviceAccounts) { this.serviceAccounts = serviceAccounts; }
}
