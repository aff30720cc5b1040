package io.cutover.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;

/** One of the fabric8 ports of a cluster: it works on the cluster's {@link Fabric8Session}. */
abstract class Fabric8Part {
  final Fabric8Session session;
  final KubernetesClient client;

  Fabric8Part(Fabric8Session session) {
    this.session = session;
    this.client = session.client;
  }
}
