package io.cutover.realcluster;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Three real control planes on this machine — control, source and target, each its own etcd, kube-apiserver and
 * kube-controller-manager ({@link RealCluster}) — with Cutover deployed as a user deploys it without Helm:
 * {@code kubectl apply -k deploy} on control, {@code kubectl apply -k deploy/remote} on source and target and
 * {@code deploy/remote/namespace} in each namespace of the migrator's scope there ({@link #migratorIn}), and
 * kubeconfig Secrets of {@value OperatorDeployment#MIGRATOR} tokens on control. No operator: the caller runs it
 * ({@link OperatorDeployment}, or the benchmark's own process). {@code cutover clusters --real} and
 * {@code cutover bench --clusters real} start them. Manifests are read from the checkout {@code repository}.
 */
public final class CutoverClusters implements AutoCloseable {
  public static final List<String> NAMES = List.of("control", "source", "target");
  /** The Role of deploy/kubeconfig-secrets-role.yaml: the kubeconfig Secrets the operator may read. */
  public static final String KUBECONFIG_ROLE = "cutover-kubeconfigs";
  /** What a checkout must hold for these clusters to be deployed from it. */
  public static final List<String> CHECKOUT = List.of("tools/kube/build.sh", "crds/kustomization.yaml",
      "deploy/kustomization.yaml", "deploy/remote/kustomization.yaml", "deploy/remote/namespace/kustomization.yaml");
  /** The migrator's per-namespace overlay (docs/operations.md). */
  public static final String MIGRATOR_NAMESPACE_OVERLAY = "deploy/remote/namespace";
  private static final Duration KUBECTL_TIMEOUT = Duration.ofSeconds(120);

  private final Path dir;
  private final Path repository;
  private final KubeBinaries binaries;
  private final List<RealCluster> clusters = new ArrayList<>();
  private boolean closed;

  /** Nothing started yet: {@link #start} starts the clusters, {@link #deploy} deploys Cutover on them. */
  public CutoverClusters(Path dir, Path repository, KubeBinaries binaries) {
    this.dir = dir.toAbsolutePath();
    this.repository = repository.toAbsolutePath();
    this.binaries = binaries;
  }

  /** The checkout's files these clusters need that {@code repository} lacks (empty: it is a checkout). */
  public static List<String> missingFromCheckout(Path repository) {
    return CHECKOUT.stream().filter(p -> !Files.isRegularFile(repository.resolve(p))).toList();
  }

  /**
   * Starts the three clusters in parallel under {@code dir} ({@code dir/NAME/}, {@code dir/NAME.kubeconfig}), each
   * API server writing an audit log when {@code audit} ({@link RealCluster#auditLog()}); on a failure stops the ones
   * that started and rethrows. A cluster that finishes starting after {@link #close()} is stopped at once.
   */
  public CutoverClusters start(boolean audit) {
    List<CompletableFuture<RealCluster>> starts = NAMES.stream()
        .map(name -> CompletableFuture.supplyAsync(() -> RealCluster.start(name, dir, binaries, audit)))
        .toList();
    RuntimeException failure = null;
    for (CompletableFuture<RealCluster> f : starts) {
      try {
        add(f.join());
      } catch (CompletionException e) {
        RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
        if (failure == null) {
          failure = cause;
        } else {
          failure.addSuppressed(cause);
        }
      }
    }
    if (failure != null) {
      close();
      throw failure;
    }
    return this;
  }

  private synchronized void add(RealCluster cluster) {
    if (closed) {
      cluster.close();
    } else {
      clusters.add(cluster);
    }
  }

  /**
   * Deploys Cutover: deploy/ on control, deploy/remote on source and target and the migrator in each of
   * {@code migratorNamespaces} there (created), the check that deploy/'s Role names the kubeconfig Secrets, and the
   * Secrets themselves. kubectl's output goes to {@code dir/kubectl/}.
   */
  public void deploy(List<String> migratorNamespaces) {
    kubectl(control(), "apply", "-k", repository.resolve("deploy").toString());
    for (RealCluster remote : remotes()) {
      kubectl(remote, "apply", "-k", repository.resolve("deploy/remote").toString());
    }
    migratorNamespaces.forEach(this::migratorIn);
    checkKubeconfigRole();
    OperatorDeployment.writeKubeconfigSecrets(control(), remotes());
  }

  /**
   * Puts {@code namespace} in the migrator's scope on source and target as docs/operations.md says: the namespace
   * created where it is missing (the migrator never creates one), then {@code kubectl apply -k deploy/remote/namespace
   * -n NAMESPACE}.
   */
  public void migratorIn(String namespace) {
    for (RealCluster remote : remotes()) {
      if (remote.client().namespaces().withName(namespace).get() == null) {
        kubectl(remote, "create", "namespace", namespace);
      }
      kubectl(remote, "apply", "-k", repository.resolve(MIGRATOR_NAMESPACE_OVERLAY).toString(), "-n", namespace);
    }
  }

  public synchronized List<RealCluster> clusters() {
    return List.copyOf(clusters);
  }

  public RealCluster cluster(String name) {
    return clusters().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  public RealCluster control() {
    return cluster("control");
  }

  public List<RealCluster> remotes() {
    return List.of(cluster("source"), cluster("target"));
  }

  public Path directory() {
    return dir;
  }

  public KubeBinaries binaries() {
    return binaries;
  }

  /** The versions of the binaries, as the commands print them. */
  public static String versions(KubeBinaries binaries) {
    return "kube-apiserver " + binaries.version("kube-apiserver") + ", kube-controller-manager "
        + binaries.version("kube-controller-manager") + ", etcd " + binaries.version("etcd");
  }

  /** Stops the clusters (each its controller manager first, etcd last), once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    clusters.forEach(RealCluster::close);
  }

  /** deploy/kubeconfig-secrets-role.yaml must name the Secrets written here, or the operator could not read them. */
  private void checkKubeconfigRole() {
    Role role = control().client().rbac().roles().inNamespace(OperatorDeployment.NAMESPACE).withName(KUBECONFIG_ROLE)
        .get();
    List<String> names = remotes().stream().map(OperatorDeployment::kubeconfigSecretName).toList();
    boolean grants = role != null && role.getRules() != null && role.getRules().stream()
        .filter(r -> r.getResources() != null && r.getResources().contains("secrets"))
        .filter(r -> r.getVerbs() != null && r.getVerbs().contains("get"))
        .map(PolicyRule::getResourceNames)
        .anyMatch(n -> n != null && n.containsAll(names));
    if (!grants) {
      throw new IllegalStateException("Role " + OperatorDeployment.NAMESPACE + "/" + KUBECONFIG_ROLE
          + " from deploy/kubeconfig-secrets-role.yaml does not grant get on Secrets " + names);
    }
  }

  /** Runs the built kubectl as the cluster's administrator; its output goes to a log; a failure says what it said. */
  private void kubectl(RealCluster cluster, String... args) {
    List<String> command = new ArrayList<>(List.of(binaries.path("kubectl").toString(),
        "--kubeconfig", cluster.kubeconfig().toString(), "--request-timeout", "60s"));
    command.addAll(List.of(args));
    try {
      Path logs = Files.createDirectories(dir.resolve("kubectl"));
      Path log = logs.resolve(cluster.name() + "-" + args[0] + ".log");
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      process.getOutputStream().close();
      if (!process.waitFor(KUBECTL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl " + String.join(" ", args) + " on " + cluster.name()
            + " did not finish within " + KUBECTL_TIMEOUT.toSeconds() + " s; its output: " + log);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("kubectl " + String.join(" ", args) + " on " + cluster.name() + " failed (exit "
            + process.exitValue() + "): " + Files.readString(log, StandardCharsets.UTF_8).trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kubectl: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running kubectl", e);
    }
  }
}
