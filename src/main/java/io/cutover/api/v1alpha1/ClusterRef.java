package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A remote cluster: reached through a kubeconfig held in a Secret next to the migration, or, with no Secret at all,
 * through the remote API server's trust in the control cluster's service-account issuer. Exactly one of the two.
 */
@ValidationRule(value = ApiRules.ONE_CLUSTER_CREDENTIAL_CEL,
    message = "exactly one of kubeconfigSecretRef and issuerTrust must be set")
public class ClusterRef {
  @Required
  @Pattern(ApiRules.DNS1123_LABEL)
  @Size(min = 1, max = ApiRules.DNS1123_LABEL_MAX)
  @ValidationRule(value = ApiRules.CLUSTER_NAME_CEL, message = "'local' is reserved for the operator's own cluster")
  @JsonPropertyDescription("A name for the cluster, used in status, provenance annotations and metrics (a DNS-1123 label; 'local' is reserved for the operator's own cluster).")
  private String name;

  @JsonPropertyDescription("The Secret, in the migration's namespace, that holds a kubeconfig for this cluster."
      + " Exactly one of kubeconfigSecretRef and issuerTrust.")
  private SecretKeyRef kubeconfigSecretRef;

  @JsonPropertyDescription("The cluster's API server trusts the control cluster's service-account issuer: the"
      + " operator authenticates with a short-lived token of its own ServiceAccount, and no Secret holds a"
      + " credential. Exactly one of kubeconfigSecretRef and issuerTrust.")
  private IssuerTrust issuerTrust;

  public ClusterRef() {}

  public ClusterRef(String name, SecretKeyRef kubeconfigSecretRef) {
    this.name = name;
    this.kubeconfigSecretRef = kubeconfigSecretRef;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public ClusterRef(String name, IssuerTrust issuerTrust) {
    this.name = name;
    this.issuerTrust = issuerTrust;
  }

  public SecretKeyRef getKubeconfigSecretRef() { return kubeconfigSecretRef; }
  public void setKubeconfigSecretRef(SecretKeyRef kubeconfigSecretRef) { this.kubeconfigSecretRef = kubeconfigSecretRef; }
  public IssuerTrust getIssuerTrust() { return issuerTrust; }
  public void setIssuerTrust(IssuerTrust issuerTrust) { this.issuerTrust = issuerTrust; }
}
