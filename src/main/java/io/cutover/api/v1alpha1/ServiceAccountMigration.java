package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Declares the move of one workload identity (a ServiceAccount, its authorization and its credentials) from a
 * source cluster to a target cluster. The operator only ever writes {@code status}.
 */
@Group(ServiceAccountMigration.GROUP)
@Version(ServiceAccountMigration.VERSION)
@Kind("ServiceAccountMigration")
@Plural("serviceaccountmigrations")
@Singular("serviceaccountmigration")
@ShortNames("sam")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Source", jsonPath = ".status.sourceIdentity", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Target", jsonPath = ".status.targetIdentity", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Deadline", jsonPath = ".status.dualRun.deadline", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ServiceAccountMigration extends CustomResource<ServiceAccountMigrationSpec, ServiceAccountMigrationStatus>
    implements Namespaced {
  public static final String GROUP = "cutover.io";
  public static final String VERSION = "v1alpha1";
  public static final String CRD_NAME = "serviceaccountmigrations.cutover.io";

  /** Read tolerantly: a field that does not fit is recorded, never thrown (a throw stops the informer). */
  @Override
  @JsonDeserialize(using = TolerantReader.SpecDeserializer.class)
  public void setSpec(ServiceAccountMigrationSpec spec) {
    super.setSpec(spec);
  }

  /** Read tolerantly, as the spec. */
  @Override
  @JsonDeserialize(using = TolerantReader.StatusDeserializer.class)
  public void setStatus(ServiceAccountMigrationStatus status) {
    super.setStatus(status);
  }

  @Override
  protected ServiceAccountMigrationStatus initStatus() {
    return new ServiceAccountMigrationStatus();
  }
}
