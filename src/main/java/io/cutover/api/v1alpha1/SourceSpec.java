package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Required;

/** The identity as it is now. */
public class SourceSpec {
  @JsonPropertyDescription("The source cluster. Omitted: the operator's own cluster.")
  private ClusterRef cluster;

  @Required
  @Pattern(ApiRules.DNS1123_LABEL)
  @Size(min = 1, max = ApiRules.DNS1123_LABEL_MAX)
  @JsonPropertyDescription("Namespace of the source ServiceAccount.")
  private String namespace;

  @Required
  @Pattern(ApiRules.DNS1123_SUBDOMAIN)
  @Size(min = 1, max = ApiRules.DNS1123_SUBDOMAIN_MAX)
  @JsonPropertyDescription("Name of the source ServiceAccount.")
  private String serviceAccount;

  public ClusterRef getCluster() { return cluster; }
  public void setCluster(ClusterRef cluster) { this.cluster = cluster; }
  public String getNamespace() { return namespace; }
  public void setNamespace(String namespace) { this.namespace = namespace; }
  public String getServiceAccount() { return serviceAccount; }
  public void setServiceAccount(String serviceAccount) { this.serviceAccount = serviceAccount; }
}
