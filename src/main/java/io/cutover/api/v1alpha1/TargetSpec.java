package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Where the identity moves to. */
public class TargetSpec {
  @JsonPropertyDescription("The target cluster. Omitted: the operator's own cluster.")
  private ClusterRef cluster;

  @Pattern(ApiRules.DNS1123_LABEL)
  @Size(min = 1, max = ApiRules.DNS1123_LABEL_MAX)
  @JsonPropertyDescription("Namespace of the target ServiceAccount. Default: the source namespace.")
  private String namespace;

  @Pattern(ApiRules.DNS1123_SUBDOMAIN)
  @Size(min = 1, max = ApiRules.DNS1123_SUBDOMAIN_MAX)
  @JsonPropertyDescription("Name of the target ServiceAccount. Default: the source name.")
  private String serviceAccount;

  public ClusterRef getCluster() { return cluster; }
  public void setCluster(ClusterRef cluster) { this.cluster = cluster; }
  public String getNamespace() { return namespace; }
  public void setNamespace(String namespace) { this.namespace = namespace; }
  public String getServiceAccount() { return serviceAccount; }
  public void setServiceAccount(String serviceAccount) { this.serviceAccount = serviceAccount; }
}
