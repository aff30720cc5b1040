package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where a wave's identities go: one target cluster, and the namespace each source namespace maps to. */
public class WaveTarget {
  @JsonPropertyDescription("The target cluster. Omitted: the operator's own cluster.")
  private ClusterRef cluster;

  @Size(max = ApiRules.POLICY_LIST_MAX)
  @ValidationRule(value = "self.all(k, k.matches('" + ApiRules.DNS1123_LABEL + "') && size(k) <= 63 && self[k].matches('"
      + ApiRules.DNS1123_LABEL + "') && size(self[k]) <= 63)",
      message = "namespaces maps a source namespace to a target namespace, both DNS-1123 labels")
  @JsonPropertyDescription("Source namespace -> target namespace. A source namespace not listed keeps its name.")
  private Map<String, String> namespaces = new LinkedHashMap<>();

  public ClusterRef getCluster() { return cluster; }
  public void setCluster(ClusterRef cluster) { this.cluster = cluster; }
  public Map<String, String> getNamespaces() { return namespaces; }
  public void setNamespaces(Map<String, String> namespaces) { this.namespaces = namespaces; }
}
