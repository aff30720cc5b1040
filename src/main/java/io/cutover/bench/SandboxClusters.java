package io.cutover.bench;

import io.cutover.sandbox.RequestCounter;
import io.cutover.sandbox.Sandbox;
import io.cutover.sandbox.SandboxCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sandbox's clusters, in the benchmark's JVM: the operator acts as the sandbox's administrator, requests are
 * counted at the sandbox's servers ({@link RequestCounter}) and the benchmark's own are told apart by their
 * User-Agent.
 */
final class SandboxClusters implements BenchClusters {
  private final Sandbox sandbox;
  private final Clients clients;

  private SandboxClusters(Sandbox sandbox) {
    this.sandbox = sandbox;
    this.clients = new Clients(Bench.client(sandbox.control()), Bench.client(sandbox.source()),
        Bench.client(sandbox.target()));
  }

  static SandboxClusters start(Path dir) {
    Sandbox sandbox = Sandbox.start(dir);
    try {
      return new SandboxClusters(sandbox);
    } catch (RuntimeException e) {
      sandbox.close();
      throw e;
    }
  }

  /** The source cluster, whose request counter the burst mode taps. */
  SandboxCluster source() {
    return sandbox.source();
  }

  private List<SandboxCluster> clusters() {
    return List.of(sandbox.control(), sandbox.source(), sandbox.target());
  }

  @Override
  public ClusterMode mode() {
    return ClusterMode.SANDBOX;
  }

  @Override
  public String versions() {
    return null;
  }

  @Override
  public Clients clients() {
    return clients;
  }

  /** Nothing: the sandbox's kubeconfig Secrets hold its administrator's credentials. */
  @Override
  public void seeded(List<String> namespaces) {}

  /** The administrator: the sandbox does not check who creates a migration against its requester. */
  @Override
  public KubernetesClient asRequester(String requester) {
    return clients.control();
  }

  @Override
  public void resetCounts() {
    clusters().forEach(c -> c.requests().reset());
  }

  @Override
  public String operatorKubeconfig() {
    return sandbox.control().kubeconfig("control");
  }

  @Override
  public KubernetesClient operatorClient() {
    return sandbox.control().client();
  }

  @Override
  public Map<String, Map<String, Long>> operatorRequests() {
    Map<String, Map<String, Long>> byResource = new LinkedHashMap<>();
    for (SandboxCluster cluster : clusters()) {
      Map<String, Long> resources = new TreeMap<>();
      for (Map.Entry<RequestCounter.Key, Long> e : cluster.requests().snapshot().entrySet()) {
        if (e.getKey().userAgent().startsWith(Bench.USER_AGENT)) {
          continue;
        }
        resources.merge(e.getKey().verb() + " " + e.getKey().resource(), e.getValue(), Long::sum);
      }
      byResource.put(cluster.name(), resources);
    }
    return byResource;
  }

  @Override
  public void close() {
    try {
      clients.close();
    } finally {
      sandbox.close();
    }
  }
}
