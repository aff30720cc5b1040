package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** What the cutover revokes on the source. */
public class RevokeSpec {
  public enum ServiceAccountAction { Delete, Keep }

  @Default("true")
  @JsonPropertyDescription("Delete the identity's legacy token Secrets (type kubernetes.io/service-account-token).")
  private boolean legacyTokenSecrets = true;

  @Default("true")
  @JsonPropertyDescription("Remove the identity from the subjects of the source (Cluster)RoleBindings that name it.")
  private boolean bindings = true;

  @Default("Delete")
  @JsonPropertyDescription("Delete: delete the source ServiceAccount, so every bound token minted for it stops authenticating. Keep: leave it. Its tokens then still authenticate until they expire, so verification asks SubjectAccessReviews as the kept identity (with its groups) for every permission the plan found granted to it by name, and reports PermissionsRemain while any is still allowed (e.g. through a group binding).")
  private ServiceAccountAction serviceAccount = ServiceAccountAction.Delete;

  public boolean isLegacyTokenSecrets() { return legacyTokenSecrets; }
  public void setLegacyTokenSecrets(boolean legacyTokenSecrets) { this.legacyTokenSecrets = legacyTokenSecrets; }
  public boolean isBindings() { return bindings; }
  public void setBindings(boolean bindings) { this.bindings = bindings; }
  public ServiceAccountAction getServiceAccount() { return serviceAccount; }
  public void setServiceAccount(ServiceAccountAction serviceAccount) { this.serviceAccount = serviceAccount; }
}
