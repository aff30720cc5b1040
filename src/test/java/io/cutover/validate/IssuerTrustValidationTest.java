package io.cutover.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.ClusterRef;
import io.cutover.api.v1alpha1.IssuerTrust;
import io.cutover.api.v1alpha1.SecretKeyRef;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.plan.PlanFixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator's own check of a cluster reached by issuer trust (the CRD's rules are HostileSpecTest's table). */
class IssuerTrustValidationTest {
  private static ServiceAccountMigrationSpec withTarget(ClusterRef target) {
    ServiceAccountMigrationSpec spec = PlanFixtures.migration().getSpec();
    spec.getTarget().setCluster(target);
    return spec;
  }

  private static List<Violation> target(String server, String ca) {
    return SpecValidator.validate(withTarget(new ClusterRef("eu-new", new IssuerTrust(server, ca))));
  }

  private static String ca() throws Exception {
    try (var in = IssuerTrustValidationTest.class.getResourceAsStream("/issuer-trust/ca.pem")) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void anHttpsServerWithOrWithoutAPemBundleIsValid() throws Exception {
    assertThat(target("https://eu-new.example:6443", null)).isEmpty();
    assertThat(target("https://eu-new.example", ca())).isEmpty();
  }

  @Test
  void aServerThatIsNotJustHttpsHostAndPortIsRefusedNamingTheField() {
    for (String bad : List.of("http://eu-new.example", "https://eu-new.example/api", "https://admin@eu-new.example",
        "https://eu-new.example:99999", "https://:6443", "https://eu-new.example?x=1")) {
      assertThat(target(bad, null)).as(bad).singleElement()
          .satisfies(v -> assertThat(v.field()).isEqualTo("spec.target.cluster.issuerTrust.server"));
    }
    assertThat(target(null, null)).singleElement().satisfies(v -> assertThat(v.problem()).isEqualTo("is required"));
  }

  @Test
  void aCaBundleThatIsNotPemCertificatesIsRefusedWithoutQuotingIt() throws Exception {
    String key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";
    String broken = ca().replace("M", "m");
    for (String bad : List.of("not a certificate", key, broken)) {
      assertThat(target("https://eu-new.example", bad)).singleElement().satisfies(v -> {
        assertThat(v.field()).isEqualTo("spec.target.cluster.issuerTrust.caBundle");
        assertThat(v.problem()).doesNotContain("BEGIN").doesNotContain("MIIE");
      });
    }
  }

  @Test
  void exactlyOneWayToReachTheClusterNotBothNotNeither() {
    ClusterRef both = new ClusterRef("eu-new", new SecretKeyRef("eu-new-kubeconfig", "kubeconfig"));
    both.setIssuerTrust(new IssuerTrust("https://eu-new.example", null));
    assertThat(SpecValidator.validate(withTarget(both))).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("spec.target.cluster");
      assertThat(v.problem()).contains("both are set");
    });
    ClusterRef neither = new ClusterRef();
    neither.setName("eu-new");
    assertThat(SpecValidator.validate(withTarget(neither))).singleElement()
        .satisfies(v -> assertThat(v.problem()).contains("neither is set"));
  }

  @Test
  void oneServerUnderTwoNamesOrTwoWaysUnderOneNameIsRefused() {
    ServiceAccountMigrationSpec spec = withTarget(new ClusterRef("eu-new", new IssuerTrust("https://eu.example", null)));
    spec.getSource().setCluster(new ClusterRef("eu-old", new IssuerTrust("https://EU.example:443/", null)));
    assertThat(SpecValidator.validate(spec)).singleElement()
        .satisfies(v -> assertThat(v.problem()).contains("same issuerTrust server"));
    spec.getSource().setCluster(new ClusterRef("eu-new", new SecretKeyRef("eu-new-kubeconfig", "kubeconfig")));
    assertThat(SpecValidator.validate(spec)).singleElement()
        .satisfies(v -> assertThat(v.problem()).contains("kubeconfig Secret or issuerTrust server"));
  }
}
