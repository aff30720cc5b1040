package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pod deletion as kube-apiserver's pod strategy decides it: at once unless scheduled and still running. */
class PodDeletionTest {

  static final String NS = "pods";
  static ClockedSandbox sandbox;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    sandbox = new ClockedSandbox("pod-deletion", NS);
    sandbox.clock.now = Instant.parse("2026-05-06T07:08:09Z");
    client = sandbox.client;
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  static Pod pod(String name, String nodeName, Long grace, String phase) {
    PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
        .withNodeName(nodeName).withTerminationGracePeriodSeconds(grace).addNewContainer().withName("c")
        .withImage("i").endContainer().endSpec();
    if (phase != null) {
      pod.withNewStatus().withPhase(phase).endStatus();
    }
    return client.pods().inNamespace(NS).resource(pod.build()).create();
  }

  Pod stored(String name) {
    return client.pods().inNamespace(NS).withName(name).get();
  }

  @Test
  void aPodNeverScheduledIsDeletedAtOnce() {
    pod("unscheduled", null, 30L, null);
    client.pods().inNamespace(NS).withName("unscheduled").delete();
    assertThat(stored("unscheduled")).isNull();
  }

  @Test
  void aScheduledPodIsMarkedForItsGracePeriod() {
    pod("running", "node-1", null, "Running");

    client.pods().inNamespace(NS).withName("running").delete();

    Pod terminating = stored("running");
    assertThat(terminating).as("a kubelet would stop it; the sandbox has none").isNotNull();
    assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isEqualTo(sandbox.clock.now.plusSeconds(30).toString());
  }

  @Test
  void theGracePeriodIsThePodsOwnOrTheDeletesAndZeroDeletesAtOnce() {
    pod("short", "node-1", 5L, "Running");
    client.pods().inNamespace(NS).withName("short").delete();
    assertThat(stored("short").getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(5L);

    pod("asked", "node-1", 60L, "Running");
    client.pods().inNamespace(NS).withName("asked").withGracePeriod(7).delete();
    assertThat(stored("asked").getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(7L);
    client.pods().inNamespace(NS).withName("asked").withGracePeriod(3).delete();
    assertThat(stored("asked").getMetadata().getDeletionGracePeriodSeconds()).as("shortened").isEqualTo(3L);
    client.pods().inNamespace(NS).withName("asked").withGracePeriod(0).delete();
    assertThat(stored("asked")).as("a forced delete").isNull();
  }

  @Test
  void aTerminatedPodIsDeletedAtOnce() {
    pod("finished", "node-1", 30L, "Succeeded");
    client.pods().inNamespace(NS).withName("finished").delete();
    assertThat(stored("finished")).isNull();
  }
}
