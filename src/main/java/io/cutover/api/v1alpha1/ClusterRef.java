package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A cluster reached through a kubeconfig held in a Secret next to the migration. */
public class ClusterRef {
  @Required
  @Pattern(ApiRules.DNS1123_LABEL)
  @Size(min = 1, max = ApiRules.DNS1123_LABEL_MAX)
  @ValidationRule(value = ApiRules.CLUSTER_NAME_CEL, message = "'local' is reserved for the operator's own cluster")
  @JsonPropertyDescription("A name for the cluster, used in status, provenance annotations and metrics (a DNS-1123 label; 'local' is reserved for the operator's own cluster).")
  private String name;

  @Required
  @JsonPropertyDescription("The Secret, in the migration's namespace, that holds a kubeconfig for this cluster.")
  private SecretKeyRef kubeconfigSecretRef;

  public ClusterRef() {}

  public ClusterRef(String name, SecretKeyRef kubeconfigSecretRef) {
    this.name = name;
    this.kubeconfigSecretRef = kubeconfigSecretRef;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public SecretKeyRef getKubeconfigSecretRef() { return kubeconfigSecretRef; }
  public void setKubeconfigSecretRef(SecretKeyRef kubeconfigSecretRef) { this.kubeconfigSecretRef = kubeconfigSecretRef; }
}
