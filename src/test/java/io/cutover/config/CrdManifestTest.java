package io.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed CRD is the generated one, and its schema says what the API promises. */
class CrdManifestTest {
  private final CustomResourceDefinition crd = CrdManifest.load();
  private final JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
  private final JSONSchemaProps spec = root.getProperties().get("spec");

  @Test
  void theMigrationPolicyCrdIsCommittedClusterScopedWithItsColumnsAndRequiredScope() throws Exception {
    String committed = Files.readString(Path.of(CrdManifest.POLICY_COMMITTED_PATH), StandardCharsets.UTF_8);
    assertThat(committed).as("crds/ is stale: run  java -jar target/cutover.jar crd --policy > "
        + CrdManifest.POLICY_COMMITTED_PATH).isEqualTo(CrdManifest.policyYaml());
    CustomResourceDefinition policy = CrdManifest.loadPolicy();
    assertThat(policy.getSpec().getScope()).isEqualTo("Cluster");
    assertThat(policy.getSpec().getNames().getShortNames()).containsExactly("smp");
    var version = policy.getSpec().getVersions().get(0);
    assertThat(version.getAdditionalPrinterColumns()).extracting(CustomResourceColumnDefinition::getName)
        .containsExactlyElementsOf(CrdManifest.POLICY_COLUMN_ORDER);
    JSONSchemaProps policySpec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(policySpec.getRequired()).containsExactlyInAnyOrder("migrationNamespaces", "source", "target");
    assertThat(policySpec.getProperties().get("source").getRequired()).containsExactlyInAnyOrder("clusters", "namespaces");
    assertThat(Files.readString(Path.of("crds/kustomization.yaml"))).contains(CrdManifest.POLICY_COMMITTED_PATH.substring(5));
  }

  @Test
  void theWaveCrdIsCommittedNamespacedWithItsShortNameColumnsAndRules() throws Exception {
    String committed = Files.readString(Path.of(CrdManifest.WAVE_COMMITTED_PATH), StandardCharsets.UTF_8);
    assertThat(committed).as("crds/ is stale: run  java -jar target/cutover.jar crd --wave > "
        + CrdManifest.WAVE_COMMITTED_PATH).isEqualTo(CrdManifest.waveYaml());
    CustomResourceDefinition wave = CrdManifest.loadWave();
    assertThat(wave.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(wave.getSpec().getNames().getKind()).isEqualTo("ServiceAccountMigrationWave");
    assertThat(wave.getSpec().getNames().getShortNames()).containsExactly("saw");
    var version = wave.getSpec().getVersions().get(0);
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(version.getAdditionalPrinterColumns()).extracting(CustomResourceColumnDefinition::getName)
        .containsExactlyElementsOf(CrdManifest.WAVE_COLUMN_ORDER);
    JSONSchemaProps waveSpec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(waveSpec.getRequired()).containsExactlyInAnyOrder("requester", "source");
    assertThat(waveSpec.getXKubernetesValidations()).extracting(v -> v.getRule())
        .contains("!has(self.tokens) || !has(self.tokens.secretName)");
    assertThat(waveSpec.getProperties().get("maxInFlight").getMinimum()).isEqualTo(1.0);
    assertThat(waveSpec.getProperties().get("trust").getProperties().get("annotations").getAdditionalProperties()
        .getSchema().getNullable()).as("the template's annotation values keep null for their CEL rule").isTrue();
    assertThat(Files.readString(Path.of("crds/kustomization.yaml"))).contains(CrdManifest.WAVE_COMMITTED_PATH.substring(5));
  }

  @Test
  void committedCrdEqualsTheOneGeneratedFromTheJavaClasses() throws Exception {
    String committed = Files.readString(Path.of(CrdManifest.COMMITTED_PATH), StandardCharsets.UTF_8);
    assertThat(committed)
        .as("crds/ is stale: run  mvn -q package -DskipTests && java -jar target/cutover.jar crd > " + CrdManifest.COMMITTED_PATH)
        .isEqualTo(CrdManifest.yaml());
  }

  @Test
  void namesScopeAndStatusSubresource() {
    assertThat(crd.getSpec().getGroup()).isEqualTo("cutover.io");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("ServiceAccountMigration");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("sam");
    assertThat(crd.getSpec().getVersions().get(0).getName()).isEqualTo("v1alpha1");
    assertThat(crd.getSpec().getVersions().get(0).getSubresources().getStatus()).isNotNull();
  }

  @Test
  void printerColumnsInKubectlOrder() {
    List<CustomResourceColumnDefinition> columns = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
    assertThat(columns).extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("Phase", "Source", "Target", "Deadline", "Ready", "Age");
    assertThat(columns).filteredOn(c -> c.getName().equals("Ready")).singleElement()
        .extracting(CustomResourceColumnDefinition::getJsonPath)
        .isEqualTo(".status.conditions[?(@.type==\"Ready\")].status");
  }

  @Test
  void requiredFieldsAndBounds() {
    assertThat(spec.getRequired()).containsExactlyInAnyOrder("requester", "source", "target");
    assertThat(spec.getProperties().get("source").getRequired()).containsExactlyInAnyOrder("namespace", "serviceAccount");
    JSONSchemaProps expiration = spec.getProperties().get("tokens").getProperties().get("expirationSeconds");
    assertThat(expiration.getMinimum()).isEqualTo(600.0);
    assertThat(expiration.getMaximum()).isEqualTo(172800.0);
    assertThat(expiration.getExclusiveMaximum()).isNotEqualTo(Boolean.TRUE);
    JSONSchemaProps window = spec.getProperties().get("dualRun").getProperties().get("window");
    assertThat(window.getPattern()).isNotBlank();
    assertThat(window.getXKubernetesValidations()).extracting(v -> v.getRule())
        .containsExactly("duration(self) >= duration('1s')", "duration(self) <= duration('168h')");
  }

  @Test
  void enumsAreClosed() {
    assertThat(spec.getProperties().get("rbac").getProperties().get("mode").getEnum())
        .extracting(Object::toString).containsExactly("\"Mirror\"", "\"Require\"", "\"Skip\"");
    assertThat(spec.getProperties().get("dualRun").getProperties().get("onDeadline").getEnum())
        .extracting(Object::toString).containsExactly("\"Cutover\"", "\"Rollback\"");
    assertThat(spec.getProperties().get("cutover").getProperties().get("approval").getEnum())
        .extracting(Object::toString).containsExactly("\"Automatic\"", "\"Manual\"");
  }

  @Test
  void sourceAndTargetAreImmutableThroughCel() {
    assertThat(spec.getProperties().get("source").getXKubernetesValidations()).extracting(v -> v.getRule())
        .containsExactly("self == oldSelf");
    assertThat(spec.getProperties().get("target").getXKubernetesValidations()).extracting(v -> v.getRule())
        .containsExactly("self == oldSelf");
    assertThat(spec.getXKubernetesValidations()).extracting(v -> v.getRule())
        .containsExactly(io.cutover.api.v1alpha1.ApiRules.DISTINCT_IDENTITY_CEL,
            io.cutover.api.v1alpha1.ApiRules.SECRETS_NOT_TOKEN_SECRET_CEL);
  }

  @Test
  void aProbeUrlIsHttpsOnlyInThePatternAndInTheCelRuleLoopbackIncluded() {
    JSONSchemaProps probeUrl = spec.getProperties().get("trust").getProperties().get("relyingParties").getItems()
        .getSchema().getProperties().get("probeUrl");
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(probeUrl.getPattern());
    assertThat(pattern.matcher("https://vault.example/v1/auth/jwt/login").matches()).isTrue();
    for (String plain : List.of("http://127.0.0.1:8200/login", "http://localhost/login", "http://[::1]/login",
        "http://vault.example/login")) {
      assertThat(pattern.matcher(plain).matches()).as(plain).isFalse();
    }
    // Said again on the parsed URL (the real API server evaluates it: RealCrdAdmissionTest, HostileSpecs).
    assertThat(probeUrl.getXKubernetesValidations()).extracting(v -> v.getRule()).singleElement()
        .asString().contains("url(self).getScheme() == 'https'").contains("url(self).getHostname() != ''");
  }

  @Test
  void everySpecAndStatusFieldHasADescriptionForKubectlExplain() {
    List<String> missing = new ArrayList<>();
    collectMissing("spec", spec, missing);
    collectMissing("status", root.getProperties().get("status"), missing);
    assertThat(missing).isEmpty();
  }

  private static void collectMissing(String path, JSONSchemaProps props, List<String> missing) {
    if (props.getProperties() != null) {
      for (Map.Entry<String, JSONSchemaProps> e : props.getProperties().entrySet()) {
        String child = path + "." + e.getKey();
        if (e.getValue().getDescription() == null || e.getValue().getDescription().isBlank()) {
          missing.add(child);
        }
        collectMissing(child, e.getValue(), missing);
      }
    }
    if (props.getItems() != null && props.getItems().getSchema() != null) {
      collectMissing(path + "[]", props.getItems().getSchema(), missing);
    }
  }
}
