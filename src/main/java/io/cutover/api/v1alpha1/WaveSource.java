package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a wave selects on the source: every ServiceAccount of {@code namespaces} whose labels match
 * {@code matchLabels} (each namespace's {@code default} ServiceAccount only when named in {@code serviceAccounts}),
 * plus the identities of {@code serviceAccounts}, less those of {@code exclude}.
 */
@ValidationRule(value = "(has(self.namespaces) && size(self.namespaces) > 0) || (has(self.serviceAccounts) && size(self.serviceAccounts) > 0)",
    message = "a wave selects namespaces or names serviceAccounts")
public class WaveSource {
  @JsonPropertyDescription("The source cluster. Omitted: the operator's own cluster.")
  private ClusterRef cluster;

  @Size(max = ApiRules.POLICY_LIST_MAX)
  @ValidationRule(value = "self.all(x, self.exists_one(y, x == y))", message = "namespaces must be unique")
  @JsonPropertyDescription("Namespaces whose ServiceAccounts are selected (those matching matchLabels; never a namespace's 'default').")
  private List<@Pattern(ApiRules.DNS1123_LABEL) @Size(min = 1, max = ApiRules.DNS1123_LABEL_MAX) String> namespaces = new ArrayList<>();

  @Size(max = 32)
  @JsonPropertyDescription("Only ServiceAccounts of the namespaces carrying all these labels. Omitted: all of them.")
  private Map<String, @Size(max = 63) String> matchLabels = new LinkedHashMap<>();

  @Size(max = WaveSpec.LIST_MAX)
  @JsonPropertyDescription("Identities selected by name, as namespace/name (also outside namespaces).")
  private List<@Pattern(WaveSpec.IDENTITY) @Size(max = WaveSpec.IDENTITY_MAX) String> serviceAccounts = new ArrayList<>();

  @Size(max = WaveSpec.LIST_MAX)
  @JsonPropertyDescription("Identities never selected, as namespace/name.")
  private List<@Pattern(WaveSpec.IDENTITY) @Size(max = WaveSpec.IDENTITY_MAX) String> exclude = new ArrayList<>();

  public ClusterRef getCluster() { return cluster; }
  public void setCluster(ClusterRef cluster) { this.cluster = cluster; }
  public List<String> getNamespaces() { return namespaces; }
  public void setNamespaces(List<String> namespaces) { this.namespaces = namespaces; }
  public Map<String, String> getMatchLabels() { return matchLabels; }
  public void setMatchLabels(Map<String, String> matchLabels) { this.matchLabels = matchLabels; }
  public List<String> getServiceAccounts() { return serviceAccounts; }
  public void setServiceAccounts(List<String> serviceAccounts) { this.serviceAccounts = serviceAccounts; }
  public List<String> getExclude() { return exclude; }
  public void setExclude(List<String> exclude) { this.exclude = exclude; }
}
