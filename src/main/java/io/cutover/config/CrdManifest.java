package io.cutover.config;

import io.cutover.api.v1alpha1.MigrationPolicy;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationWave;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;

/**
 * The CRDs as shipped in {@code crds/}. The ServiceAccountMigration CRD is the one: the one fabric8's crd-generator makes from the Java
 * classes at build time, with two changes the generator has no way to say: printer columns in the order kubectl
 * should show them (the generator sorts them by name), and {@code nullable: true} on the values of
 * {@code spec.trust.annotations}, so that kube-apiserver keeps a null value for the CEL rule that refuses it instead
 * of pruning it ({@code ApiRules.TRUST_ANNOTATION_VALUES_CEL}; {@code @Nullable} cannot annotate a map's value type).
 * The MigrationPolicy CRD is the generator's with its printer columns ordered; the ServiceAccountMigrationWave CRD
 * gets the migration's two changes (its template holds the same trust annotations).
 */
public final class CrdManifest {
  /** Where the crd-generator Maven plugin writes the CRD in the build output (and so in the jar). */
  public static final String GENERATED_RESOURCE = "/META-INF/fabric8/" + ServiceAccountMigration.CRD_NAME + "-v1.yml";
  /** The committed file, relative to the repository root. */
  public static final String COMMITTED_PATH = "crds/" + ServiceAccountMigration.CRD_NAME + "-v1.yml";
  /** The printer column order: what kubectl get sam shows after NAME. */
  public static final List<String> COLUMN_ORDER = List.of("Phase", "Source", "Target", "Deadline", "Ready", "Age");

  /** The MigrationPolicy CRD in the build output and in the repository. */
  public static final String POLICY_GENERATED_RESOURCE = "/META-INF/fabric8/" + MigrationPolicy.CRD_NAME + "-v1.yml";
  public static final String POLICY_COMMITTED_PATH = "crds/" + MigrationPolicy.CRD_NAME + "-v1.yml";
  public static final List<String> POLICY_COLUMN_ORDER = List.of("Sources", "Targets", "Age");

  /** The ServiceAccountMigrationWave CRD in the build output and in the repository. */
  public static final String WAVE_GENERATED_RESOURCE = "/META-INF/fabric8/" + ServiceAccountMigrationWave.CRD_NAME + "-v1.yml";
  public static final String WAVE_COMMITTED_PATH = "crds/" + ServiceAccountMigrationWave.CRD_NAME + "-v1.yml";
  public static final List<String> WAVE_COLUMN_ORDER = List.of("Phase", "Members", "Completed", "Attention", "Ready", "Age");

  private CrdManifest() {}

  public static CustomResourceDefinition load() {
    CustomResourceDefinition crd = read(GENERATED_RESOURCE, COLUMN_ORDER);
    nullableTrustAnnotationValues(crd);
    return crd;
  }

  public static CustomResourceDefinition loadPolicy() {
    return read(POLICY_GENERATED_RESOURCE, POLICY_COLUMN_ORDER);
  }

  /** The wave CRD: the generator's, columns ordered and its template's trust annotation values nullable (as a migration's). */
  public static CustomResourceDefinition loadWave() {
    CustomResourceDefinition crd = read(WAVE_GENERATED_RESOURCE, WAVE_COLUMN_ORDER);
    nullableTrustAnnotationValues(crd);
    return crd;
  }

  /** Every CRD, as the sandbox and the chart install them. */
  public static List<CustomResourceDefinition> all() {
    return List.of(load(), loadPolicy(), loadWave());
  }

  private static CustomResourceDefinition read(String resource, List<String> columnOrder) {
    try (InputStream in = CrdManifest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing: the build generates it (mvn package)");
      }
      CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
      crd.getSpec().getVersions().forEach(v -> {
        if (v.getAdditionalPrinterColumns() != null) {
          v.getAdditionalPrinterColumns().sort(Comparator.comparingInt((CustomResourceColumnDefinition c) -> {
            int i = columnOrder.indexOf(c.getName());
            return i < 0 ? columnOrder.size() : i;
          }));
        }
      });
      return crd;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void nullableTrustAnnotationValues(CustomResourceDefinition crd) {
    for (var version : crd.getSpec().getVersions()) {
      JSONSchemaProps annotations = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec")
          .getProperties().get("trust").getProperties().get("annotations");
      annotations.getAdditionalProperties().getSchema().setNullable(true);
    }
  }

  /** The committed form: a header and the YAML. */
  public static String yaml() {
    return "# Generated from io.cutover.api.v1alpha1 by fabric8's crd-generator; printer columns ordered and trust\n"
        + "# annotation values made nullable (for their CEL rule) by io.cutover.config.CrdManifest.\n"
        + "# Do not edit: change the Java classes, then run\n"
        + "#   mvn -q package -DskipTests && java -jar target/cutover.jar crd > " + COMMITTED_PATH + "\n"
        + Serialization.asYaml(load());
  }

  /** The wave CRD's committed form. */
  public static String waveYaml() {
    return "# Generated from io.cutover.api.v1alpha1 by fabric8's crd-generator; printer columns ordered and trust\n"
        + "# annotation values made nullable (for their CEL rule) by io.cutover.config.CrdManifest.\n"
        + "# Do not edit: change the Java classes, then run\n"
        + "#   mvn -q package -DskipTests && java -jar target/cutover.jar crd --wave > " + WAVE_COMMITTED_PATH + "\n"
        + Serialization.asYaml(loadWave());
  }

  /** The MigrationPolicy CRD's committed form. */
  public static String policyYaml() {
    return "# Generated from io.cutover.api.v1alpha1 by fabric8's crd-generator; printer columns ordered by\n"
        + "# io.cutover.config.CrdManifest. Do not edit: change the Java classes, then run\n"
        + "#   mvn -q package -DskipTests && java -jar target/cutover.jar crd --policy > " + POLICY_COMMITTED_PATH + "\n"
        + Serialization.asYaml(loadPolicy());
  }
}
