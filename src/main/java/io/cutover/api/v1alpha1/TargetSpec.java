package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** Where the identity moves to. */
public class TargetSpec {
  @JsonPropertyDescription("The target cluster. Omitted: the operator's own cluster.")
  private ClusterRef cluster;

  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Namespace of the target ServiceAccount. Default: the source namespace.")
  private String namespace;

  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("Name of the target ServiceAccount. Default: the source name.")
  private String serviceAccount;

  public ClusterRef getCluster() { return cluster; }
  public void setCluster(ClusterRef cluster) { this.cluster = cluster; }
  public String getNamespace() { return namespace; }
  public void setNamespace(String namespace) { this.namespace = namespace; }
  public String getServiceAccount() { return serviceAccount; }
  public void setServiceAccount(String serviceAccount) { this.serviceAccount = serviceAccount; }
}
