package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A cluster a {@link MigrationPolicy} permits: by the kubeconfig Secret the migration names, by the cluster name, or
 * both (then both must match). The name alone is only as strong as the kubeconfig Secrets the operator may read:
 * whoever can write one of those can call any cluster by that name, so name the Secret.
 */
@ValidationRule(value = "has(self.name) || has(self.kubeconfigSecret)", message = "name a cluster by name, kubeconfigSecret or both")
public class PolicyCluster {
  @Pattern(ApiRules.DNS1123_LABEL)
  @Size(max = ApiRules.DNS1123_LABEL_MAX)
  @JsonPropertyDescription("The cluster's name as the migration gives it (spec.*.cluster.name); 'local' is the operator's own cluster.")
  private String name;

  @Pattern(ApiRules.DNS1123_SUBDOMAIN)
  @Size(max = ApiRules.DNS1123_SUBDOMAIN_MAX)
  @JsonPropertyDescription("The kubeconfig Secret the migration names (spec.*.cluster.kubeconfigSecretRef.name, in the migration's namespace).")
  private String kubeconfigSecret;

  public PolicyCluster() {}

  public PolicyCluster(String name, String kubeconfigSecret) {
    this.name = name;
    this.kubeconfigSecret = kubeconfigSecret;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getKubeconfigSecret() { return kubeconfigSecret; }
  public void setKubeconfigSecret(String kubeconfigSecret) { this.kubeconfigSecret = kubeconfigSecret; }
}
