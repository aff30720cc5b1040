package io.cutover.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** core/v1 Events as client-go writes them: on the object, repeats aggregated into a count, no token, at most 1 kB. */
class KubernetesEventRecorderTest {
  static SandboxCluster cluster;
  static ConfigMap involved;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("events");
    cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ev").endMetadata().build()).create();
    involved = cluster.client().configMaps().inNamespace("ev").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("subject").withNamespace("ev").endMetadata().build()).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static List<Event> events(String reason) {
    return cluster.client().v1().events().inNamespace("ev").list().getItems().stream()
        .filter(e -> reason.equals(e.getReason())).toList();
  }

  @Test
  void anEventNamesItsObjectAndARepeatRaisesTheCount() {
    EventRecorder recorder = new KubernetesEventRecorder(cluster.client(), Clock.systemUTC());
    recorder.record(involved, EventRecorder.Type.Warning, "ClusterUnreachable", "source: connection refused");
    recorder.record(involved, EventRecorder.Type.Warning, "ClusterUnreachable", "source: connection refused");
    recorder.record(involved, EventRecorder.Type.Warning, "ClusterUnreachable", "target: connection refused");

    List<Event> events = events("ClusterUnreachable");
    assertThat(events).hasSize(2);
    Event repeated = events.stream().filter(e -> e.getMessage().startsWith("source")).findFirst().orElseThrow();
    assertThat(repeated.getCount()).isEqualTo(2);
    assertThat(repeated.getType()).isEqualTo("Warning");
    assertThat(repeated.getMetadata().getName()).startsWith("subject.");
    assertThat(repeated.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
    assertThat(repeated.getInvolvedObject().getName()).isEqualTo("subject");
    assertThat(repeated.getInvolvedObject().getUid()).isEqualTo(involved.getMetadata().getUid());
    assertThat(repeated.getSource().getComponent()).isEqualTo(KubernetesEventRecorder.COMPONENT);
    assertThat(repeated.getFirstTimestamp()).isNotBlank();
  }

  @Test
  void aTokenShapedStringNeverReachesAnEventAndLongMessagesAreCut() {
    // Built at run time: an unsigned JWT-shaped string, so the repository holds nothing that looks like a token.
    String jwt = io.cutover.testing.FakeJwt.of("{\"sub\":\"system:serviceaccount:a:b\"}");
    EventRecorder recorder = new KubernetesEventRecorder(cluster.client(), Clock.systemUTC());
    recorder.record(involved, EventRecorder.Type.Normal, "Leaky", "the server said " + jwt + " back" + "x".repeat(2000));
    Event event = events("Leaky").get(0);
    assertThat(event.getMessage()).doesNotContain(jwt).doesNotContain("eyJ").contains("the server said [redacted] back");
    assertThat(event.getMessage()).hasSize(KubernetesEventRecorder.MAX_MESSAGE);
  }

  @Test
  void aFailingApiNeverFailsTheCaller() {
    SandboxCluster gone = SandboxCluster.start("gone");
    var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(gone.client().getConfiguration()).build();
    gone.close();
    try (client) {
      new KubernetesEventRecorder(client, Clock.systemUTC()).record(involved, EventRecorder.Type.Normal, "Quiet", "no server");
    }
    assertThat(events("Quiet")).isEmpty();
  }
}
