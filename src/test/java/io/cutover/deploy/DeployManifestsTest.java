package io.cutover.deploy;

import static io.cutover.deploy.Rendered.list;
import static io.cutover.deploy.Rendered.map;
import static io.cutover.deploy.Rendered.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.testing.Kubectl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/ is the chart rendered as plain manifests (no copy that can drift) and builds with kustomize (kubectl's own,
 * {@code kubectl kustomize deploy}) into the CRD from crds/, the namespace and the operator with the same promises as
 * the chart. Regenerate deploy/cutover.yaml with {@code mvn -o -q test -Dtest=DeployManifestsTest -Dcutover.regenerate=true}.
 */
class DeployManifestsTest {
  static final Path MANIFEST = Deploy.DIR.resolve("cutover.yaml");
  static final String HEADER = """
      # Generated from helm/cutover (default values, plainManifests=true, release cutover in cutover-system). Do not
      # edit: change the chart, then run  mvn -o -q test -Dtest=DeployManifestsTest -Dcutover.regenerate=true
      """;

  @TempDir
  Path work;

  @Test
  void plainManifestsAreTheChartRendered() throws Exception {
    String rendered = HEADER + Chart.template(Chart.withValues(work, "plain", Map.of("plainManifests", true)));
    if (Boolean.getBoolean("cutover.regenerate")) {
      Files.writeString(MANIFEST, rendered, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(MANIFEST, StandardCharsets.UTF_8))
        .as("deploy/cutover.yaml is stale: mvn -o -q test -Dtest=DeployManifestsTest -Dcutover.regenerate=true")
        .isEqualTo(rendered);
  }

  @Test
  void kustomizeBuildsTheCrdNamespaceAndARestrictedLeastPrivilegeOperator() throws Exception {
    Rendered built = Rendered.parse(kustomize("deploy"));
    Rendered crd = Rendered.parse(Files.readString(Path.of("crds/serviceaccountmigrations.cutover.io-v1.yml")));
    assertThat(Rendered.normalized(built.get("CustomResourceDefinition", "serviceaccountmigrations.cutover.io")))
        .as("the CRD kustomize builds is crds/'s").isEqualTo(Rendered.normalized(crd.objects().get(0)));
    assertThat(Rendered.labels(built.get("Namespace", "cutover-system")))
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    HelmChartTest.assertLeastPrivilege(built, false);
    HelmChartTest.assertRestrictedPod(built);
    assertThat(built.names()).contains("Deployment/cutover", "Service/cutover-metrics", "NetworkPolicy/cutover",
        "PodDisruptionBudget/cutover", "Role/cutover-leader-election", "Role/cutover-kubeconfigs");
    assertThat(built.objects()).allSatisfy(o -> assertThat(Rendered.labels(o)).as(name(o)).doesNotContainKey("helm.sh/chart"));
  }

  @Test
  void remoteMigratorHoldsExactlyTheChartsClusterWideMigratorRules() throws Exception {
    Rendered built = Rendered.parse(kustomize("deploy/remote"));
    assertThat(list(built.get("ClusterRole", "cutover-migrator"), "rules")).isEqualTo(Deploy.migratorClusterRules());
    assertThat(built.ofKind("Role", "RoleBinding").toList()).as("namespaced rights come per namespace in scope").isEmpty();
    HelmChartTest.assertLeastPrivilege(new Rendered(built.ofKind("ClusterRole").toList()), true);
    assertThat(list(built.get("ClusterRoleBinding", "cutover-migrator"), "subjects")).singleElement()
        .isEqualTo(MIGRATOR);
  }

  @Test
  void theMigratorsNamespaceOverlayHoldsExactlyTheChartsNamespacedRulesAndTakesItsNamespaceFromTheCaller()
      throws Exception {
    Rendered built = Rendered.parse(kustomize("deploy/remote/namespace"));
    assertThat(built.names()).containsExactlyInAnyOrder("Role/cutover-migrator", "RoleBinding/cutover-migrator");
    assertThat(built.objects()).as("no namespace of its own: kubectl apply -k ... -n NAMESPACE sets it")
        .allSatisfy(o -> assertThat(Rendered.namespace(o)).isNull());
    var role = built.get("Role", "cutover-migrator");
    assertThat(list(role, "rules")).isEqualTo(Deploy.migratorNamespaceRules());
    HelmChartTest.assertLeastPrivilege(new Rendered(List.of(role)), true);
    var binding = built.get("RoleBinding", "cutover-migrator");
    assertThat(map(binding, "roleRef")).containsEntry("kind", "Role").containsEntry("name", "cutover-migrator");
    assertThat(list(binding, "subjects")).singleElement().isEqualTo(MIGRATOR);
  }

  static final Map<String, Object> MIGRATOR =
      Map.of("kind", "ServiceAccount", "name", "cutover-migrator", "namespace", "cutover-system");

  /**
   * deploy/issuer-trust-role.yaml is what the chart renders with issuerTrust.servers (tokens of the operator's own
   * ServiceAccount only), and deploy/remote/issuer-trust binds the user the shipped authentication configuration maps
   * that ServiceAccount to (the claim rule admits that sub and no other) to the migrator's rights and nothing more.
   */
  @Test
  void issuerTrustManifestsAreTheChartsRoleAndBindTheUserTheAuthenticationConfigMaps() throws Exception {
    Rendered chart = Rendered.parse(Chart.template(Chart.withValues(work, "issuer-trust",
        Map.of("plainManifests", true, "issuerTrust", Map.of("servers", java.util.List.of("https://eu-new.example"))))));
    Rendered file = Rendered.parse(Files.readString(Deploy.DIR.resolve("issuer-trust-role.yaml")));
    // the chart's labels also carry its version; what is granted, to whom and where must be the same
    assertThat(list(file.get("Role", "cutover-own-token"), "rules")).isEqualTo(list(chart.get("Role", "cutover-own-token"), "rules"));
    for (String kind : java.util.List.of("Role", "RoleBinding")) {
      assertThat(Rendered.namespace(file.get(kind, "cutover-own-token"))).isEqualTo("cutover-system");
    }
    var fileBinding = file.get("RoleBinding", "cutover-own-token");
    var chartBinding = chart.get("RoleBinding", "cutover-own-token");
    assertThat(list(fileBinding, "subjects")).isEqualTo(list(chartBinding, "subjects"));
    assertThat(Rendered.map(fileBinding, "roleRef")).isEqualTo(Rendered.map(chartBinding, "roleRef"));
    HelmChartTest.assertLeastPrivilege(file, false);

    Rendered overlay = Rendered.parse(kustomize("deploy/remote/issuer-trust"));
    String user = "cutover:system:serviceaccount:cutover-system:cutover";
    assertThat(overlay.objects()).extracting(o -> o.get("kind") + "/" + name(o) + " -> "
        + Rendered.map(o, "roleRef").get("name")).containsExactlyInAnyOrder(
        "ClusterRoleBinding/cutover-migrator-issuer-trust -> cutover-migrator",
        "ClusterRoleBinding/cutover-migrator-issuer-trust-discovery -> system:service-account-issuer-discovery");
    assertThat(overlay.objects()).allSatisfy(b -> assertThat(list(b, "subjects")).singleElement().isEqualTo(
        Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "User", "name", user)));
    Map<?, ?> config = Rendered.YAML.readValue(
        Deploy.DIR.resolve("remote/issuer-trust/authentication-config.yaml").toFile(), Map.class);
    Map<?, ?> jwt = (Map<?, ?>) ((java.util.List<?>) config.get("jwt")).get(0);
    Map<?, ?> username = (Map<?, ?>) ((Map<?, ?>) jwt.get("claimMappings")).get("username");
    assertThat(username.get("prefix") + "system:serviceaccount:cutover-system:cutover").isEqualTo(user);
    assertThat(jwt.get("claimValidationRules").toString()).contains("claims.sub == '" + user.substring("cutover:".length()) + "'");
  }

  private String kustomize(String dir) throws Exception {
    return kustomize(work, dir);
  }

  static String kustomize(Path work, String dir) throws Exception {
    Path kubeconfig = work.resolve("none.kubeconfig");
    Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\n");
    var result = new Kubectl(work).ok(kubeconfig, "kustomize", dir);
    return result.out();
  }
}
