package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.cutover.sandbox.FaultInjector.Fault;
import io.cutover.sandbox.FaultInjector.Rule;
import io.cutover.testing.ReliabilityReport;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault layer answers as kube-apiserver does when things go wrong, by script and by seeded rate. */
class FaultInjectorTest {
  private static final String NS = "faults";
  private SandboxCluster cluster;
  private FaultInjector faults;

  @BeforeEach
  void start() {
    cluster = SandboxCluster.start("faulty");
    cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    faults = cluster.faults();
  }

  @AfterEach
  void stop() {
    ReliabilityReport.add(ReliabilityReport.Counter.FAULT_INJECTIONS, faults.injectedTotal());
    cluster.close();
  }

  private KubernetesClient client(int retries, int requestTimeoutMs) {
    Config config = cluster.config().withOauthToken(cluster.adminToken()).withNamespace(NS)
        .withRequestRetryBackoffLimit(retries).withRequestRetryBackoffInterval(50)
        .withRequestTimeout(requestTimeoutMs).build();
    return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
  }

  private static ConfigMap configMap(String name) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withData(Map.of("k", "v")).build();
  }

  @Test
  void aPostAnsweredWithAnErrorAfterItWasAppliedIsResentByFabric8AndAnsweredAlreadyExists() {
    faults.script(Rule.nth("POST", "/api/v1/namespaces/faults/configmaps", 1, Fault.ERROR_AFTER_APPLY));
    try (KubernetesClient client = client(3, 5_000)) {
      KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
          () -> client.configMaps().inNamespace(NS).resource(configMap("landed")).create());

      assertThat(e).as("the re-sent POST finds the object the first one created").isNotNull();
      assertThat(e.getCode()).isEqualTo(409);
      assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
      assertThat(client.configMaps().inNamespace(NS).withName("landed").get()).isNotNull();
    }
    assertThat(faults.injected()).containsEntry(Fault.ERROR_AFTER_APPLY, 1L);
  }

  @Test
  void theThirdTokenRequestAnswers500AfterItWasIssuedAndTheResentOneIssuesAnotherToken() {
    cluster.client().serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("app").endMetadata().build()).create();
    faults.script(Rule.nth("POST", ".*/serviceaccounts/[^/]+/token", 3, Fault.ERROR_AFTER_APPLY));
    List<String> tokens = new ArrayList<>();
    try (KubernetesClient client = client(3, 5_000)) {
      for (int i = 0; i < 4; i++) {
        tokens.add(client.serviceAccounts().inNamespace(NS).withName("app").tokenRequest(new TokenRequestBuilder()
            .withNewSpec().withAudiences("a").withExpirationSeconds(600L).endSpec().build()).getStatus().getToken());
      }
    }
    assertThat(faults.injected()).containsEntry(Fault.ERROR_AFTER_APPLY, 1L);
    assertThat(tokens).doesNotContainNull().doesNotHaveDuplicates().hasSize(4);
  }

  @Test
  void aDeleteAnsweredWithAnErrorAfterItWasAppliedIsResentAndAnswered404() {
    cluster.client().configMaps().inNamespace(NS).resource(configMap("doomed")).create();
    faults.script(Rule.nth("DELETE", ".*/configmaps/doomed", 1, Fault.ERROR_AFTER_APPLY));
    try (KubernetesClient client = client(3, 5_000)) {
      var deleted = client.configMaps().inNamespace(NS).withName("doomed").delete();

      assertThat(deleted).as("fabric8 reports a DELETE answered 404 as nothing deleted").isEmpty();
      assertThat(client.configMaps().inNamespace(NS).withName("doomed").get()).isNull();
    }
  }

  @Test
  void tooManyRequestsCarriesRetryAfterAndFabric8RetriesIt() throws Exception {
    cluster.client().configMaps().inNamespace(NS).resource(configMap("calm")).create();
    faults.script(new Rule("GET", java.util.regex.Pattern.compile(".*/configmaps/calm"), 1, 1, Fault.TOO_MANY_REQUESTS));
    var raw = SandboxHttp.client(cluster).send(SandboxHttp.asAdmin(cluster,
        "/api/v1/namespaces/" + NS + "/configmaps/calm").build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(raw.statusCode()).isEqualTo(429);
    assertThat(raw.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(raw.body()).contains("\"reason\":\"TooManyRequests\"");

    faults.script(new Rule("GET", java.util.regex.Pattern.compile(".*/configmaps/calm"), 1, 2, Fault.TOO_MANY_REQUESTS));
    try (KubernetesClient client = client(3, 5_000)) {
      assertThat(client.configMaps().inNamespace(NS).withName("calm").get()).isNotNull();
    }
    assertThat(faults.injected()).containsEntry(Fault.TOO_MANY_REQUESTS, 3L);
  }

  @Test
  void aConflictOnAnUpdateIsNotAppliedAndSaysTheObjectWasModified() {
    cluster.client().configMaps().inNamespace(NS).resource(configMap("contested")).create();
    faults.script(Rule.nth("PUT", ".*/configmaps/contested", 1, Fault.CONFLICT));
    try (KubernetesClient client = client(3, 5_000)) {
      ConfigMap current = client.configMaps().inNamespace(NS).withName("contested").get();
      current.setData(Map.of("k", "changed"));
      KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
          () -> client.resource(current).update());

      assertThat(e.getCode()).as("409 is not retried by the client").isEqualTo(409);
      assertThat(e.getStatus().getMessage()).contains("the object has been modified");
      assertThat(client.configMaps().inNamespace(NS).withName("contested").get().getData()).containsEntry("k", "v");
    }
  }

  @Test
  void aWriteAnsweredAfterTheClientsTimeoutLandedAndTheResentOneConflicts() {
    faults.delays(Duration.ofMillis(100), Duration.ofMillis(1_500), Duration.ofSeconds(1))
        .script(Rule.nth("POST", "/api/v1/namespaces/faults/configmaps", 1, Fault.TIMEOUT));
    try (KubernetesClient client = client(1, 400)) {
      KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
          () -> client.configMaps().inNamespace(NS).resource(configMap("late")).create());
      assertThat(e).isNotNull();
      assertThat(e.getCode()).as("the second attempt finds the first one's object").isEqualTo(409);
    }
    assertThat(cluster.client().configMaps().inNamespace(NS).withName("late").get()).isNotNull();
  }

  @Test
  void aSlowAnswerArrivesAfterTheConfiguredDelay() {
    faults.delays(Duration.ofMillis(600), Duration.ofSeconds(2), Duration.ofSeconds(1))
        .script(Rule.nth("GET", "/api/v1/namespaces/faults", 1, Fault.SLOW));
    long start = System.nanoTime();
    assertThat(cluster.client().namespaces().withName(NS).get()).isNotNull();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(550));
  }

  @Test
  void theSameSeedInjectsTheSameFaultsAtTheRequestedRate() {
    List<Integer> first = codesAtRate(42);
    List<Integer> second = codesAtRate(42);
    List<Integer> other = codesAtRate(7);

    assertThat(second).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    long failed = first.stream().filter(c -> c != 200).count();
    assertThat(failed).as("about 20% of 400 GETs").isBetween(50L, 110L);
    assertThat(first).as("only faults that apply to a GET").allMatch(c -> Set.of(200, 500, 503, 429).contains(c));
  }

  private List<Integer> codesAtRate(long seed) {
    faults.atRate(0.2, seed, Set.of(Fault.INTERNAL_ERROR, Fault.UNAVAILABLE, Fault.TOO_MANY_REQUESTS, Fault.CONFLICT,
        Fault.ERROR_AFTER_APPLY, Fault.DROP_WATCH));
    List<Integer> codes = new ArrayList<>();
    try (KubernetesClient client = client(0, 5_000)) {
      for (int i = 0; i < 400; i++) {
        try {
          client.namespaces().withName(NS).get();
          codes.add(200);
        } catch (KubernetesClientException e) {
          codes.add(e.getCode());
        }
      }
    } finally {
      faults.off();
    }
    return codes;
  }

  @Test
  void anInformerWhoseWatchIsDroppedReListsAndSeesWhatChangedMeanwhile() {
    faults.delays(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMillis(300))
        .script(new Rule("GET", java.util.regex.Pattern.compile(".*/configmaps"), 1, 3, Fault.DROP_WATCH));
    List<String> seen = new CopyOnWriteArrayList<>();
    try (KubernetesClient client = client(3, 5_000)) {
      SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace(NS).inform(new ResourceEventHandler<>() {
        @Override
        public void onAdd(ConfigMap obj) {
          seen.add(obj.getMetadata().getName());
        }

        @Override
        public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
        }

        @Override
        public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
        }
      });
      try {
        await().atMost(Duration.ofSeconds(10)).until(() -> faults.injected().getOrDefault(Fault.DROP_WATCH, 0L) >= 3);
        for (int i = 0; i < 5; i++) {
          cluster.client().configMaps().inNamespace(NS).resource(configMap("after-drop-" + i)).create();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.containsAll(
            List.of("after-drop-0", "after-drop-1", "after-drop-2", "after-drop-3", "after-drop-4")));
        // Watching again, eventually: at one instant it may be between a dropped watch and its re-list (flaky in CI
        // when asserted at once on a loaded machine).
        await().atMost(Duration.ofSeconds(10)).until(informer::isWatching);
      } finally {
        informer.close();
      }
    }
  }
}
