package io.cutover.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The interceptor counts real requests by role, verb and code, and a request that got no answer as {@code <error>}. */
class ApiRequestCounterTest {
  static KubernetesClient instrumented(Config config, CutoverMetrics metrics, String role) {
    return new KubernetesClientBuilder().withConfig(config)
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor(ApiRequestCounter.NAME, new ApiRequestCounter(metrics, role)))
        .build();
  }

  @Test
  void requestsAreCountedByRoleVerbAndCode() {
    CutoverMetrics metrics = new CutoverMetrics();
    try (SandboxCluster cluster = SandboxCluster.start("counted");
        KubernetesClient client = instrumented(cluster.client().getConfiguration(), metrics, ApiRequestCounter.SOURCE)) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("a").endMetadata().build()).create();
      assertThat(client.secrets().inNamespace("a").withName("missing").get()).isNull();
      client.secrets().inNamespace("a").list();
      client.secrets().inNamespace("a").list();
      client.namespaces().withName("a").delete();
    }
    Exposition e = Exposition.parse(metrics.scrape());
    String name = "cutover_kubernetes_api_requests_total";
    assertThat(e.sum(name, Map.of("cluster_role", "source", "verb", "create", "code", "201"))).isEqualTo(1);
    assertThat(e.sum(name, Map.of("cluster_role", "source", "verb", "get", "code", "404"))).isEqualTo(1);
    assertThat(e.sum(name, Map.of("cluster_role", "source", "verb", "list", "code", "200"))).isEqualTo(2);
    assertThat(e.sum(name, Map.of("cluster_role", "source", "verb", "delete", "code", "200"))).isEqualTo(1);
    assertThat(e.sum(name, Map.of())).isEqualTo(5);
  }

  /**
   * fabric8 7.5.2 calls the interceptor's connection-failure hook from its retry decision only, so this holds for
   * clients that retry (the operator's control client); the source/target clients do not retry (their failures are
   * step errors with reason ClusterUnreachable) — see docs/metrics.md.
   */
  @Test
  void aRequestWithoutAnswerIsCountedAsErrorByARetryingClient() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    CutoverMetrics metrics = new CutoverMetrics();
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port)
        .withRequestRetryBackoffLimit(1).withRequestRetryBackoffInterval(10).withConnectionTimeout(2000).build();
    try (KubernetesClient client = instrumented(config, metrics, ApiRequestCounter.TARGET)) {
      assertThatThrownBy(() -> client.secrets().inNamespace("a").withName("s").get()).isNotNull();
    }
    assertThat(Exposition.parse(metrics.scrape()).sum("cutover_kubernetes_api_requests_total",
        Map.of("cluster_role", "target", "verb", "get", "code", "<error>"))).isPositive();
  }
}
