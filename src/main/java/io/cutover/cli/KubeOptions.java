package io.cutover.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.cutover.cluster.HttpTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** kubectl's own options for the client commands: which kubeconfig, which namespace. */
final class KubeOptions {
  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig of the control cluster (default: $KUBECONFIG, ~/.kube/config, or in-cluster).")
  Path kubeconfig;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "Namespace of the migration (default: the kubeconfig context's).")
  String namespace;

  /** The control cluster's client; its HTTP is traced without headers or bodies ({@link HttpTrace}), as the operator's. */
  KubernetesClient client() {
    return kubeconfig == null ? HttpTrace.clientBuilder().build() : client(kubeconfig);
  }

  /** A client for a kubeconfig file, traced as {@link #client()}. Its content is never printed. */
  static KubernetesClient client(Path file) {
    try {
      Config config = Config.fromKubeconfig(Files.readString(file, StandardCharsets.UTF_8));
      return HttpTrace.clientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + file, e);
    }
  }

  String namespace(KubernetesClient client) {
    if (namespace != null) {
      return namespace;
    }
    String ns = client.getNamespace();
    return ns == null || ns.isBlank() ? "default" : ns;
  }
}
