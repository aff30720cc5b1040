package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Watches over a WebSocket, as the fabric8 client opens them and so as every informer of the operator watches: they
 * start where kube-apiserver starts them. The client resumes a watch that ended (its informer closes it every 5 to 10
 * minutes, a server ends it at {@code timeoutSeconds}) from the last resourceVersion it saw, and relists only on 410
 * Gone; a server that answers the resumed watch with the objects as they are now and nothing of what changed in
 * between leaves a deleted object in the informer for good (the 5,000-migration benchmark's 7 RoleBindings).
 */
class WebSocketWatchTest {

  static SandboxCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("ws-watch");
    client = cluster.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("w").endMetadata().build()).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** Collects "ACTION name" of each event, the resourceVersion of the last, and how the watch closed. */
  static final class Seen implements Watcher<ConfigMap> {
    final List<String> events = new CopyOnWriteArrayList<>();
    volatile String lastResourceVersion;
    final CompletableFuture<WatcherException> closed = new CompletableFuture<>();

    @Override
    public void eventReceived(Action action, ConfigMap resource) {
      events.add(action + " " + resource.getMetadata().getName());
      lastResourceVersion = resource.getMetadata().getResourceVersion();
    }

    @Override
    public void onClose(WatcherException cause) {
      closed.complete(cause);
    }

    @Override
    public void onClose() {
      closed.complete(null);
    }
  }

  static ConfigMap configMap(String name, String label, String value) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("w").withLabels(Map.of("t", label))
        .endMetadata().withData(Map.of("k", value)).build();
  }

  @Test
  void aWatchResumedFromTheLastResourceVersionItSawGetsWhatChangedWhileItWasClosedDeletionsIncluded() {
    var configMaps = client.configMaps().inNamespace("w");
    Seen first = new Seen();
    try (Watch ignored = configMaps.withLabel("t", "resume").watch(first)) {
      configMaps.resource(configMap("kept", "resume", "1")).create();
      configMaps.resource(configMap("deleted", "resume", "1")).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> first.events.size() == 2);
    }
    assertThat(first.events).containsExactly("ADDED kept", "ADDED deleted");

    // While no watch is open (the client's reconnect gap): one object deleted, one changed, one created.
    configMaps.withName("deleted").delete();
    configMaps.withName("kept").edit(c -> new ConfigMapBuilder(c).withData(Map.of("k", "2")).build());
    configMaps.resource(configMap("created", "resume", "1")).create();

    Seen resumed = new Seen();
    try (Watch ignored = configMaps.withLabel("t", "resume")
        .watch(new ListOptionsBuilder().withResourceVersion(first.lastResourceVersion).build(), resumed)) {
      // Both answers end with the object created in the gap: the changes in order, or the objects as they are now.
      await().atMost(Duration.ofSeconds(10)).until(() -> resumed.events.contains("ADDED created"));
      assertThat(resumed.events).as("the changes after the resourceVersion, in order; not the objects as they are now")
          .containsExactly("DELETED deleted", "MODIFIED kept", "ADDED created");
    }
  }

  @Test
  void aWatchWithoutAResourceVersionGetsTheObjectsAsTheyAreThenTheirChanges() {
    var configMaps = client.configMaps().inNamespace("w");
    configMaps.resource(configMap("before", "fresh", "1")).create();
    Seen seen = new Seen();
    try (Watch ignored = configMaps.withLabel("t", "fresh").watch(seen)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.events.contains("ADDED before"));
      configMaps.withName("before").delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.events.contains("DELETED before"));
    }
    assertThat(seen.events).containsExactly("ADDED before", "DELETED before");
  }

  /** A resourceVersion whose changes are no longer kept is 410 Gone, which is what makes an informer relist. */
  @Test
  void aWatchFromAResourceVersionNoLongerKeptIsClosedWithGone() throws Exception {
    client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("sprockets.ws.example.com").endMetadata().withNewSpec().withGroup("ws.example.com")
        .withScope("Namespaced").withNewNames().withPlural("sprockets").withKind("Sprocket").endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true).withNewSchema().withNewOpenAPIV3Schema()
        .withType("object").withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema().endVersion()
        .endSpec().build()).create();
    var context = new ResourceDefinitionContext.Builder().withGroup("ws.example.com").withVersion("v1")
        .withPlural("sprockets").withKind("Sprocket").withNamespaced(true).build();
    CompletableFuture<WatcherException> closed = new CompletableFuture<>();
    try (Watch ignored = client.genericKubernetesResources(context).inNamespace("w")
        .watch(new ListOptionsBuilder().withResourceVersion("1").build(), new Watcher<GenericKubernetesResource>() {
          @Override
          public void eventReceived(Action action, GenericKubernetesResource resource) {
          }

          @Override
          public void onClose(WatcherException cause) {
            closed.complete(cause);
          }
        })) {
      WatcherException cause = closed.get(10, TimeUnit.SECONDS);
      assertThat(cause).isNotNull();
      assertThat(cause.isHttpGone()).as("410 Gone, so an informer relists").isTrue();
    }
  }
}
