package io.cutover.config;

import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;

/**
 * The ServiceAccountMigration CRD as shipped in {@code crds/}: the one fabric8's crd-generator makes from the Java
 * classes at build time, with one change — printer columns in the order kubectl should show them (the generator
 * sorts them by name, and has no way to say otherwise).
 */
public final class CrdManifest {
  /** Where the crd-generator Maven plugin writes the CRD in the build output (and so in the jar). */
  public static final String GENERATED_RESOURCE = "/META-INF/fabric8/" + ServiceAccountMigration.CRD_NAME + "-v1.yml";
  /** The committed file, relative to the repository root. */
  public static final String COMMITTED_PATH = "crds/" + ServiceAccountMigration.CRD_NAME + "-v1.yml";
  /** The printer column order: what kubectl get sam shows after NAME. */
  public static final List<String> COLUMN_ORDER = List.of("Phase", "Source", "Target", "Deadline", "Ready", "Age");

  private CrdManifest() {}

  public static CustomResourceDefinition load() {
    try (InputStream in = CrdManifest.class.getResourceAsStream(GENERATED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(GENERATED_RESOURCE + " is missing: the build generates it (mvn package)");
      }
      CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
      crd.getSpec().getVersions().forEach(v -> {
        if (v.getAdditionalPrinterColumns() != null) {
          v.getAdditionalPrinterColumns().sort(Comparator.comparingInt((CustomResourceColumnDefinition c) -> {
            int i = COLUMN_ORDER.indexOf(c.getName());
            return i < 0 ? COLUMN_ORDER.size() : i;
          }));
        }
      });
      return crd;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The committed form: a header and the YAML. */
  public static String yaml() {
    return "# Generated from io.cutover.api.v1alpha1 by fabric8's crd-generator, printer columns ordered by\n"
        + "# io.cutover.config.CrdManifest. Do not edit: change the Java classes, then run\n"
        + "#   mvn -q package -DskipTests && java -jar target/cutover.jar crd > " + COMMITTED_PATH + "\n"
        + Serialization.asYaml(load());
  }
}
