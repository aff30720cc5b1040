package io.cutover.real;

import com.marcnuri.helm.Helm;
import io.cutover.realcluster.KubeBinaries;
import io.cutover.realcluster.OperatorDeployment;
import io.cutover.realcluster.RealCluster;
import io.cutover.testing.Kubectl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Three real control planes (control, source, target) shared by every real-cluster test of the JVM, started on first
 * use and stopped when the JVM exits (their processes cannot outlive it, see {@code ChildProcess}), with Cutover
 * deployed as a user deploys it: on the control cluster the chart installed by real Helm (helm-java) and the
 * operator run with a token of the chart's ServiceAccount; on source and target {@code deploy/remote} applied by the
 * real kubectl and kubeconfig Secrets holding {@code cutover-migrator} tokens, and, for each namespace a test puts
 * in scope ({@link #migratorIn}), {@code deploy/remote/namespace} applied there: the migrator holds exactly the shipped
 * rights. Nothing runs as an administrator but the test's own set-up and checks.
 *
 * <p>Logs of every process are kept under {@value #BASE}. A failure to build or start them fails the test that asked,
 * with the reason; it is never a skip.
 */
final class RealEnvironment {
  static final String BASE = "target/real-clusters";
  static final String RELEASE = "cutover";
  static final String NAMESPACE = OperatorDeployment.NAMESPACE;
  /** Who writes the scenarios' migrations: a user with only what docs/security.md says a migration author needs. */
  static final String REQUESTER = "alice";
  /** The fourth API server's name, {@link #trusting}. */
  static final String TRUSTING = "trusting";
  /** The MigrationPolicy the scenarios' migrations name, granted to {@value #REQUESTER} (use, approve). */
  static final String POLICY = "real-clusters";
  private static RealEnvironment shared;
  private static RuntimeException failed;

  final KubeBinaries binaries;
  final RealCluster control;
  final RealCluster source;
  final RealCluster target;
  final Path work;
  final Kubectl kubectl;
  /**
   * A fourth kube-apiserver, on the target's etcd under its own prefix, whose structured authentication configuration
   * trusts the control cluster's service-account issuer: the target of migrations that name it by {@code issuerTrust}
   * (deploy/remote/issuer-trust applied, no kubeconfig Secret).
   */
  RealCluster trusting;
  final int trustingPort = RealCluster.freeLoopbackPort();
  private OperatorDeployment operator;

  private RealEnvironment(KubeBinaries binaries, RealCluster control, RealCluster source, RealCluster target,
      Path work) {
    this.binaries = binaries;
    this.control = control;
    this.source = source;
    this.target = target;
    this.work = work;
    this.kubectl = new Kubectl(work.resolve("kubectl"), binaries.path("kubectl"));
  }

  static synchronized RealEnvironment get() {
    if (failed != null) {
      throw new IllegalStateException("the real clusters failed to start earlier in this run", failed);
    }
    if (shared == null) {
      try {
        shared = start();
      } catch (RuntimeException e) {
        failed = e;
        throw e;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "real-clusters-stop"));
    }
    return shared;
  }

  private static RealEnvironment start() {
    KubeBinaries binaries = KubeBinaries.locate(Path.of(""));
    Path base = Path.of(BASE).toAbsolutePath();
    try {
      deleteRecursively(base);
      Files.createDirectories(base);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var control = CompletableFuture.supplyAsync(() -> RealCluster.start("control", base, binaries));
    var source = CompletableFuture.supplyAsync(() -> RealCluster.start("source", base, binaries));
    var target = CompletableFuture.supplyAsync(() -> RealCluster.start("target", base, binaries));
    RealEnvironment env;
    try {
      env = new RealEnvironment(binaries, control.join(), source.join(), target.join(), base);
    } catch (RuntimeException e) {
      List.of(control, source, target).forEach(f -> f.thenAccept(RealCluster::close));
      throw e;
    }
    env.clusters().forEach(c -> Timings.record("cluster " + c.name() + " started (etcd, kube-apiserver ready,"
        + " controllers acting; three in parallel)", c.startup()));
    long deploying = System.nanoTime();
    try {
      // Its JWT authenticator fetches the control cluster's discovery document and keys without credentials.
      env.allowAnonymousIssuerDiscovery();
      var trusting = CompletableFuture.supplyAsync(() -> RealCluster.startSharingEtcd(TRUSTING, base, env.target,
          env.trustingPort, env.trustingAuthenticationConfig()));
      try {
        env.deploy();
      } finally {
        env.trusting = trusting.join();
      }
      env.kubectl(env.trusting, "apply", "-k", "deploy/remote");
      env.kubectl(env.trusting, "apply", "-k", "deploy/remote/issuer-trust");
      Timings.record("kube-apiserver trusting the control cluster's issuer started (beside the deploy)",
          env.trusting.startup());
    } catch (RuntimeException e) {
      env.close();
      throw e;
    }
    Timings.record("Cutover deployed (helm install, deploy/remote, kubeconfig Secrets, operator ready)",
        java.time.Duration.ofNanos(System.nanoTime() - deploying));
    return env;
  }

  /** The chart on control, deploy/remote on source and target, the kubeconfig Secrets, the operator process. */
  private void deploy() {
    installChart();
    for (RealCluster remote : List.of(source, target)) {
      kubectl(remote, "apply", "-k", "deploy/remote");
    }
    OperatorDeployment.writeKubeconfigSecrets(control, List.of(source, target));
    grantPolicy();
    startOperator();
  }

  /**
   * What an administrator grants a team (docs/security.md, "Who can do what"): {@value #REQUESTER} may write
   * migrations in {@value #NAMESPACE} and holds use and approve on {@value #POLICY}, which permits the source and
   * target clusters by their kubeconfig Secrets, any unprotected namespace, ClusterRoles, turning a revocation off
   * and probes of the scenarios' local relying party.
   */
  private void grantPolicy() {
    io.cutover.sandbox.SandboxPolicies.grant(control.client(), POLICY, policy(), REQUESTER,
        io.cutover.api.v1alpha1.MigrationPolicy.USE, io.cutover.api.v1alpha1.MigrationPolicy.APPROVE);
    grantAuthor(REQUESTER);
  }

  /** The spec of {@value #POLICY}. */
  io.cutover.api.v1alpha1.MigrationPolicySpec policy() {
    var spec = new io.cutover.api.v1alpha1.MigrationPolicySpec();
    spec.setMigrationNamespaces(new java.util.ArrayList<>(List.of(NAMESPACE)));
    spec.setSource(scope(source));
    spec.setTarget(scope(target));
    // the remote that trusts the control cluster's issuer has no kubeconfig Secret: permitted by its name
    spec.getTarget().getClusters().add(new io.cutover.api.v1alpha1.PolicyCluster(TRUSTING, null));
    spec.getAllow().setClusterRoles(true);
    spec.getAllow().setRevocationOff(true);
    spec.getAllow().setAudiences(new java.util.ArrayList<>(List.of("*")));
    spec.getAllow().setProbeHosts(new java.util.ArrayList<>(List.of("127.0.0.1")));
    return spec;
  }

  private static io.cutover.api.v1alpha1.PolicyScope scope(RealCluster remote) {
    return io.cutover.sandbox.SandboxPolicies.scope(new io.cutover.api.v1alpha1.PolicyCluster(remote.name(),
        OperatorDeployment.kubeconfigSecretName(remote)), List.of("*"));
  }

  /** Lets {@code user} create, read, change and delete migrations in {@value #NAMESPACE}: no policy comes with it. */
  void grantAuthor(String user) {
    io.cutover.sandbox.SandboxPolicies.grantAuthor(control.client(), NAMESPACE, user);
  }

  private final java.util.Map<String, io.fabric8.kubernetes.client.KubernetesClient> users =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A client of the control cluster acting as {@code user} (impersonated by the administrator, as
   * {@code kubectl --as} does): the API server authorizes and admits its requests as that user's.
   */
  io.fabric8.kubernetes.client.KubernetesClient as(String user) {
    return users.computeIfAbsent(user, u -> {
      var config = io.fabric8.kubernetes.client.Config.fromKubeconfig(readKubeconfig(control));
      config.setImpersonateUsername(u);
      return new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build();
    });
  }

  private static String readKubeconfig(RealCluster cluster) {
    try {
      return Files.readString(cluster.kubeconfig());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void installChart() {
    new Helm(Path.of("helm/cutover")).install().withName(RELEASE).withNamespace(NAMESPACE).createNamespace()
        .withValuesFile(chartValues(work)).withKubeConfig(control.kubeconfig()).call();
  }

  /**
   * The chart's values for a control cluster of these tests, written to {@code dir/values.yaml}: one replica, and
   * the kubeconfig Secrets of source and target as the Secrets the operator may read.
   */
  Path chartValues(Path dir) {
    Path values = dir.resolve("values.yaml");
    try {
      Files.writeString(values, """
          replicas: 1
          kubeconfigSecrets:
            - namespace: %s
              names: [%s, %s]
          issuerTrust:
            servers: [%s]
          """.formatted(NAMESPACE, OperatorDeployment.kubeconfigSecretName(source),
          OperatorDeployment.kubeconfigSecretName(target), trustingServer()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return values;
  }

  /** The server migrations name in {@code issuerTrust} for {@link #trusting}. */
  String trustingServer() {
    return "https://127.0.0.1:" + trustingPort;
  }

  /** The control cluster's issuer discovery for unauthenticated callers, as docs/operations.md says to grant it. */
  private void allowAnonymousIssuerDiscovery() {
    control.client().rbac().clusterRoleBindings().resource(new io.fabric8.kubernetes.api.model.rbac
        .ClusterRoleBindingBuilder().withNewMetadata().withName("service-account-issuer-discovery-unauthenticated")
        .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole",
            "system:service-account-issuer-discovery")
        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName("system:unauthenticated")
        .endSubject().build()).create();
  }

  /**
   * The shipped example, deploy/remote/issuer-trust/authentication-config.yaml, filled in as its header says: the
   * control cluster's issuer, its discovery URL on loopback, its CA, and the trusting server's audience.
   */
  String trustingAuthenticationConfig() {
    try {
      String example = Files.readString(Path.of("deploy/remote/issuer-trust/authentication-config.yaml"));
      String audience = io.cutover.cluster.IssuerTrustServer.parse(trustingServer()).orElseThrow().audience();
      String filled = fill(example, "CONTROL_ISSUER", control.issuer());
      filled = fill(filled, "CONTROL_DISCOVERY_URL", control.url() + "/.well-known/openid-configuration");
      filled = fill(filled, "        CONTROL_CA_PEM\n", control.caPem().strip().indent(8));
      return fill(filled, "cutover.io/eu-new.example.com:6443", audience);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String fill(String text, String placeholder, String value) {
    if (!text.contains(placeholder)) {
      throw new IllegalStateException("deploy/remote/issuer-trust/authentication-config.yaml lost " + placeholder);
    }
    return text.replace(placeholder, value);
  }

  synchronized void startOperator() {
    stopOperator();
    operator = OperatorDeployment.start(control, RELEASE, work.resolve("operator"));
  }

  synchronized void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  synchronized OperatorDeployment operator() {
    return operator;
  }

  /** The migrator's namespace overlay, applied per namespace in scope as docs/operations.md says. */
  static final String MIGRATOR_NAMESPACE_OVERLAY = "deploy/remote/namespace";

  /**
   * Puts {@code namespace} in the migrator's scope on source and target as a user does (docs/operations.md): the
   * namespace created where it is missing (the migrator may not create one), then
   * {@code kubectl apply -k deploy/remote/namespace -n NAMESPACE}. Idempotent.
   */
  void migratorIn(String namespace) {
    for (RealCluster remote : List.of(source, target, trusting)) {
      if (remote.client().namespaces().withName(namespace).get() == null) {
        kubectl(remote, "create", "namespace", namespace);
      }
      kubectl(remote, "apply", "-k", MIGRATOR_NAMESPACE_OVERLAY, "-n", namespace);
    }
    // The remote that trusts the control cluster's issuer: the same Role, bound to the operator's mapped user.
    kubectl(trusting, "apply", "-k", ISSUER_TRUST_NAMESPACE_OVERLAY, "-n", namespace);
  }

  /** deploy/remote/issuer-trust's per-namespace overlay (docs/operations.md). */
  static final String ISSUER_TRUST_NAMESPACE_OVERLAY = "deploy/remote/issuer-trust/namespace";

  /** Runs the real kubectl as the cluster's administrator and asserts it succeeded. */
  Kubectl.Result kubectl(RealCluster cluster, String... args) {
    try {
      Files.createDirectories(work.resolve("kubectl"));
      return kubectl.ok(cluster.kubeconfig(), args);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  List<RealCluster> clusters() {
    return List.of(control, source, target);
  }

  private synchronized void close() {
    stopOperator();
    users.values().forEach(io.fabric8.kubernetes.client.KubernetesClient::close);
    if (trusting != null) {
      trusting.close(); // before the target, whose etcd it uses
    }
    clusters().forEach(RealCluster::close);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
