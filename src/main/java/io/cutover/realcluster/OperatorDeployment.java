package io.cutover.realcluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator as a user deploys it, on real clusters: the Deployment that the chart (or {@code deploy/}) installed
 * on the control cluster is run as a local process — its container's arguments and environment, its policy
 * ConfigMap, and a TokenRequest token of its own ServiceAccount, so it holds exactly the shipped RBAC and never an
 * admin credential. (The test clusters run no kubelet; the process stands in for the Pod.) Source and target
 * clusters are reached through kubeconfig Secrets holding TokenRequest tokens of {@code cutover-migrator}, the
 * identity {@code deploy/remote} creates.
 */
public final class OperatorDeployment implements AutoCloseable {
  public static final String NAMESPACE = "cutover-system";
  public static final String MIGRATOR = "cutover-migrator";
  /** The operator's Deployment as deploy/ (and the chart, released as {@code cutover}) names it. */
  public static final String DEPLOYMENT = "cutover";
  /** Lifetime of the tokens minted here (operator and migrator): long enough for a test run or an afternoon. */
  static final long TOKEN_SECONDS = Duration.ofHours(24).toSeconds();
  static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  static final String READY_LINE = "Metrics at ";

  private final ChildProcess process;
  private final Path log;

  private OperatorDeployment(ChildProcess process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** The kubeconfig Secret name for a remote cluster: {@code NAME-kubeconfig}. */
  public static String kubeconfigSecretName(RealCluster remote) {
    return remote.name() + "-kubeconfig";
  }

  /**
   * For each remote cluster (where {@code deploy/remote} is applied), a Secret {@code NAME-kubeconfig} in
   * {@value #NAMESPACE} of the control cluster with a kubeconfig for a {@value #MIGRATOR} token.
   */
  public static void writeKubeconfigSecrets(RealCluster control, List<RealCluster> remotes) {
    for (RealCluster remote : remotes) {
      String token = mintToken(remote, NAMESPACE, MIGRATOR);
      control.client().secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata()
          .withName(kubeconfigSecretName(remote)).withNamespace(NAMESPACE).endMetadata()
          .addToStringData("kubeconfig", remote.kubeconfigText(MIGRATOR, token)).build()).serverSideApply();
    }
  }

  /**
   * Runs the operator of Deployment {@code NAMESPACE/deployment} on {@code control} as a local process, its output
   * in {@code workDir/operator.log}; returns once it is ready (its informers synced).
   */
  public static OperatorDeployment start(RealCluster control, String deployment, Path workDir) {
    var pod = installed(control, deployment).getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    try {
      Files.createDirectories(workDir);
      Map<String, String> mounted = mountedFiles(control, pod.getVolumes(), container.getVolumeMounts(), workDir);
      List<String> args = new ArrayList<>();
      List<String> given = container.getArgs();
      for (int i = 0; i < given.size(); i++) {
        String arg = given.get(i);
        if (arg.equals("--metrics-port") && i + 1 < given.size()) {
          args.addAll(List.of(arg, "0")); // many clusters, one machine: a free port
          i++;
        } else {
          args.add(mounted.getOrDefault(arg, arg));
        }
      }
      Path kubeconfig = workDir.resolve("operator.kubeconfig");
      Files.writeString(kubeconfig, kubeconfigText(control, pod.getServiceAccountName()));
      kubeconfig.toFile().setReadable(false, false);
      kubeconfig.toFile().setReadable(true, true);
      List<String> command = new ArrayList<>(List.of(ThisJvm.javaExecutable()));
      Map<String, String> env = new LinkedHashMap<>();
      for (EnvVar e : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
        if (e.getName().equals("JAVA_TOOL_OPTIONS")) {
          command.addAll(Arrays.asList(e.getValue().trim().split("\\s+")));
        } else if (e.getValue() != null) {
          env.put(e.getName(), e.getValue());
        }
      }
      command.addAll(List.of("-cp", ThisJvm.classPath(), "io.cutover.cli.Main"));
      command.addAll(args);
      List<String> withEnv = new ArrayList<>(List.of("env", "-u", "JAVA_TOOL_OPTIONS", "-u", "KUBERNETES_MASTER",
          "KUBECONFIG=" + kubeconfig, "HOSTNAME=" + deployment + "-local"));
      env.forEach((k, v) -> withEnv.add(k + "=" + v));
      withEnv.addAll(command);
      Path log = workDir.resolve("operator.log");
      Files.deleteIfExists(log);
      ChildProcess process = ChildProcess.start("operator", log, withEnv);
      try {
        Readiness.await("the operator", READY_TIMEOUT, process,
            () -> Files.exists(log) && read(log).contains(READY_LINE));
      } catch (RuntimeException e) {
        process.close();
        throw e;
      }
      return new OperatorDeployment(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Deployment {@code NAMESPACE/deployment} on {@code control}; thrown when it is not installed. */
  private static Deployment installed(RealCluster control, String deployment) {
    Deployment d = control.client().apps().deployments().inNamespace(NAMESPACE).withName(deployment).get();
    if (d == null) {
      throw new IllegalStateException("Deployment " + NAMESPACE + "/" + deployment + " is not installed on "
          + control.name() + " (install the chart or deploy/ first)");
    }
    return d;
  }

  /** The ServiceAccount the Pods of Deployment {@code NAMESPACE/deployment} on {@code control} run as. */
  public static String serviceAccountOf(RealCluster control, String deployment) {
    return installed(control, deployment).getSpec().getTemplate().getSpec().getServiceAccountName();
  }

  /** A kubeconfig of {@code control} for a TokenRequest token of {@code NAMESPACE/serviceAccount}: the operator's. */
  public static String kubeconfigText(RealCluster control, String serviceAccount) {
    return control.kubeconfigText(serviceAccount, mintToken(control, NAMESPACE, serviceAccount));
  }

  /** The files the container mounts from ConfigMaps, written under workDir; from path in the Pod to local path. */
  private static Map<String, String> mountedFiles(RealCluster control, List<Volume> volumes, List<VolumeMount> mounts,
      Path workDir) throws IOException {
    Map<String, String> paths = new LinkedHashMap<>();
    for (VolumeMount mount : mounts == null ? List.<VolumeMount>of() : mounts) {
      Volume volume = volumes.stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElse(null);
      if (volume == null || volume.getConfigMap() == null) {
        continue;
      }
      ConfigMap map = control.client().configMaps().inNamespace(NAMESPACE).withName(volume.getConfigMap().getName())
          .get();
      if (map == null || map.getData() == null) {
        continue;
      }
      Path local = Files.createDirectories(workDir.resolve("mounts").resolve(mount.getName()));
      for (var entry : map.getData().entrySet()) {
        Files.writeString(local.resolve(entry.getKey()), entry.getValue());
        paths.put(mount.getMountPath() + "/" + entry.getKey(), local.resolve(entry.getKey()).toString());
      }
    }
    return paths;
  }

  /** A TokenRequest token of {@code namespace/serviceAccount}, minted by the cluster's administrator. */
  public static String mintToken(RealCluster cluster, String namespace, String serviceAccount) {
    TokenRequest answer = cluster.client().serviceAccounts().inNamespace(namespace).withName(serviceAccount)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(TOKEN_SECONDS).endSpec().build());
    return answer.getStatus().getToken();
  }

  public Path log() {
    return log;
  }

  public boolean alive() {
    return process.alive();
  }

  @Override
  public void close() {
    process.close();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
