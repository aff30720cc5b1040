package io.cutover.plan;

import io.cutover.api.v1alpha1.ApiRules;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.rbac.ServiceAccountIdentity;

/** The source and target identity of a migration, with the spec's defaults applied. */
public record Identities(String sourceCluster, ServiceAccountIdentity source, String targetCluster,
    ServiceAccountIdentity target) {

  public static Identities of(ServiceAccountMigrationSpec spec) {
    var s = spec.getSource();
    var t = spec.getTarget();
    String sourceCluster = s.getCluster() == null ? ApiRules.RESERVED_CLUSTER_NAME : s.getCluster().getName();
    String targetCluster = t == null || t.getCluster() == null ? ApiRules.RESERVED_CLUSTER_NAME : t.getCluster().getName();
    String targetNs = t == null || t.getNamespace() == null ? s.getNamespace() : t.getNamespace();
    String targetName = t == null || t.getServiceAccount() == null ? s.getServiceAccount() : t.getServiceAccount();
    return new Identities(sourceCluster, new ServiceAccountIdentity(s.getNamespace(), s.getServiceAccount()),
        targetCluster, new ServiceAccountIdentity(targetNs, targetName));
  }

  public static Identities of(ServiceAccountMigration m) {
    return of(m.getSpec());
  }

  /** Same cluster, namespace and name: nothing to move. */
  public boolean sameIdentity() {
    return sourceCluster.equals(targetCluster) && source.equals(target);
  }

  public String sourceDisplay() {
    return sourceCluster + "/" + source.namespace() + "/" + source.name();
  }

  public String targetDisplay() {
    return targetCluster + "/" + target.namespace() + "/" + target.name();
  }

  /** Where a source namespace's grants go on the target: the source namespace maps to the target's, others stay. */
  public String targetNamespaceFor(String sourceNamespace) {
    return source.namespace().equals(sourceNamespace) ? target.namespace() : sourceNamespace;
  }
}
