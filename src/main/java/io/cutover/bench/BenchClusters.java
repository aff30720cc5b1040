package io.cutover.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/**
 * The control, source and target clusters of one benchmark run ({@link ClusterMode}): the sandbox's, or real control
 * planes. The benchmark seeds, applies and watches through {@link #clients()} — each cluster's administrator, with
 * User-Agent {@link Bench#USER_AGENT} — and its own requests are never counted as the operator's
 * ({@link #operatorRequests()}).
 */
sealed interface BenchClusters extends AutoCloseable permits SandboxClusters, RealClusters {
  ClusterMode mode();

  /** The control-plane binaries' versions, or null (the sandbox). */
  String versions();

  /** The benchmark's own clients of control, source and target (closed with the clusters). */
  Clients clients();

  /** The benchmark's administrator clients, one per cluster. */
  record Clients(KubernetesClient control, KubernetesClient source, KubernetesClient target) implements AutoCloseable {
    @Override
    public void close() {
      for (KubernetesClient c : List.of(control, source, target)) {
        c.close();
      }
    }
  }

  /** Once the identities are seeded in {@code namespaces} (on source and target): what a user does there for Cutover. */
  void seeded(List<String> namespaces);

  /** The client migrations are applied with: as {@code requester}, the user their spec names. */
  KubernetesClient asRequester(String requester);

  /** Forgets the requests counted so far (after seeding, before the operator starts). */
  void resetCounts();

  /** The operator's kubeconfig (in process mode): the identity these clusters give it. */
  String operatorKubeconfig();

  /** The operator's client (in-process mode), with the same identity. */
  KubernetesClient operatorClient();

  /**
   * The operator's requests since {@link #resetCounts()} (read once it stopped): cluster name to
   * {@code "verb resource"} (kube-apiserver's verbs and resources, as {@code RequestCounter} spells them) to count.
   */
  Map<String, Map<String, Long>> operatorRequests();

  @Override
  void close();
}
