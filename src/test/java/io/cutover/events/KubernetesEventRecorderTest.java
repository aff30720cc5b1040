package io.cutover.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** events.k8s.io/v1 Events as client-go writes them: regarding the object, repeats as a series, no token, at most 1 kB. */
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
    return cluster.client().events().v1().events().inNamespace("ev").list().getItems().stream()
        .filter(e -> reason.equals(e.getReason())).toList();
  }

  @Test
  void anEventNamesItsObjectAndARepeatRaisesTheCount() {
    EventRecorder recorder = new KubernetesEventRecorder(cluster.client(), Clock.systemUTC());
    recorder.record(involved, EventRecorder.Type.Warning, "Plan", "ClusterUnreachable", "source: connection refused");
    recorder.record(involved, EventRecorder.Type.Warning, "Plan", "ClusterUnreachable", "source: connection refused");
    recorder.record(involved, EventRecorder.Type.Warning, "Plan", "ClusterUnreachable", "target: connection refused");

    List<Event> events = events("ClusterUnreachable");
    assertThat(events).hasSize(2);
    Event repeated = events.stream().filter(e -> e.getNote().startsWith("source")).findFirst().orElseThrow();
    assertThat(repeated.getSeries().getCount()).isEqualTo(2);
    assertThat(repeated.getType()).isEqualTo("Warning");
    assertThat(repeated.getAction()).isEqualTo("Plan");
    assertThat(repeated.getMetadata().getName()).startsWith("subject.");
    assertThat(repeated.getRegarding().getKind()).isEqualTo("ConfigMap");
    assertThat(repeated.getRegarding().getName()).isEqualTo("subject");
    assertThat(repeated.getRegarding().getUid()).isEqualTo(involved.getMetadata().getUid());
    assertThat(repeated.getReportingController()).isEqualTo(KubernetesEventRecorder.CONTROLLER);
    assertThat(repeated.getEventTime().getTime()).isNotBlank();
    Event single = events.stream().filter(e -> e.getNote().startsWith("target")).findFirst().orElseThrow();
    assertThat(single.getSeries()).as("one occurrence is no series").isNull();
  }

  @Test
  void aTokenShapedStringNeverReachesAnEventAndLongMessagesAreCut() {
    // Built at run time: an unsigned JWT-shaped string, so the repository holds nothing that looks like a token.
    String jwt = io.cutover.testing.FakeJwt.of("{\"sub\":\"system:serviceaccount:a:b\"}");
    EventRecorder recorder = new KubernetesEventRecorder(cluster.client(), Clock.systemUTC());
    recorder.record(involved, EventRecorder.Type.Normal, "Plan", "Leaky", "the server said " + jwt + " back" + "x".repeat(2000));
    Event event = events("Leaky").get(0);
    assertThat(event.getNote()).doesNotContain(jwt).doesNotContain("eyJ").contains("the server said [redacted] back");
    assertThat(event.getNote()).hasSize(KubernetesEventRecorder.MAX_MESSAGE);
  }

  @Test
  void aFailingApiNeverFailsTheCaller() {
    SandboxCluster gone = SandboxCluster.start("gone");
    var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(gone.client().getConfiguration()).build();
    gone.close();
    try (client) {
      new KubernetesEventRecorder(client, Clock.systemUTC()).record(involved, EventRecorder.Type.Normal, "Plan", "Quiet", "no server");
    }
    assertThat(events("Quiet")).isEmpty();
  }
}
