package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Watches over plain chunked HTTP, as kubectl opens them, next to the fabric8 client's WebSocket watches. */
class HttpWatchTest {

  static SandboxCluster cluster;
  static KubernetesClient client;
  static HttpClient http;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("watch");
    http = SandboxHttp.client(cluster);
    client = cluster.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("w").endMetadata().build()).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** Opens a watch and collects its event lines on a background thread. */
  record Stream(HttpResponse<java.io.InputStream> response, LinkedBlockingQueue<JsonNode> events, Thread reader) {
    JsonNode next() throws InterruptedException {
      JsonNode event = events.poll(10, TimeUnit.SECONDS);
      assertThat(event).as("a watch event within 10s").isNotNull();
      return event;
    }

    void close() throws Exception {
      response.body().close();
    }
  }

  static Stream watch(String pathAndQuery, String accept) throws Exception {
    HttpRequest.Builder request = SandboxHttp.asAdmin(cluster, pathAndQuery).GET();
    if (accept != null) {
      request.header("Accept", accept);
    }
    HttpResponse<java.io.InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (!line.isBlank()) {
            events.add(Store.JSON.readTree(line));
          }
        }
        events.add(Store.JSON.readTree("{\"type\":\"END\"}"));
      } catch (Exception e) {
        // closed
      }
    });
    reader.setDaemon(true);
    reader.start();
    return new Stream(response, events, reader);
  }

  static ConfigMap configMap(String name, Map<String, String> labels, String value) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("w").withLabels(labels).endMetadata()
        .withData(Map.of("k", value)).build();
  }

  @Test
  void watchWithoutResourceVersionSendsExistingObjectsThenAddedModifiedDeleted() throws Exception {
    client.configMaps().inNamespace("w").resource(configMap("existing", Map.of("t", "a"), "0")).create();
    Stream stream = watch("/api/v1/namespaces/w/configmaps?watch=true&labelSelector=t%3Da", null);
    try {
      assertThat(stream.response().statusCode()).isEqualTo(200);
      assertThat(stream.response().headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode first = stream.next();
      assertThat(first.path("type").asText()).isEqualTo("ADDED");
      assertThat(first.path("object").path("metadata").path("name").asText()).isEqualTo("existing");

      client.configMaps().inNamespace("w").resource(configMap("fresh", Map.of("t", "a"), "1")).create();
      client.configMaps().inNamespace("w").resource(configMap("other", Map.of("t", "b"), "1")).create();
      client.configMaps().inNamespace("w").withName("fresh").edit(c -> {
        c.getData().put("k", "2");
        return c;
      });
      client.configMaps().inNamespace("w").withName("fresh").delete();

      List<String> seen = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        JsonNode event = stream.next();
        seen.add(event.path("type").asText() + " " + event.path("object").path("metadata").path("name").asText()
            + " " + event.path("object").path("data").path("k").asText());
      }
      assertThat(seen).containsExactly("ADDED fresh 1", "MODIFIED fresh 2", "DELETED fresh 2");
    } finally {
      stream.close();
    }
  }

  @Test
  void watchFromAResourceVersionReplaysOnlyLaterChangesAndEndsAtTimeoutSeconds() throws Exception {
    client.configMaps().inNamespace("w").resource(configMap("before", Map.of("t", "rv"), "0")).create();
    String listVersion = client.configMaps().inNamespace("w").list().getMetadata().getResourceVersion();
    assertThat(listVersion).isNotEmpty();
    client.configMaps().inNamespace("w").resource(configMap("after", Map.of("t", "rv"), "0")).create();

    long started = System.nanoTime();
    Stream stream = watch("/api/v1/namespaces/w/configmaps?watch=1&labelSelector=t%3Drv&timeoutSeconds=1"
        + "&allowWatchBookmarks=true&resourceVersion=" + listVersion, null);
    JsonNode added = stream.next();
    assertThat(added.path("type").asText()).isEqualTo("ADDED");
    assertThat(added.path("object").path("metadata").path("name").asText()).isEqualTo("after");
    JsonNode bookmark = stream.next();
    assertThat(bookmark.path("type").asText()).isEqualTo("BOOKMARK");
    assertThat(Long.parseLong(bookmark.path("object").path("metadata").path("resourceVersion").asText()))
        .isGreaterThanOrEqualTo(Long.parseLong(added.path("object").path("metadata").path("resourceVersion").asText()));
    assertThat(stream.next().path("type").asText()).as("the server ends the stream").isEqualTo("END");
    System.out.printf("HTTP watch with timeoutSeconds=1 ended after %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  @Test
  void watchFromAResourceVersionNoLongerKeptGetsAnExpiredErrorEventAndEnds() {
    WatchEvents events = new WatchEvents(3);
    for (int i = 1; i <= 5; i++) {
      events.publish(null, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c" + i
          + "\",\"namespace\":\"w\",\"resourceVersion\":\"" + i + "\"}}", () -> 0);
    }
    ApiResource configMaps = new ApiResource("", "v1", "configmaps", "ConfigMap", true, "w", null);
    List<String> chunks = new ArrayList<>();
    boolean[] ended = {false};
    HttpWatch.Sink sink = new HttpWatch.Sink() {
      @Override
      public void write(String chunk) {
        chunks.add(chunk);
      }

      @Override
      public void end() {
        ended[0] = true;
      }
    };
    new HttpWatch(configMaps, configMaps::holds, "1", Duration.ofMinutes(1), null, o -> o, events, List::of,
        "application/json").start(sink);
    assertThat(chunks).hasSize(1);
    JsonNode error = Store.read(chunks.get(0), JsonNode.class);
    assertThat(error.path("type").asText()).isEqualTo("ERROR");
    assertThat(error.path("object").path("code").asInt()).isEqualTo(410);
    assertThat(error.path("object").path("reason").asText()).isEqualTo("Expired");
    assertThat(error.path("object").path("message").asText()).isEqualTo("too old resource version: 1 (2)");
    assertThat(ended[0]).isTrue();
    assertThat(events.openWatches()).isZero();

    // From a version still kept: the later changes, in order, and the watch stays open.
    chunks.clear();
    HttpWatch kept = new HttpWatch(configMaps, configMaps::holds, "3", Duration.ofMinutes(1), null, o -> o, events,
        List::of, "application/json");
    kept.start(sink);
    assertThat(chunks).extracting(c -> Store.read(c, JsonNode.class).path("object").path("metadata").path("name")
        .asText()).containsExactly("c4", "c5");
    assertThat(events.openWatches()).isEqualTo(1);
    kept.stop();
    assertThat(events.openWatches()).isZero();
  }

  @Test
  void tableWatchSendsOneRowTablesWithTheKindsColumns() throws Exception {
    Stream stream = watch("/api/v1/namespaces/w/configmaps?watch=true&labelSelector=t%3Dtable",
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
    try {
      client.configMaps().inNamespace("w").resource(configMap("tabled", Map.of("t", "table"), "x")).create();
      JsonNode event = stream.next();
      assertThat(event.path("type").asText()).isEqualTo("ADDED");
      JsonNode table = event.path("object");
      assertThat(table.path("kind").asText()).isEqualTo("Table");
      assertThat(table.path("columnDefinitions").findValuesAsText("name")).containsExactly("Name", "Created At");
      assertThat(table.path("rows")).hasSize(1);
      assertThat(table.path("rows").get(0).path("cells").get(0).asText()).isEqualTo("tabled");
      assertThat(table.path("rows").get(0).path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    } finally {
      stream.close();
    }
  }

  @Test
  void fabric8WebSocketWatchKeepsWorking() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Watch ignored = client.configMaps().inNamespace("w").withLabel("t", "ws").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        seen.add(action + " " + resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      client.configMaps().inNamespace("w").resource(configMap("socket", Map.of("t", "ws"), "1")).create();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("ADDED socket"));
    }
  }

  /**
   * kube-apiserver's watch cache of a custom resource starts when its CRD is served: a watch from an earlier
   * resourceVersion is 410 Expired (the conformance suite's watch.too-old-resource-version), one from after it is not.
   */
  @Test
  void watchOfACustomResourceFromBeforeItsCrdGetsAnExpiredErrorEvent() throws Exception {
    var crd = new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder().withNewMetadata()
        .withName("gadgets.watch.example.com").endMetadata().withNewSpec().withGroup("watch.example.com")
        .withScope("Namespaced").withNewNames().withPlural("gadgets").withKind("Gadget").endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true).withNewSchema().withNewOpenAPIV3Schema()
        .withType("object").withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema().endVersion()
        .endSpec().build();
    String stored = client.apiextensions().v1().customResourceDefinitions().resource(crd).create().getMetadata()
        .getResourceVersion();
    Stream before = watch("/apis/watch.example.com/v1/namespaces/w/gadgets?watch=true&timeoutSeconds=1"
        + "&resourceVersion=1", null);
    JsonNode error = before.next();
    assertThat(error.path("type").asText()).isEqualTo("ERROR");
    assertThat(error.path("object").path("code").asInt()).isEqualTo(410);
    assertThat(error.path("object").path("reason").asText()).isEqualTo("Expired");
    assertThat(before.next().path("type").asText()).isEqualTo("END");

    Stream after = watch("/apis/watch.example.com/v1/namespaces/w/gadgets?watch=true&timeoutSeconds=1"
        + "&resourceVersion=" + stored, null);
    assertThat(after.next().path("type").asText()).as("no error from the CRD's own version").isEqualTo("END");
  }

  @Test
  void unknownResourceWatchIsNotFound() throws Exception {
    HttpResponse<String> response = http.send(SandboxHttp.asAdmin(cluster,
        "/api/v1/namespaces/w/nothings?watch=true").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(404);
  }
}
