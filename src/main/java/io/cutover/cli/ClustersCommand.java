package io.cutover.cli;

import io.cutover.realcluster.CutoverClusters;
import io.cutover.realcluster.KubeBinaries;
import io.cutover.realcluster.OperatorDeployment;
import io.cutover.realcluster.RealCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cutover clusters --real}: three real control planes on this machine (control, source, target) with Cutover
 * deployed as a user deploys it without Helm — {@code kubectl apply -k deploy} on control, {@code kubectl apply -k
 * deploy/remote} on source and target, kubeconfig Secrets of {@code cutover-migrator} tokens — and the operator of
 * the installed Deployment run as a local process with its ServiceAccount's token. Binaries, manifests and the
 * build script are read from the checkout the command runs in.
 */
@Command(name = "clusters", mixinStandardHelpOptions = true, description = {
    "Start three real Kubernetes control planes on loopback (control, source, target: etcd, kube-apiserver and",
    "kube-controller-manager, built or reused by tools/kube/build.sh), deploy Cutover on them without Helm",
    "(kubectl apply -k deploy on control, -k deploy/remote on source and target and -k deploy/remote/namespace in",
    "each --migrator-namespace there, kubeconfig Secrets) and run the",
    "operator of the installed Deployment as a local process with its ServiceAccount's token.",
    "Run it from the root of a Cutover checkout: it reads tools/kube/, crds/ and deploy/ from there.",
    "Without --keep-running it starts everything, prints where it is, and stops (a smoke test).",
    "The embedded in-process clusters (no binaries needed) are the sandbox command."})
final class ClustersCommand implements Callable<Integer> {
  static final String DEPLOYMENT = OperatorDeployment.DEPLOYMENT;

  @Option(names = "--real", description = "Real control planes (required; for the embedded clusters use: cutover sandbox).")
  boolean real;

  @Option(names = "--keep-running", description = "Keep clusters and operator up until Ctrl-C.")
  boolean keepRunning;

  @Option(names = "--kubeconfig-dir", paramLabel = "DIR",
      description = "Where to write control/source/target.kubeconfig, each cluster's files and logs (DIR/NAME/) and "
          + "the operator's (DIR/operator/) (default: a new temporary folder).")
  Path kubeconfigDir;

  @Option(names = "--migrator-namespace", paramLabel = "NS", defaultValue = "payments", split = ",",
      description = "Namespaces to put in the migrator's scope on source and target: each is created there and gets "
          + "kubectl apply -k deploy/remote/namespace -n NS (default: ${DEFAULT-VALUE}, the example's).")
  List<String> migratorNamespaces = new ArrayList<>(List.of("payments"));

  @Spec
  CommandSpec spec;

  /** Called once everything runs, before waiting or stopping: the smoke test checks the live clusters here. */
  Consumer<Running> onReady = running -> { };

  /** What the command started; {@link #close()} stops it (the operator first, etcd last), once. */
  static final class Running implements AutoCloseable {
    final Path dir;
    final CutoverClusters clusters;
    OperatorDeployment operator;
    private boolean closed;

    Running(Path dir, CutoverClusters clusters) {
      this.dir = dir;
      this.clusters = clusters;
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (operator != null) {
        operator.close();
      }
      clusters.close();
    }
  }

  @Override
  public Integer call() throws Exception {
    CommandLine cli = spec.commandLine();
    if (!real) {
      throw new CommandLine.ParameterException(cli, "clusters needs --real (real control planes built from "
          + "Kubernetes' sources); for the embedded in-process clusters use: cutover sandbox");
    }
    PrintWriter out = cli.getOut();
    PrintWriter err = cli.getErr();
    Path repository = Path.of("").toAbsolutePath();
    List<String> missing = CutoverClusters.missingFromCheckout(repository);
    if (!missing.isEmpty()) {
      err.println("cutover clusters --real runs from the root of a Cutover checkout (it reads tools/kube/, crds/ and "
          + "deploy/); not found under " + repository + ": " + String.join(", ", missing));
      err.flush();
      return 1;
    }
    KubeBinaries binaries;
    try {
      binaries = KubeBinaries.locate(Path.of(""));
    } catch (IllegalStateException e) {
      err.println("cutover clusters: " + e.getMessage());
      err.flush();
      return 1;
    }
    Path dir = (kubeconfigDir != null ? kubeconfigDir : Files.createTempDirectory("cutover-clusters-"))
        .toAbsolutePath();
    Running running = new Running(dir, new CutoverClusters(dir, repository, binaries));
    Thread stop = new Thread(() -> {
      if (keepRunning) {
        out.println("Stopping the operator and the clusters ...");
        out.flush();
      }
      running.close();
    }, "cutover-clusters-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      prepare(dir);
      out.println("Starting real clusters control, source and target under " + dir + " ("
          + CutoverClusters.versions(binaries) + ") ...");
      out.flush();
      long started = System.nanoTime();
      running.clusters.start(false).deploy(migratorNamespaces);
      RealCluster control = running.clusters.control();
      running.operator = OperatorDeployment.start(control, DEPLOYMENT, dir.resolve("operator"));
      print(out, running, binaries, Duration.ofNanos(System.nanoTime() - started));
      onReady.accept(running);
      if (keepRunning) {
        out.println("Press Ctrl-C to stop the operator and the clusters (their files stay under " + dir + ").");
        out.flush();
        new CountDownLatch(1).await(); // until Ctrl-C: the shutdown hook stops everything
        return 0;
      }
      running.close();
      out.println("Stopped the operator and the clusters (--keep-running keeps them up); files and logs stay under "
          + dir + ".");
      out.flush();
      return 0;
    } catch (IOException | RuntimeException e) {
      running.close();
      err.println("cutover clusters: " + e.getMessage());
      err.println("Logs: " + dir + " (each cluster's under " + dir + "/NAME/, the operator's under " + dir
          + "/operator/, kubectl's under " + dir + "/kubectl/)");
      err.flush();
      return 1;
    } finally {
      running.close();
      try {
        Runtime.getRuntime().removeShutdownHook(stop);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs (or ran) anyway
      }
    }
  }

  private void print(PrintWriter out, Running running, KubeBinaries binaries, Duration took) {
    Path dir = running.dir;
    out.println("Real clusters (" + CutoverClusters.versions(binaries) + "), up with Cutover deployed in " + took.toSeconds() + " s:");
    for (RealCluster c : running.clusters.clusters()) {
      String kubeconfig = c.name().equals("control") ? "export KUBECONFIG=" + c.kubeconfig() : c.kubeconfig().toString();
      out.printf("  %-8s%s   %s%n", c.name(), c.url(), kubeconfig);
    }
    out.println("Deployed without Helm: kubectl apply -k deploy on control (the CRD, namespace "
        + OperatorDeployment.NAMESPACE + ", the operator's ServiceAccount, RBAC, admission policy and Deployment, Role "
        + CutoverClusters.KUBECONFIG_ROLE + "), kubectl apply -k deploy/remote on source and target (" + OperatorDeployment.MIGRATOR
        + ") and deploy/remote/namespace in " + String.join(", ", migratorNamespaces)
        + " (created there: the migrator's scope), kubeconfig Secrets source-kubeconfig and target-kubeconfig in "
        + OperatorDeployment.NAMESPACE + ".");
    out.println("Operator ready: Deployment " + OperatorDeployment.NAMESPACE + "/" + DEPLOYMENT
        + " run as a local process with its ServiceAccount's token; log: " + running.operator.log());
    out.println("Cluster logs: " + dir + "/NAME/{etcd,kube-apiserver,kube-controller-manager}.log; kubectl: "
        + binaries.path("kubectl"));
    out.flush();
  }

  /**
   * Removes what an earlier run left in {@code dir} (a cluster's data would be served again with new keys); refuses a
   * folder of the same name that this command did not write.
   */
  static void prepare(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String name : List.of("control", "source", "target", "operator", "kubectl")) {
      Path sub = dir.resolve(name);
      if (!Files.exists(sub)) {
        continue;
      }
      boolean ours = switch (name) {
        case "operator" -> Files.exists(sub.resolve("operator.log")) || Files.exists(sub.resolve("operator.kubeconfig"));
        case "kubectl" -> true;
        default -> Files.exists(sub.resolve("pki/tokens.csv")) || Files.exists(sub.resolve("etcd-data"));
      };
      if (!ours) {
        throw new IllegalStateException(sub + " exists and was not written by cutover clusters; choose another "
            + "--kubeconfig-dir");
      }
      deleteRecursively(sub);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
