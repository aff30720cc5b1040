package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where a wave's identities go: one target cluster, and the namespace each source namespace maps to. */
public class WaveTarget {
  @JsonPropertyDescription("The target cluster. Omitted: the operator's own cluster.")
  private ClusterRef cluster;

  // No CEL rule on the keys: a map's keys have no maxLength in a structural schema, so kube-apiserver estimates a rule
  // over them at the size of a whole request and refuses the CRD (64x over its cost budget, found on the real
  // API server). The values are checked by the schema; the keys by the operator (WaveTurn.invalid).
  @Size(max = ApiRules.POLICY_LIST_MAX)
  @JsonPropertyDescription("Source namespace -> target namespace, both DNS-1123 labels. A source namespace not listed keeps its name.")
  private Map<String, @Pattern(ApiRules.DNS1123_LABEL) @Size(min = 1, max = ApiRules.DNS1123_LABEL_MAX) String> namespaces
      = new LinkedHashMap<>();

  public ClusterRef getCluster() { return cluster; }
  public void setCluster(ClusterRef cluster) { this.cluster = cluster; }
  public Map<String, String> getNamespaces() { return namespaces; }
  public void setNamespaces(Map<String, String> namespaces) { this.namespaces = namespaces; }
}
