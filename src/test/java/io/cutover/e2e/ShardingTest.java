package io.cutover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.config.CutoverOperator;
import io.cutover.config.Shard;
import io.cutover.e2e.E2eEnvironment.Identity;
import io.cutover.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 item 5: two operators on one control cluster, each given a label selector and its own Lease, each with
 * leader election on. Each completes its own shard's migration and leaves every trace of having done so — finalizer,
 * status, events with its replica as reportingInstance, metric series — on that migration alone; an unlabelled
 * migration is touched by neither (its resourceVersion never moves) until a label gives it to a shard, and a
 * relabelled one moves from one shard to the other.
 */
class ShardingTest {
  private static final String KEY = "cutover.io/shard";
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration RENEW = Duration.ofSeconds(2);
  private static final Duration RETRY = Duration.ofMillis(500);

  @TempDir
  Path dir;

  private static CutoverOperator shard(KubernetesClient client, String name) {
    var options = new CutoverOperator.Options(Set.of(), Sandbox.OPERATOR_NAMESPACE, 4, false)
        .withShard(new Shard(name, KEY + "=" + name));
    return CutoverOperator.start(client, Clock.systemUTC(), options,
        new CutoverOperator.LeaderElection("shard-" + name + "-0", LEASE, RENEW, RETRY));
  }

  private static Lease lease(KubernetesClient control, String name) {
    return control.leases().inNamespace(Sandbox.OPERATOR_NAMESPACE).withName(name).get();
  }

  private static ServiceAccountMigration labelled(ServiceAccountMigration sam, String shard) {
    sam.getMetadata().setLabels(Map.of(KEY, shard, "app.kubernetes.io/part-of", "sharding-test"));
    return sam;
  }

  private static List<Event> eventsOf(E2eEnvironment env, String migration) {
    return env.control.events().v1().events().inNamespace(E2eEnvironment.NS).list().getItems().stream()
        .filter(e -> e.getRegarding() != null && migration.equals(e.getRegarding().getName())).toList();
  }

  private static Object targetServiceAccount(E2eEnvironment env, Identity id) {
    return env.target.serviceAccounts().inNamespace(id.namespace()).withName(id.serviceAccount()).get();
  }

  @Test
  void twoShardsEachCompleteTheirOwnMigrationAndNeitherTouchesAnUnlabelledOne() {
    try (E2eEnvironment env = E2eEnvironment.startWithoutOperator(dir);
        KubernetesClient clientA = E2eEnvironment.productionClient(env.sandbox.control());
        KubernetesClient clientB = E2eEnvironment.productionClient(env.sandbox.control())) {
      Identity idA = env.seedIdentity("shard-a", "orders-api");
      Identity idB = env.seedIdentity("shard-b", "billing-api");
      Identity idNone = env.seedIdentity("shard-none", "search-api");
      // Created before the operators start: both informers' first lists would hold it, were it selected.
      ServiceAccountMigration none = env.create(env.migration("mig-none", idNone, s -> s.getDualRun().setWindow("1s")));
      String noneVersion = none.getMetadata().getResourceVersion();

      try (CutoverOperator a = shard(clientA, "a"); CutoverOperator b = shard(clientB, "b")) {
        env.create(labelled(env.migration("mig-a", idA, s -> s.getDualRun().setWindow("1s")), "a"));
        env.create(labelled(env.migration("mig-b", idB, s -> s.getDualRun().setWindow("1s")), "b"));

        ServiceAccountMigration doneA = env.awaitPhase("mig-a", Phase.Completed);
        ServiceAccountMigration doneB = env.awaitPhase("mig-b", Phase.Completed);
        assertThat(targetServiceAccount(env, idA)).as("mig-a moved the identity").isNotNull();
        assertThat(targetServiceAccount(env, idB)).as("mig-b moved the identity").isNotNull();
        assertThat(env.sourceServiceAccount(idA)).as("mig-a revoked the source").isNull();
        assertThat(doneA.getMetadata().getFinalizers()).as("shard a's finalizer").isNotEmpty();
        assertThat(doneB.getMetadata().getFinalizers()).as("shard b's finalizer").isNotEmpty();

        // Each shard holds its own Lease; none waits on the unsharded one.
        assertThat(lease(env.control, "cutover-operator-a").getSpec().getHolderIdentity()).isEqualTo("shard-a-0");
        assertThat(lease(env.control, "cutover-operator-b").getSpec().getHolderIdentity()).isEqualTo("shard-b-0");
        assertThat(lease(env.control, CutoverOperator.LEASE_NAME)).as("the unsharded Lease").isNull();
        assertThat(a.metrics().scrape()).contains("\ncutover_leader 1.0\n");
        assertThat(b.metrics().scrape()).contains("\ncutover_leader 1.0\n");

        // Every event on a shard's migration was written by that shard's replica.
        assertThat(eventsOf(env, "mig-a")).isNotEmpty().extracting(Event::getReportingInstance).containsOnly("shard-a-0");
        assertThat(eventsOf(env, "mig-b")).isNotEmpty().extracting(Event::getReportingInstance).containsOnly("shard-b-0");

        // Metric series: each shard's migration in its own operator's metrics only.
        String scrapeA = a.metrics().scrape();
        String scrapeB = b.metrics().scrape();
        assertThat(scrapeA).contains("name=\"mig-a\"").doesNotContain("name=\"mig-b\"", "name=\"mig-none\"");
        assertThat(scrapeB).contains("name=\"mig-b\"").doesNotContain("name=\"mig-a\"", "name=\"mig-none\"");

        // The unlabelled migration: no write at all (no finalizer, no status), no event, in the time both shards
        // listed it and finished two migrations.
        ServiceAccountMigration untouched = env.get("mig-none");
        assertThat(untouched.getMetadata().getResourceVersion()).as("nothing wrote mig-none").isEqualTo(noneVersion);
        assertThat(untouched.getMetadata().getFinalizers()).isNullOrEmpty();
        assertThat(untouched.getStatus() == null ? null : untouched.getStatus().getPhase()).as("no status written")
            .isNull();
        assertThat(eventsOf(env, "mig-none")).isEmpty();
        assertThat(targetServiceAccount(env, idNone)).as("mig-none's identity not moved").isNull();
        assertThat(env.sourceServiceAccount(idNone)).as("mig-none's source not revoked").isNotNull();

        // It was untouched for its label alone: labelled b, shard b takes it and completes it, shard a still never
        // writes to it.
        env.mergePatch("mig-none", "{\"metadata\":{\"labels\":{\"" + KEY + "\":\"b\"}}}");
        env.awaitPhase("mig-none", Phase.Completed);
        assertThat(eventsOf(env, "mig-none")).isNotEmpty().extracting(Event::getReportingInstance)
            .containsOnly("shard-b-0");
        await("shard b's series of mig-none").atMost(E2eEnvironment.TIMEOUT)
            .until(() -> b.metrics().scrape().contains("name=\"mig-none\""));
        assertThat(a.metrics().scrape()).doesNotContain("name=\"mig-b\"", "name=\"mig-none\"");

        // Relabelled from a to b: shard a's informer sees it leave and drops its series; shard b takes it over.
        env.mergePatch("mig-a", "{\"metadata\":{\"labels\":{\"" + KEY + "\":\"b\"}}}");
        await("shard a forgets mig-a").atMost(E2eEnvironment.TIMEOUT)
            .until(() -> !a.metrics().scrape().contains("name=\"mig-a\""));
        await("shard b's series of mig-a").atMost(E2eEnvironment.TIMEOUT)
            .until(() -> b.metrics().scrape().contains("name=\"mig-a\""));
        ServiceAccountMigration moved = env.get("mig-a");
        assertThat(moved.getStatus().getPhase()).isEqualTo(Phase.Completed);
        assertThat(moved.getMetadata().getFinalizers()).as("leaving a shard runs no cleanup").isNotEmpty();
      }
    }
  }
}
