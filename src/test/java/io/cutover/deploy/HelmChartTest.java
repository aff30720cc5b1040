package io.cutover.deploy;

import static io.cutover.deploy.Rendered.annotations;
import static io.cutover.deploy.Rendered.labels;
import static io.cutover.deploy.Rendered.list;
import static io.cutover.deploy.Rendered.map;
import static io.cutover.deploy.Rendered.name;
import static io.cutover.deploy.Rendered.namespace;
import static io.cutover.deploy.Rendered.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart, linted (strict) and rendered by real Helm for the default values and for every toggle. Each render
 * must hold the chart's promises: least-privilege RBAC (no wildcard, escalate, bind or impersonate; Secrets only by
 * name), a pod that passes the restricted Pod Security Standard, the operator's command-line contract, labels and
 * annotations on every object. The CRD the chart installs is the one in crds/.
 */
class HelmChartTest {
  static final String FULLNAME = "cutover";

  @TempDir
  static Path work;

  record Toggle(String name, Map<String, Object> values, Consumer<Rendered> check) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Toggle> toggles() {
    return Stream.of(
        new Toggle("defaults", Map.of(), r -> {
          assertThat(r.names()).contains("ServiceAccount/cutover", "ClusterRole/cutover", "ClusterRoleBinding/cutover",
              "Role/cutover-leader-election", "RoleBinding/cutover-leader-election", "ClusterRole/cutover-authority",
              "ClusterRoleBinding/cutover-authority", "ValidatingAdmissionPolicy/cutover-requester",
              "ValidatingAdmissionPolicyBinding/cutover-requester", "ValidatingAdmissionPolicy/cutover-policy-scope",
              "ValidatingAdmissionPolicy/cutover-wave-requester", "ValidatingAdmissionPolicyBinding/cutover-wave-requester",
              "ValidatingAdmissionPolicyBinding/cutover-policy-scope", "Deployment/cutover", "Service/cutover-metrics", "NetworkPolicy/cutover", "PodDisruptionBudget/cutover");
          assertThat(r.names()).noneMatch(n -> n.startsWith("ServiceMonitor/") || n.startsWith("PrometheusRule/"));
          assertThat(r.names()).doesNotContain("ClusterRole/cutover-migrator", "Role/cutover-kubeconfigs",
              "Role/cutover-own-token");
          assertThat(r.names()).noneMatch(n -> n.startsWith("ConfigMap/"));
          assertThat(args(r)).containsExactly("operator", "--lease-namespace", "cutover-system", "--metrics-port", "8080");
          assertThat(map(r.get("Deployment", FULLNAME), "spec").get("replicas")).isEqualTo(2);
          assertThat(container(r).get("image")).isEqualTo("ghcr.io/cutover/cutover:0.1.0");
          // The admission policy protects Kubernetes' namespaces and Cutover's own, each named once.
          assertThat(list(map(r.get("ValidatingAdmissionPolicy", FULLNAME + "-requester"), "spec"), "variables"))
              .contains(Map.of("name", "protected",
                  "expression", "[\"kube-system\",\"kube-public\",\"kube-node-lease\",\"cutover-system\"]"));
          // The scope policy takes every MigrationPolicy as its parameter; only the named one can refuse.
          assertThat(map(r.get("ValidatingAdmissionPolicy", FULLNAME + "-policy-scope"), "spec", "paramKind"))
              .isEqualTo(Map.of("apiVersion", "cutover.io/v1alpha1", "kind", "MigrationPolicy"));
          assertThat(map(r.get("ValidatingAdmissionPolicyBinding", FULLNAME + "-policy-scope"), "spec", "paramRef"))
              .isEqualTo(Map.of("selector", Map.of(), "parameterNotFoundAction", "Allow"));
          // Who may migrate what: MigrationPolicy objects read by name and the requesters' grants asked by SAR.
          assertThat(list(r.get("ClusterRole", FULLNAME + "-authority"), "rules")).containsExactly(
              Map.of("apiGroups", List.of("cutover.io"), "resources", List.of("migrationpolicies"), "verbs", List.of("get", "list", "watch")),
              Map.of("apiGroups", List.of("authorization.k8s.io"), "resources", List.of("subjectaccessreviews"),
                  "verbs", List.of("create")));
          assertThat(labels(r.get("Deployment", FULLNAME))).containsEntry("app.kubernetes.io/managed-by", "Helm");
        }),
        new Toggle("watchNamespaces", Map.of("watchNamespaces", List.of("team-a", "team-b")), r -> {
          assertThat(r.find("ClusterRole", FULLNAME)).isEmpty();
          assertThat(r.find("ClusterRoleBinding", FULLNAME)).isEmpty();
          assertThat(r.ofKind("Role").filter(o -> name(o).equals(FULLNAME)).map(Rendered::namespace))
              .containsExactlyInAnyOrder("team-a", "team-b");
          assertThat(r.ofKind("RoleBinding").filter(o -> name(o).equals(FULLNAME)).map(Rendered::namespace))
              .containsExactlyInAnyOrder("team-a", "team-b");
          assertThat(args(r)).containsSubsequence("--namespace", "team-a", "--namespace", "team-b");
        }),
        new Toggle("kubeconfigSecrets", Map.of("kubeconfigSecrets", List.of(
            Map.of("namespace", "cutover-system", "names", List.of("eu-old-kubeconfig", "eu-new-kubeconfig")),
            Map.of("namespace", "team-a", "names", List.of("a-kubeconfig")))), r -> {
          var role = r.ofKind("Role").filter(o -> name(o).equals("cutover-kubeconfigs") && "cutover-system".equals(namespace(o)))
              .findFirst().orElseThrow();
          assertThat(list(role, "rules")).singleElement().satisfies(rule -> {
            assertThat(strings(rule, "resources")).containsExactly("secrets");
            // list/watch restricted by resourceNames: the real API server authorizes the informer's
            // metadata.name field selector against them (and refused the informer with get alone).
            assertThat(strings(rule, "verbs")).containsExactly("get", "list", "watch");
            assertThat(strings(rule, "resourceNames")).containsExactly("eu-old-kubeconfig", "eu-new-kubeconfig");
          });
          assertThat(r.ofKind("RoleBinding").filter(o -> name(o).equals("cutover-kubeconfigs")).map(Rendered::namespace))
              .containsExactlyInAnyOrder("cutover-system", "team-a");
        }),
        new Toggle("issuerTrust", Map.of("issuerTrust", Map.of("servers", List.of("https://eu-new.example:6443",
            "https://eu-old.example"))), r -> {
          var role = r.get("Role", "cutover-own-token");
          assertThat(namespace(role)).isEqualTo("cutover-system");
          // a token of its own ServiceAccount, of no other: resourceNames is the operator's own name
          assertThat(list(role, "rules")).singleElement().isEqualTo(Map.of("apiGroups", List.of(""),
              "resources", List.of("serviceaccounts/token"), "resourceNames", List.of(FULLNAME), "verbs", List.of("create")));
          assertThat(list(r.get("RoleBinding", "cutover-own-token"), "subjects")).singleElement()
              .isEqualTo(Map.of("kind", "ServiceAccount", "name", FULLNAME, "namespace", "cutover-system"));
          assertThat(args(r)).containsSubsequence("--issuer-trust-identity", "cutover-system/" + FULLNAME,
              "--issuer-trust-server", "https://eu-new.example:6443", "--issuer-trust-server", "https://eu-old.example");
        }),
        new Toggle("leaderElectionOff", Map.of("leaderElection", Map.of("enabled", false), "replicas", 1), r -> {
          assertThat(r.find("Role", "cutover-leader-election")).isEmpty();
          assertThat(args(r)).doesNotContain("--lease-namespace");
          assertThat(map(r.get("Deployment", FULLNAME), "spec").get("replicas")).isEqualTo(1);
        }),
        new Toggle("leaseNamespace", Map.of("leaderElection", Map.of("namespace", "cutover-leases")), r -> {
          assertThat(namespace(r.get("Role", "cutover-leader-election"))).isEqualTo("cutover-leases");
          assertThat(args(r)).containsSubsequence("--lease-namespace", "cutover-leases");
        }),
        new Toggle("shard", Map.of("shard", Map.of("name", "a", "selector", "cutover.io/shard=a")), r -> {
          assertThat(args(r)).containsExactly("operator", "--lease-namespace", "cutover-system", "--metrics-port", "8080",
              "--selector", "cutover.io/shard=a", "--shard", "a");
          // get/update/patch only on this shard's own Lease
          assertThat(list(r.get("Role", "cutover-leader-election"), "rules")).contains(Map.of(
              "apiGroups", List.of("coordination.k8s.io"), "resources", List.of("leases"),
              "resourceNames", List.of("cutover-operator-a"), "verbs", List.of("get", "update", "patch")));
        }),
        new Toggle("shardWithoutLeaderElection", Map.of("shard", Map.of("selector", "cutover.io/shard notin (a,b)"),
            "leaderElection", Map.of("enabled", false), "replicas", 1), r -> {
          assertThat(args(r)).containsExactly("operator", "--metrics-port", "8080", "--selector",
              "cutover.io/shard notin (a,b)");
          assertThat(r.find("Role", "cutover-leader-election")).isEmpty();
        }),
        new Toggle("localClusterMigrations", Map.of("localClusterMigrations", true), r -> {
          var migrator = r.get("ClusterRole", "cutover-migrator");
          assertThat(list(migrator, "rules")).isEqualTo(Deploy.migratorClusterRules());
          var binding = r.get("ClusterRoleBinding", "cutover-migrator");
          assertThat(list(binding, "subjects")).singleElement()
              .isEqualTo(Map.of("kind", "ServiceAccount", "name", FULLNAME, "namespace", "cutover-system"));
          assertThat(r.ofKind("Role", "RoleBinding").filter(o -> name(o).equals("cutover-migrator")))
              .as("no namespace in scope: no namespaced rights").isEmpty();
        }),
        new Toggle("migratorNamespaces", Map.of("localClusterMigrations", true,
            "migrator", Map.of("namespaces", List.of("payments", "orders"))), r -> {
          assertThat(list(r.get("ClusterRole", "cutover-migrator"), "rules")).isEqualTo(Deploy.migratorClusterRules());
          assertThat(r.ofKind("Role").filter(o -> name(o).equals("cutover-migrator")))
              .extracting(Rendered::namespace).containsExactlyInAnyOrder("payments", "orders");
          assertThat(r.ofKind("Role").filter(o -> name(o).equals("cutover-migrator")))
              .allSatisfy(role -> assertThat(list(role, "rules")).isEqualTo(Deploy.migratorNamespaceRules()));
          assertThat(r.ofKind("RoleBinding").filter(o -> name(o).equals("cutover-migrator")))
              .extracting(Rendered::namespace).containsExactlyInAnyOrder("payments", "orders");
          assertThat(r.ofKind("RoleBinding").filter(o -> name(o).equals("cutover-migrator"))).allSatisfy(b -> {
            assertThat(map(b, "roleRef")).containsEntry("kind", "Role").containsEntry("name", "cutover-migrator");
            assertThat(list(b, "subjects")).singleElement()
                .isEqualTo(Map.of("kind", "ServiceAccount", "name", FULLNAME, "namespace", "cutover-system"));
          });
        }),
        new Toggle("metricsOff", Map.of("metrics", Map.of("service", Map.of("enabled", false)),
            "networkPolicy", Map.of("enabled", false), "podDisruptionBudget", Map.of("enabled", false)), r -> {
          assertThat(r.names()).noneMatch(n -> n.startsWith("Service/") || n.startsWith("NetworkPolicy/")
              || n.startsWith("PodDisruptionBudget/"));
          // the probes still use the port
          assertThat(args(r)).containsSubsequence("--metrics-port", "8080");
        }),
        new Toggle("networkPolicyFrom", Map.of("networkPolicy", Map.of("metricsFrom", List.of(
            Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring")))))), r -> {
          var ingress = list(map(r.get("NetworkPolicy", FULLNAME), "spec"), "ingress");
          assertThat(ingress).singleElement().satisfies(i -> assertThat(list(i, "from")).hasSize(1));
        }),
        new Toggle("serviceMonitor", Map.of("metrics", Map.of("serviceMonitor", Map.of("enabled", true, "labels", Map.of("release", "prom")))), r -> {
          var sm = r.get("ServiceMonitor", FULLNAME);
          assertThat(labels(sm)).containsEntry("release", "prom");
          assertThat(list(map(sm, "spec"), "endpoints")).singleElement()
              .satisfies(e -> assertThat(e).containsEntry("port", "http-metrics").containsEntry("path", "/metrics"));
          assertThat(map(map(sm, "spec"), "selector", "matchLabels"))
              .isEqualTo(map(map(r.get("Service", "cutover-metrics"), "spec"), "selector"));
        }),
        new Toggle("labelsAndAnnotations", Map.of("commonLabels", Map.of("team", "identity"),
            "commonAnnotations", Map.of("owner", "security@example.com"),
            "podLabels", Map.of("sidecar.istio.io/inject", "false"), "podAnnotations", Map.of("example.com/scrape", "yes")), r -> {
          assertThat(r.objects()).allSatisfy(o -> {
            assertThat(labels(o)).as(name(o)).containsEntry("team", "identity");
            assertThat(annotations(o)).as(name(o)).containsEntry("owner", "security@example.com");
          });
          var pod = map(r.get("Deployment", FULLNAME), "spec", "template", "metadata");
          assertThat(Rendered.labels(Map.of("metadata", pod))).containsEntry("sidecar.istio.io/inject", "false").containsEntry("team", "identity");
          assertThat(Rendered.annotations(Map.of("metadata", pod))).containsEntry("example.com/scrape", "yes");
        }),
        new Toggle("admissionPolicy", Map.of("admissionPolicy", Map.of("enabled", false)), r -> {
          assertThat(r.names()).noneMatch(n -> n.startsWith("ValidatingAdmissionPolicy"));
        }),
        new Toggle("image", Map.of("image", Map.of("repository", "registry.example.com/cutover", "tag", "1.2.3", "pullPolicy", "Always"),
            "imagePullSecrets", List.of(Map.of("name", "regcred"))), r -> {
          assertThat(container(r)).containsEntry("image", "registry.example.com/cutover:1.2.3").containsEntry("imagePullPolicy", "Always");
          assertThat(list(podSpec(r), "imagePullSecrets")).containsExactly(Map.of("name", "regcred"));
        }),
        new Toggle("prometheusRule", Map.of("metrics", Map.of("prometheusRule", Map.of("enabled", true, "labels", Map.of("release", "prom")))), r -> {
          var rule = r.get("PrometheusRule", FULLNAME);
          assertThat(labels(rule)).containsEntry("release", "prom");
          assertThat(map(rule, "spec").get("groups")).as("the groups of deploy/prometheus/cutover-rules.yaml")
              .isEqualTo(Deploy.yaml("deploy/prometheus/cutover-rules.yaml").get("groups"));
          assertThat(map(rule, "spec")).isEqualTo(map(Deploy.yaml("deploy/prometheus/prometheusrule.yaml"), "spec"));
        }),
        new Toggle("dashboard", Map.of("metrics", Map.of("dashboard", Map.of("enabled", true, "labels", Map.of("team", "identity")))), r -> {
          var cm = r.get("ConfigMap", "cutover-dashboard");
          assertThat(labels(cm)).containsEntry("grafana_dashboard", "1").containsEntry("team", "identity");
          assertThat(((String) map(cm, "data").get("cutover-dashboard.json")).strip())
              .isEqualTo(Deploy.text("deploy/grafana/cutover-dashboard.json").strip());
        }),
        new Toggle("logFormatJson", Map.of("logFormat", "json"), r ->
          assertThat(list(container(r), "env")).contains(Map.of("name", "LOG_FORMAT", "value", "json"))),
        new Toggle("plainManifests", Map.of("plainManifests", true), r ->
          assertThat(r.objects()).allSatisfy(o -> assertThat(labels(o)).doesNotContainKeys("app.kubernetes.io/managed-by", "helm.sh/chart"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("toggles")
  void lintsAndRendersWithItsPromisesKept(Toggle toggle) {
    Path chart = Chart.withValues(work, toggle.name(), toggle.values());
    LintResult lint = Chart.lint(chart);
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    Rendered rendered = Rendered.parse(Chart.template(chart));
    assertLeastPrivilege(rendered, Boolean.TRUE.equals(toggle.values().get("localClusterMigrations")));
    assertRestrictedPod(rendered);
    assertThat(rendered.objects()).allSatisfy(o -> assertThat(labels(o)).as(name(o))
        .containsEntry("app.kubernetes.io/name", "cutover").containsEntry("app.kubernetes.io/instance", Chart.RELEASE));
    toggle.check().accept(rendered);
  }

  @Test
  void installsTheCrdFromCrdsWithoutACopy() throws Exception {
    assertThat(Files.isSymbolicLink(Chart.DIR.resolve("crds"))).as("helm/cutover/crds is a link to ../../crds").isTrue();
    String committed = Files.readString(Path.of("crds/migrationpolicies.cutover.io-v1.yml"), StandardCharsets.UTF_8)
        + Files.readString(Path.of("crds/serviceaccountmigrations.cutover.io-v1.yml"), StandardCharsets.UTF_8)
        + Files.readString(Path.of("crds/serviceaccountmigrationwaves.cutover.io-v1.yml"), StandardCharsets.UTF_8);
    String shown = Chart.crds(Chart.DIR);
    assertThat(Rendered.parse(shown).objects()).isEqualTo(Rendered.parse(committed).objects());
    assertThat(Rendered.parse(shown).names()).containsExactly("CustomResourceDefinition/migrationpolicies.cutover.io",
        "CustomResourceDefinition/serviceaccountmigrations.cutover.io",
        "CustomResourceDefinition/serviceaccountmigrationwaves.cutover.io");
  }

  @Test
  void dashboardAndAlertsAreLinksToDeployNotCopies() throws Exception {
    assertThat(Files.readSymbolicLink(Chart.DIR.resolve("files/cutover-dashboard.json")))
        .isEqualTo(Path.of("../../../deploy/grafana/cutover-dashboard.json"));
    assertThat(Files.readSymbolicLink(Chart.DIR.resolve("files/cutover-rules.yaml")))
        .isEqualTo(Path.of("../../../deploy/prometheus/cutover-rules.yaml"));
  }

  @Test
  void migratorNamespacesNeedLocalClusterMigrationsAndNeverHoldTheReleaseNamespace() {
    Path alone = Chart.withValues(work, "migrator-alone", Map.of("migrator", Map.of("namespaces", List.of("payments"))));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Chart.template(alone))
        .hasMessageContaining("set localClusterMigrations: true");
    Path own = Chart.withValues(work, "migrator-own", Map.of("localClusterMigrations", true,
        "migrator", Map.of("namespaces", List.of("payments", "cutover-system"))));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Chart.template(own))
        .hasMessageContaining("must not hold the release namespace cutover-system");
  }

  @Test
  void twoShardsAreTwoReleasesWhoseObjectsNeverCollide() {
    Path a = Chart.withValues(work, "shard-a", Map.of("shard", Map.of("name", "a", "selector", "cutover.io/shard=a")));
    Path b = Chart.withValues(work, "shard-b", Map.of("shard", Map.of("name", "b", "selector", "cutover.io/shard=b")));
    Rendered ra = Rendered.parse(Chart.template(a, "cutover-a"));
    Rendered rb = Rendered.parse(Chart.template(b, "cutover-b"));
    var ids = (java.util.function.Function<Rendered, List<String>>) r -> r.objects().stream()
        .map(o -> o.get("kind") + "/" + namespace(o) + "/" + name(o)).toList();
    // One namespace, cluster-scoped objects included: each release names its own; the CRDs (crds/) are shared.
    assertThat(ids.apply(ra)).doesNotContainAnyElementsOf(ids.apply(rb));
    assertThat(ra.names()).noneMatch(n -> n.startsWith("CustomResourceDefinition/"));
    var args = (java.util.function.BiFunction<Rendered, String, List<String>>) (r, release) -> strings(
        list(map(r.get("Deployment", release), "spec", "template", "spec"), "containers").get(0), "args");
    assertThat(args.apply(ra, "cutover-a")).containsSubsequence("--selector", "cutover.io/shard=a", "--shard", "a");
    assertThat(args.apply(rb, "cutover-b")).containsSubsequence("--selector", "cutover.io/shard=b", "--shard", "b");
    assertThat(list(rb.get("Role", "cutover-b-leader-election"), "rules"))
        .anySatisfy(rule -> assertThat(strings(rule, "resourceNames")).containsExactly("cutover-operator-b"));
  }

  @Test
  void aShardNeedsASelectorAndWithLeaderElectionAName() {
    Path nameOnly = Chart.withValues(work, "shard-name-only", Map.of("shard", Map.of("name", "a")));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Chart.template(nameOnly))
        .hasMessageContaining("shard.name needs shard.selector");
    Path selectorOnly = Chart.withValues(work, "shard-selector-only", Map.of("shard", Map.of("selector", "s=a")));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Chart.template(selectorOnly))
        .hasMessageContaining("shard.selector with leader election needs shard.name");
  }

  @Test
  void aBrokenValueFailsTheRender() {
    Path chart = Chart.withValues(work, "broken", Map.of("kubeconfigSecrets", List.of(Map.of("namespace", "x"))));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Chart.template(chart))
        .hasMessageContaining("kubeconfigSecrets[].names is required");
  }

  // --- the promises every render keeps ---

  static final List<String> FORBIDDEN_VERBS = List.of("*", "escalate", "bind", "impersonate");

  static void assertLeastPrivilege(Rendered r, boolean migratorAllowed) {
    assertThat(r.ofKind("Role", "ClusterRole")).isNotEmpty().allSatisfy(role -> {
      for (Map<String, Object> rule : list(role, "rules")) {
        String where = role.get("kind") + " " + name(role) + " rule " + rule;
        assertThat(strings(rule, "verbs")).as(where).isNotEmpty().doesNotContainAnyElementsOf(FORBIDDEN_VERBS);
        assertThat(strings(rule, "apiGroups")).as(where).doesNotContain("*");
        assertThat(strings(rule, "resources")).as(where).noneMatch(res -> res.contains("*"));
        assertThat(strings(rule, "resourceNames")).as(where).doesNotContain("*");
        assertThat(strings(rule, "nonResourceURLs")).as(where).noneMatch(u -> u.contains("*"));
        boolean secrets = strings(rule, "resources").contains("secrets");
        boolean migrator = name(role).equals("cutover-migrator") && migratorAllowed;
        if (secrets) {
          assertThat(role.get("kind")).as("no cluster-wide Secret access: " + where).isEqualTo("Role");
        }
        if (secrets && !migrator) {
          assertThat(strings(rule, "resourceNames")).as("Secrets only by name: " + where).isNotEmpty();
          assertThat(strings(rule, "verbs")).as(where).containsExactly("get", "list", "watch");
        }
        assertMigratorIsNoAdmin(role, rule, where);
      }
    });
    assertThat(r.ofKind("RoleBinding", "ClusterRoleBinding")).allSatisfy(b -> {
      String ref = (String) map(b, "roleRef").get("name");
      assertThat(r.find((String) map(b, "roleRef").get("kind"), ref)).as("binding %s refers to a role the chart ships", name(b)).isPresent();
      assertThat(list(b, "subjects")).allSatisfy(s -> assertThat(s).containsEntry("kind", "ServiceAccount").containsEntry("name", FULLNAME));
    });
  }

  /**
   * What the migrator (and every other role shipped) never holds: Namespace create, delete or list; ServiceAccounts,
   * their tokens, Secrets or Pods cluster-wide; Roles or RoleBindings written cluster-wide.
   */
  static void assertMigratorIsNoAdmin(Map<String, Object> role, Map<String, Object> rule, String where) {
    List<String> resources = strings(rule, "resources");
    List<String> verbs = strings(rule, "verbs");
    if (resources.contains("namespaces")) {
      assertThat(verbs).as("Namespaces are only read by name: " + where).containsExactly("get");
    }
    if ("ClusterRole".equals(role.get("kind"))) {
      assertThat(resources).as("namespaced rights only per namespace in scope: " + where)
          .doesNotContain("secrets", "serviceaccounts", "serviceaccounts/token", "pods");
      if (resources.contains("roles") || resources.contains("rolebindings")) {
        assertThat(verbs).as("Roles and RoleBindings are read cluster-wide, written per namespace: " + where)
            .containsOnly("list", "watch");
      }
    }
  }

  static void assertRestrictedPod(Rendered r) {
    Map<String, Object> spec = podSpec(r);
    assertThat(spec).doesNotContainKeys("hostNetwork", "hostPID", "hostIPC");
    assertThat(map(spec, "securityContext")).containsEntry("runAsNonRoot", true);
    assertThat(map(spec, "securityContext", "seccompProfile")).containsEntry("type", "RuntimeDefault");
    assertThat(list(spec, "volumes")).allSatisfy(v -> assertThat(v).containsAnyOf(
        Map.entry("name", "tmp")).doesNotContainKey("hostPath"));
    assertThat(list(spec, "containers")).hasSize(1);
    assertThat(list(spec, "initContainers")).isEmpty();
    Map<String, Object> c = container(r);
    Map<String, Object> sc = map(c, "securityContext");
    assertThat(sc).containsEntry("allowPrivilegeEscalation", false).containsEntry("readOnlyRootFilesystem", true)
        .containsEntry("runAsNonRoot", true).containsEntry("privileged", false);
    assertThat(map(sc, "capabilities")).isEqualTo(Map.of("drop", List.of("ALL")));
    assertThat(map(sc, "seccompProfile")).containsEntry("type", "RuntimeDefault");
    assertThat(map(c, "resources", "requests")).containsKeys("cpu", "memory");
    assertThat(map(c, "resources", "limits")).containsKeys("cpu", "memory");
    assertThat(map(c, "livenessProbe", "httpGet")).containsEntry("path", "/healthz").containsEntry("port", "http-metrics");
    assertThat(map(c, "startupProbe", "httpGet")).containsEntry("path", "/healthz");
    assertThat(map(c, "readinessProbe", "httpGet")).containsEntry("path", "/readyz").containsEntry("port", "http-metrics");
    assertThat(list(c, "ports")).singleElement().satisfies(p -> assertThat(p).containsEntry("name", "http-metrics")
        .containsEntry("containerPort", 8080));
    assertThat(map(spec)).containsEntry("serviceAccountName", FULLNAME);
  }

  static Map<String, Object> podSpec(Rendered r) {
    return map(r.get("Deployment", FULLNAME), "spec", "template", "spec");
  }

  static Map<String, Object> container(Rendered r) {
    return list(podSpec(r), "containers").get(0);
  }

  static List<String> args(Rendered r) {
    return strings(container(r), "args");
  }
}
