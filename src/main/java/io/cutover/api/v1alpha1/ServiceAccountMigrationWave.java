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
 * A wave: the move of many identities declared in one object. The operator owns one {@link ServiceAccountMigration}
 * per selected identity (label {@value #WAVE_LABEL}, an ownerReference to the wave), creates them within the budget,
 * and only ever writes the wave's {@code status} and, of a member's spec, approval and rollback.
 */
@Group(ServiceAccountMigration.GROUP)
@Version(ServiceAccountMigration.VERSION)
@Kind("ServiceAccountMigrationWave")
@Plural(ServiceAccountMigrationWave.PLURAL)
@Singular("serviceaccountmigrationwave")
@ShortNames("saw")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Members", jsonPath = ".status.members", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Completed", jsonPath = ".status.completed", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Attention", jsonPath = ".status.needAttention", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ServiceAccountMigrationWave extends CustomResource<WaveSpec, WaveStatus> implements Namespaced {
  public static final String PLURAL = "serviceaccountmigrationwaves";
  public static final String CRD_NAME = PLURAL + "." + ServiceAccountMigration.GROUP;
  /** The label every member carries: the wave's name. */
  public static final String WAVE_LABEL = "cutover.io/wave";

  /** Read tolerantly, as a migration's spec: a field that does not fit is recorded, never thrown. */
  @Override
  @JsonDeserialize(using = TolerantReader.WaveSpecDeserializer.class)
  public void setSpec(WaveSpec spec) {
    super.setSpec(spec);
  }

  @Override
  @JsonDeserialize(using = TolerantReader.WaveStatusDeserializer.class)
  public void setStatus(WaveStatus status) {
    super.setStatus(status);
  }

  @Override
  protected WaveStatus initStatus() {
    return new WaveStatus();
  }
}
