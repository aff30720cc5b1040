package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.testing.Kubectl;
import io.cutover.testing.Kubectl.Result;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl against a sandbox cluster: built-in Tables, get -w, create over protobuf, apply as SMP. */
class KubectlPrintsLikeAClusterTest {

  static SandboxCluster cluster;
  static KubernetesClient client;
  static Kubectl kubectl;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws IOException {
    kubectl = new Kubectl(dir);
    cluster = SandboxCluster.start("kubectl-print");
    client = cluster.client();
    Files.writeString(dir.resolve("kubeconfig"), cluster.kubeconfig("sandbox"));
    client.apiextensions().v1().customResourceDefinitions().resource(io.cutover.config.CrdManifest.load()).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static Result kubectl(String... args) throws IOException, InterruptedException {
    return kubectl.run(dir.resolve("kubeconfig"), args);
  }

  static Result ok(String... args) throws IOException, InterruptedException {
    return kubectl.ok(dir.resolve("kubeconfig"), args);
  }

  static List<String> header(String table) {
    return List.of(table.lines().findFirst().orElse("").trim().split("\\s{2,}"));
  }

  /** kubectl auth whoami (a protobuf SelfSubjectReview): the name a migration's spec.requester gives on the sandbox. */
  @Test
  void authWhoamiNamesTheSandboxsAdministrator() throws Exception {
    String out = ok("auth", "whoami").out();
    assertThat(out).contains(Sandbox.ADMIN_USER).contains("system:masters");
  }

  @Test
  void createNamespaceAndServiceAccountCompleteFromTheirProtobufBodies() throws Exception {
    long started = System.nanoTime();
    assertThat(ok("create", "namespace", "proto").out()).contains("namespace/proto created");
    assertThat(ok("create", "serviceaccount", "x", "-n", "proto").out()).contains("serviceaccount/x created");
    System.out.printf("kubectl create namespace + serviceaccount took %d ms%n",
        java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    assertThat(client.serviceAccounts().inNamespace("proto").withName("x").get()).isNotNull();
    assertThat(client.namespaces().withName("proto").get()).isNotNull();
  }

  @Test
  void protobufBodiesTheSandboxDoesNotDecodeFailFastWithAClearMessage() throws Exception {
    long started = System.nanoTime();
    // A ResourceQuota: in Kubernetes' protos, but not one of the kinds the sandbox decodes (ProtobufBodies.KINDS).
    Result created = kubectl("create", "quota", "q", "--hard=pods=1", "-n", "default");
    long millis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    System.out.printf("kubectl create quota answered in %d ms (exit %d)%n", millis, created.exitCode());
    assertThat(created.exitCode()).isNotZero();
    assertThat(created.err()).contains("unknown format", "accepted media types include: application/json",
        "does not decode application/vnd.kubernetes.protobuf");
    assertThat(millis).as("fails fast, not at the 20s request timeout").isLessThan(15_000);
    assertThat(client.resourceQuotas().inNamespace("default").withName("q").get()).isNull();
  }

  @Test
  void getShowsTheColumnsOfARealClusterForBuiltInKinds() throws Exception {
    Path manifest = dir.resolve("print.yaml");
    Files.writeString(manifest, """
        apiVersion: v1
        kind: Namespace
        metadata: {name: print}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: api, namespace: print}
        secrets: [{name: api-token}]
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: api-token, namespace: print}
        type: Opaque
        data: {a: YQ==, b: Yg==}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: reader, namespace: print}
        rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: reader, namespace: print}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
        subjects:
        - {kind: ServiceAccount, name: api, namespace: print}
        - {kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}
        ---
        apiVersion: coordination.k8s.io/v1
        kind: Lease
        metadata: {name: leader, namespace: print}
        spec: {holderIdentity: pod-a}
        """);
    ok("apply", "--validate=false", "-f", manifest.toString());

    assertThat(header(ok("get", "namespaces").out())).containsExactly("NAME", "STATUS", "AGE");
    String sa = ok("get", "sa", "api", "-n", "print").out();
    assertThat(header(sa)).containsExactly("NAME", "SECRETS", "AGE");
    assertThat(sa.lines().skip(1).findFirst().orElseThrow().split("\\s+")).startsWith("api", "1");
    String secret = ok("get", "secret", "api-token", "-n", "print").out();
    assertThat(header(secret)).containsExactly("NAME", "TYPE", "DATA", "AGE");
    assertThat(secret.lines().skip(1).findFirst().orElseThrow().split("\\s+")).startsWith("api-token", "Opaque", "2");
    assertThat(header(ok("get", "roles", "-n", "print").out())).containsExactly("NAME", "CREATED AT");
    String binding = ok("get", "rolebinding", "reader", "-n", "print").out();
    assertThat(header(binding)).containsExactly("NAME", "ROLE", "AGE");
    assertThat(binding).contains("Role/reader");
    String wide = ok("get", "rolebinding", "reader", "-n", "print", "-o", "wide").out();
    assertThat(header(wide)).containsExactly("NAME", "ROLE", "AGE", "USERS", "GROUPS", "SERVICEACCOUNTS");
    assertThat(wide).contains("jane", "print/api");
    assertThat(header(ok("get", "clusterroles").out())).containsExactly("NAME", "CREATED AT");
    assertThat(header(ok("get", "clusterrolebindings").out())).containsExactly("NAME", "ROLE", "AGE");
    String lease = ok("get", "lease", "leader", "-n", "print").out();
    assertThat(header(lease)).containsExactly("NAME", "HOLDER", "AGE");
    assertThat(lease).contains("pod-a");
    Result missing = kubectl("get", "sa", "nobody", "-n", "print");
    assertThat(missing.err()).contains("NotFound", "serviceaccounts \"nobody\" not found");
  }

  @Test
  void applyOfAnEditedRoleBindingChangesOnlyWhatWasEdited() throws Exception {
    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
        .withName("edit").endMetadata().build()).create();
    Path manifest = dir.resolve("binding.yaml");
    String binding = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: editors
          namespace: edit
          labels: {team: a}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: editor}
        subjects:
        - {kind: ServiceAccount, name: one, namespace: edit}
        """;
    Files.writeString(manifest, binding);
    assertThat(ok("apply", "--validate=false", "-f", manifest.toString()).out()).contains("created");
    // Someone else labels the live object: apply must keep what it does not manage.
    ok("label", "rolebinding", "editors", "-n", "edit", "owner=ops");

    Files.writeString(manifest, binding + "- {kind: ServiceAccount, name: two, namespace: edit}\n");
    assertThat(ok("apply", "--validate=false", "-f", manifest.toString()).out())
        .contains("rolebinding.rbac.authorization.k8s.io/editors configured");

    var live = client.rbac().roleBindings().inNamespace("edit").withName("editors").get();
    assertThat(live.getSubjects()).extracting("name").containsExactly("one", "two");
    assertThat(live.getMetadata().getLabels()).containsEntry("team", "a").containsEntry("owner", "ops");
    assertThat(live.getRoleRef().getName()).isEqualTo("editor");

    assertThat(ok("apply", "--validate=false", "-f", manifest.toString()).out()).contains("unchanged");
  }

  static String migration(String name, String extra) {
    return """
        apiVersion: cutover.io/v1alpha1
        kind: ServiceAccountMigration
        metadata:
          name: %s
          namespace: default
        spec:
          requester: {username: sandbox-admin}
          source:
            cluster: {name: source, kubeconfigSecretRef: {name: source-kubeconfig, key: kubeconfig}}
            namespace: shop
            serviceAccount: checkout
          target:
            cluster: {name: target, kubeconfigSecretRef: {name: target-kubeconfig}}
          tokens:
            audiences: [checkout.target.example]
            expirationSeconds: 3600
          dualRun:
            window: 10m
        %s""".formatted(name, extra);
  }

  @Test
  void explainPrintsTheCrdFieldDescriptions() throws Exception {
    String dualRun = ok("explain", "sam.spec.dualRun").out();
    assertThat(dualRun).contains("KIND:", "ServiceAccountMigration", "FIELD: dualRun",
        "The dual-run window: the hard bound on the time in which", "onDeadline", "window");
    String tokens = ok("explain", "sam.spec.tokens").out();
    assertThat(tokens).contains("FIELD: tokens", "audiences", "expirationSeconds");
    // Built-in kinds have schemas too (field names and types from the fabric8 model, no descriptions).
    assertThat(ok("explain", "rolebinding.subjects").out()).contains("FIELD: subjects", "kind", "name", "namespace");
  }

  @Test
  void applyValidatesOnTheServerAcceptingAValidMigrationAndRejectingAnUnknownFieldUnderStrict() throws Exception {
    Path valid = dir.resolve("valid-sam.yaml");
    Files.writeString(valid, migration("valid", ""));
    assertThat(ok("apply", "-f", valid.toString()).out())
        .contains("serviceaccountmigration.cutover.io/valid created");

    Path invalid = dir.resolve("invalid-sam.yaml");
    Files.writeString(invalid, migration("invalid", "  bogus: true\n"));
    Result strict = kubectl("apply", "--validate=strict", "-f", invalid.toString());
    assertThat(strict.exitCode()).isNotZero();
    assertThat(strict.err()).contains("unknown field \"spec.bogus\"");
    assertThat(client.genericKubernetesResources("cutover.io/v1alpha1", "ServiceAccountMigration")
        .inNamespace("default").withName("invalid").get()).isNull();

    // The default (--validate=true is Strict in kubectl 1.32) rejects it too; Warn lets it through with a warning.
    assertThat(kubectl("apply", "-f", invalid.toString()).exitCode()).isNotZero();
    Result warned = ok("apply", "--validate=warn", "-f", invalid.toString());
    assertThat(warned.err()).contains("unknown field \"spec.bogus\"");

    // An edit of the valid one re-applies as a merge patch, validated the same way.
    Files.writeString(valid, migration("valid", "  bogus: true\n"));
    Result patched = kubectl("apply", "--validate=strict", "-f", valid.toString());
    assertThat(patched.exitCode()).isNotZero();
    assertThat(patched.err()).contains("unknown field \"spec.bogus\"");
  }

  @Test
  void applyOfABuiltInKindWithoutValidateFalseWorksAndStrictRejectsUnknownFields() throws Exception {
    Path sa = dir.resolve("sa.yaml");
    Files.writeString(sa, """
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: validated, namespace: default}
        """);
    assertThat(ok("apply", "-f", sa.toString()).out()).contains("serviceaccount/validated created");
    Files.writeString(sa, """
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: validated2, namespace: default}
        secretz: []
        """);
    Result strict = kubectl("apply", "--validate=strict", "-f", sa.toString());
    assertThat(strict.exitCode()).isNotZero();
    assertThat(strict.err()).contains("unknown field \"secretz\"");
  }
}
