package io.cutover.bench;

import io.cutover.realcluster.CutoverClusters;
import io.cutover.realcluster.KubeBinaries;
import io.cutover.realcluster.OperatorDeployment;
import io.cutover.realcluster.RealCluster;
import io.cutover.sandbox.SandboxPolicies;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Real control planes ({@link CutoverClusters}, as {@code cutover clusters --real} starts them: each cluster its own
 * etcd, kube-apiserver and kube-controller-manager, nothing shared) with Cutover deployed from the checkout the
 * benchmark runs in, without Helm ({@code deploy/}, {@code deploy/remote}, {@code deploy/remote/namespace} per bench
 * namespace, the kubeconfig Secrets of {@value OperatorDeployment#MIGRATOR} tokens). The operator gets a token of the
 * ServiceAccount of the installed Deployment ({@value OperatorDeployment#DEPLOYMENT}): it holds exactly the shipped
 * RBAC, never an administrator's. Each API server writes an audit log, and the operator's and the migrator's requests
 * are counted there ({@link AuditCounts}), the benchmark's own ({@value RealCluster#ADMIN_USER}'s) left out.
 *
 * <p>One grant beyond what is shipped, as docs/security.md requires of whoever mirrors a role: on the target, in each
 * bench namespace, the migrator holds what the seeded Roles grant ({@value #MIRRORED}: get and watch on ConfigMaps),
 * since Kubernetes lets nobody without {@code escalate} create a Role granting more than they hold.
 */
final class RealClusters implements BenchClusters {
  /** The ClusterRole (bound per bench namespace on the target) that lets the migrator mirror the seeded Roles. */
  static final String MIRRORED = "cutover-bench-mirrored";

  private final CutoverClusters clusters;
  private final Clients clients;
  private final KubernetesClient control;
  private final String operatorKubeconfig;
  private final Set<String> usernames;
  private final Map<String, Long> auditFrom = new LinkedHashMap<>();
  private KubernetesClient operatorClient;
  private KubernetesClient requester;

  private RealClusters(CutoverClusters clusters) {
    this.clusters = clusters;
    RealCluster controlCluster = clusters.control();
    this.clients = new Clients(client(controlCluster), client(clusters.cluster("source")),
        client(clusters.cluster("target")));
    this.control = clients.control();
    String operator = OperatorDeployment.serviceAccountOf(controlCluster, OperatorDeployment.DEPLOYMENT);
    this.operatorKubeconfig = OperatorDeployment.kubeconfigText(controlCluster, operator);
    this.usernames = Set.of(username(operator), username(OperatorDeployment.MIGRATOR));
  }

  /**
   * Starts the clusters under {@code dir} and deploys Cutover from the checkout in the working directory (built or
   * reused control-plane binaries, tools/kube/build.sh).
   */
  static RealClusters start(Path dir) {
    Path repository = Path.of("").toAbsolutePath();
    List<String> missing = CutoverClusters.missingFromCheckout(repository);
    if (!missing.isEmpty()) {
      throw new IllegalStateException("bench --clusters real runs from the root of a Cutover checkout (it reads "
          + "tools/kube/, crds/ and deploy/); not found under " + repository + ": " + String.join(", ", missing));
    }
    CutoverClusters clusters = new CutoverClusters(dir, repository, KubeBinaries.locate(repository));
    try {
      clusters.start(true).deploy(List.of());
      return new RealClusters(clusters);
    } catch (RuntimeException e) {
      clusters.close();
      throw e;
    }
  }

  /** kube-apiserver's username of a ServiceAccount in the operator's namespace. */
  static String username(String serviceAccount) {
    return "system:serviceaccount:" + OperatorDeployment.NAMESPACE + ":" + serviceAccount;
  }

  /** The administrator's client of the benchmark's own ({@link Bench#client}), from the cluster's kubeconfig. */
  private static KubernetesClient client(RealCluster cluster) {
    return Bench.client(admin(cluster));
  }

  private static ConfigBuilder admin(RealCluster cluster) {
    try {
      return new ConfigBuilder(Config.fromKubeconfig(Files.readString(cluster.kubeconfig())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public ClusterMode mode() {
    return ClusterMode.REAL;
  }

  @Override
  public String versions() {
    return CutoverClusters.versions(clusters.binaries());
  }

  @Override
  public Clients clients() {
    return clients;
  }

  /** The migrator in each namespace (deploy/remote/namespace), and on the target what it must hold to mirror. */
  @Override
  public void seeded(List<String> namespaces) {
    KubernetesClient target = clients.target();
    target.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(MIRRORED).endMetadata()
        .addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get", "watch").endRule().build())
        .create();
    for (String namespace : namespaces) {
      clusters.migratorIn(namespace);
      target.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata()
          .withName(MIRRORED).withNamespace(namespace).endMetadata()
          .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", MIRRORED)
          .addNewSubject().withKind("ServiceAccount").withName(OperatorDeployment.MIGRATOR)
          .withNamespace(OperatorDeployment.NAMESPACE).endSubject().build()).create();
    }
  }

  /**
   * The administrator impersonating {@code requester}, who may write migrations in the operator's namespace: the
   * shipped admission policy admits a migration only from the user its spec names.
   */
  @Override
  public synchronized KubernetesClient asRequester(String requester) {
    if (this.requester == null) {
      SandboxPolicies.grantAuthor(control, OperatorDeployment.NAMESPACE, requester);
      this.requester = Bench.client(admin(clusters.control()).withImpersonateUsername(requester));
    }
    return this.requester;
  }

  @Override
  public void resetCounts() {
    for (RealCluster c : clusters.clusters()) {
      auditFrom.put(c.name(), AuditCounts.offset(c.auditLog()));
    }
  }

  @Override
  public String operatorKubeconfig() {
    return operatorKubeconfig;
  }

  @Override
  public synchronized KubernetesClient operatorClient() {
    if (operatorClient == null) {
      operatorClient = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(operatorKubeconfig))
          .withHttpClientFactory(new JdkHttpClientFactory()).build();
    }
    return operatorClient;
  }

  @Override
  public Map<String, Map<String, Long>> operatorRequests() {
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    for (RealCluster c : clusters.clusters()) {
      counts.put(c.name(), Files.exists(c.auditLog())
          ? AuditCounts.count(c.auditLog(), auditFrom.getOrDefault(c.name(), 0L), usernames) : Map.of());
    }
    return counts;
  }

  @Override
  public synchronized void close() {
    try {
      clients.close();
      for (KubernetesClient c : new KubernetesClient[] {operatorClient, requester}) {
        if (c != null) {
          c.close();
        }
      }
    } finally {
      clusters.close();
    }
  }
}
