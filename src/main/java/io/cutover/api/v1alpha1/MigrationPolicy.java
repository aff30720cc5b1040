package io.cutover.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Who may migrate what, granted by RBAC: a cluster-scoped object naming the clusters, namespaces and identities
 * migrations may move and the options they may use. A migration names one in {@code spec.policy}; its requester must
 * hold the verb {@value #USE} on it (and {@value #APPROVE} to approve a cutover), as a ClusterRole grants it:
 *
 * <pre>
 * rules:
 *   - apiGroups: [cutover.io]
 *     resources: [migrationpolicies]
 *     resourceNames: [payments]
 *     verbs: [use]
 * </pre>
 */
@Group(ServiceAccountMigration.GROUP)
@Version(ServiceAccountMigration.VERSION)
@Kind("MigrationPolicy")
@Plural(MigrationPolicy.PLURAL)
@Singular("migrationpolicy")
@ShortNames("smp")
@AdditionalPrinterColumn(name = "Sources", jsonPath = ".spec.source.namespaces", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Targets", jsonPath = ".spec.target.namespaces", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class MigrationPolicy extends CustomResource<MigrationPolicySpec, Void> {
  public static final String PLURAL = "migrationpolicies";
  public static final String CRD_NAME = PLURAL + "." + ServiceAccountMigration.GROUP;
  /** The verb a requester needs on the policy to create or change a migration that names it. */
  public static final String USE = "use";
  /** The verb an approver needs on the policy to set spec.cutover.approved. */
  public static final String APPROVE = "approve";
}
