package io.cutover.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.Ownership;
import io.cutover.cluster.NamespaceInventory;
import io.cutover.policy.ProtectedIdentities;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which identities of a namespace are in use, by what, and which are idle; in what order; and what never moves. */
class IdentityDiscoveryTest {
  static final String NS = "payments";
  static final ProtectedIdentities PROTECT = ProtectedIdentities.standard("cutover-system", null);

  @Test
  void anIdentityIsInUseByTheRunningPodsAndTheWorkloadsOfEveryKindThatNameIt() {
    var inv = new Inventory().sa("api", "batch", "idle")
        .pod(pod("api-1", spec("api", null), "Running"))
        .pod(pod("api-done", spec("api", null), "Succeeded"))
        .pod(pod("batch-old", spec("batch", null), "Failed"))
        .deployment(deployment("api", spec("api", null)))
        .statefulSet(statefulSet("db", spec("api", null)))
        .daemonSet(daemonSet("agent", spec("api", null)))
        .job(job("once", spec("batch", null)))
        .cronJob(cronJob("nightly", spec("batch", null)))
        .replicaSet(replicaSet("bare", spec("api", null), null))
        .replicaSet(replicaSet("api-7d9", spec("api", null), "Deployment"));

    var found = byName(IdentityDiscovery.discover(List.of(inv.build()), PROTECT));

    DiscoveredIdentity api = found.get("api");
    assertThat(api.inUse()).isTrue();
    assertThat(api.pods()).containsExactly(ObjectRef.of("Pod", NS, "api-1"));
    assertThat(api.workloads()).containsExactly(ObjectRef.of("DaemonSet", NS, "agent"),
        ObjectRef.of("Deployment", NS, "api"), ObjectRef.of("ReplicaSet", NS, "bare"),
        ObjectRef.of("StatefulSet", NS, "db"));
    DiscoveredIdentity batch = found.get("batch");
    assertThat(batch.inUse()).isTrue();
    assertThat(batch.pods()).as("a finished Pod runs as nobody").isEmpty();
    assertThat(batch.workloads()).containsExactly(ObjectRef.of("CronJob", NS, "nightly"), ObjectRef.of("Job", NS, "once"));
    assertThat(found.get("idle").idle()).isTrue();
    assertThat(found.get("idle").pods()).isEmpty();
    assertThat(found.get("idle").workloads()).isEmpty();
  }

  @Test
  void theDeprecatedServiceAccountFieldNamesTheIdentityOnlyWhenTheNameIsEmpty() {
    var inv = new Inventory().sa("legacy", "modern", "shadowed")
        .pod(pod("old-style", spec(null, "legacy"), "Running"))
        .deployment(deployment("both", spec("modern", "shadowed")))
        .job(job("empty-name", spec("", "legacy")));

    var found = byName(IdentityDiscovery.discover(List.of(inv.build()), PROTECT));

    assertThat(found.get("legacy").pods()).containsExactly(ObjectRef.of("Pod", NS, "old-style"));
    assertThat(found.get("legacy").workloads()).containsExactly(ObjectRef.of("Job", NS, "empty-name"));
    assertThat(found.get("modern").workloads()).containsExactly(ObjectRef.of("Deployment", NS, "both"));
    assertThat(found.get("shadowed").idle()).as("serviceAccountName wins over serviceAccount").isTrue();
  }

  @Test
  void aPodOrTemplateThatNamesNoServiceAccountRunsAsDefault() {
    var inv = new Inventory().sa("default", "other")
        .pod(pod("plain", spec(null, null), "Pending"))
        .cronJob(cronJob("no-sa", spec("", "")))
        .statefulSet(new StatefulSetBuilder().withNewMetadata().withName("no-template").endMetadata().build());

    var found = byName(IdentityDiscovery.discover(List.of(inv.build()), PROTECT));

    assertThat(found.get("default").pods()).containsExactly(ObjectRef.of("Pod", NS, "plain"));
    assertThat(found.get("default").workloads()).containsExactly(ObjectRef.of("CronJob", NS, "no-sa"),
        ObjectRef.of("StatefulSet", NS, "no-template"));
    assertThat(found.get("other").idle()).isTrue();
    assertThat(IdentityDiscovery.serviceAccountOf(null)).isEqualTo("default");
  }

  @Test
  void legacyTokensAreListedByNameWithTheirLastUsedDateAndDoNotMakeAnIdentityInUse() {
    var inv = new Inventory().sa("ci")
        .secret(legacy("ci-token", "ci", "2026-03-01"))
        .secret(legacy("ci-token-2", "ci", null))
        .secret(legacy("someone-elses", "other", "2026-05-01"))
        .secret(new SecretBuilder().withNewMetadata().withName("opaque")
            .withAnnotations(Map.of(Ownership.SA_NAME_ANNOTATION, "ci")).endMetadata().withType("Opaque").build());

    DiscoveredIdentity ci = IdentityDiscovery.discover(List.of(inv.build()), PROTECT).get(0);

    assertThat(ci.idle()).isTrue();
    assertThat(ci.legacyTokens()).containsExactly(new LegacyToken("ci-token", "2026-03-01"),
        new LegacyToken("ci-token-2", null));
    assertThat(ci.lastUsed()).hasValue(java.time.LocalDate.parse("2026-03-01"));
  }

  @Test
  void idleIdentitiesComeFirstThenTheOldestLastUseWithNeverUsedFirst() {
    var inv = new Inventory().sa("busy-old", "busy-new", "idle-recent", "idle-never", "idle-old", "idle-garbled")
        .pod(pod("p1", spec("busy-old", null), "Running"))
        .pod(pod("p2", spec("busy-new", null), "Running"))
        .secret(legacy("t1", "busy-old", "2025-01-01"))
        .secret(legacy("t2", "busy-new", "2026-06-01"))
        .secret(legacy("t3", "idle-recent", "2026-06-02"))
        .secret(legacy("t4", "idle-old", "2024-12-31"))
        .secret(legacy("t5", "idle-old", "2026-01-01"))
        .secret(legacy("t6", "idle-garbled", "yesterday"));

    var order = IdentityDiscovery.discover(List.of(inv.build()), PROTECT).stream().map(DiscoveredIdentity::name).toList();

    assertThat(order).as("an identity's last use is its latest token's; an unreadable date is never 'long ago'")
        .containsExactly("idle-never", "idle-old", "idle-recent", "idle-garbled", "busy-old", "busy-new");
  }

  @Test
  void theDefaultServiceAccountAndProtectedNamespacesAreMarkedNeverMoved() {
    var payments = new Inventory().sa("default", "api").build();
    var kubeSystem = new NamespaceInventory("source", "kube-system", List.of(sa("coredns")), List.of(), List.of(),
        List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    var found = IdentityDiscovery.discover(List.of(payments, kubeSystem), PROTECT);

    assertThat(found).extracting(d -> d.namespace() + "/" + d.name() + " " + d.movable())
        .containsExactly("kube-system/coredns false", "payments/api true", "payments/default false");
    assertThat(found.get(0).neverMoved()).contains("kube-system").contains("protected");
    assertThat(found.get(2).neverMoved()).contains("default ServiceAccount");
  }

  @Test
  void objectsWithoutNamesOrSpecsArePassedOverAndNothingOutsideTheListedAccountsAppears() {
    Pod nameless = new Pod();
    nameless.setSpec(spec("api", null));
    ServiceAccount noMeta = new ServiceAccount();
    Deployment empty = new Deployment();
    empty.setMetadata(new ObjectMeta());
    Secret bare = new Secret();
    bare.setType(Ownership.LEGACY_TOKEN_TYPE);
    var inv = new Inventory().sa("api").pod(nameless).pod(new Pod()).deployment(empty).secret(bare)
        .pod(pod("unknown", spec("not-listed", null), "Running"));
    inv.serviceAccounts.add(noMeta);
    inv.replicaSets.add(new ReplicaSet());
    inv.cronJobs.add(new CronJob());

    var found = IdentityDiscovery.discover(List.of(inv.build()), PROTECT);

    assertThat(found).singleElement().satisfies(d -> {
      assertThat(d.name()).isEqualTo("api");
      assertThat(d.idle()).isTrue();
    });
  }

  @Test
  void theResultHoldsNoSecretDataEvenWhenTheListsDid() {
    Secret full = new SecretBuilder(legacy("ci-token", "ci", "2026-03-01"))
        .withData(Map.of("token", "ZXlKaGJHY2lPaUpTVXpJMU5pSjkuc2VjcmV0")).build();
    var found = IdentityDiscovery.discover(List.of(new Inventory().sa("ci").secret(full).build()), PROTECT);

    assertThat(found.toString()).contains("ci-token").doesNotContain("ZXlKaGJHY2lPaUpTVXpJMU5pSjkuc2VjcmV0");
  }

  // ---- builders shared with IdentityDiscoveryPropertiesTest ----

  static Map<String, DiscoveredIdentity> byName(List<DiscoveredIdentity> found) {
    Map<String, DiscoveredIdentity> out = new java.util.LinkedHashMap<>();
    found.forEach(d -> out.put(d.name(), d));
    return out;
  }

  static PodSpec spec(String serviceAccountName, String serviceAccount) {
    return new PodSpecBuilder().withServiceAccountName(serviceAccountName).withServiceAccount(serviceAccount).build();
  }

  static PodTemplateSpec template(PodSpec spec) {
    return new PodTemplateSpecBuilder().withSpec(spec).build();
  }

  static ServiceAccount sa(String name) {
    return new ServiceAccountBuilder().withNewMetadata().withNamespace(NS).withName(name).endMetadata().build();
  }

  static Pod pod(String name, PodSpec spec, String phase) {
    return new PodBuilder().withNewMetadata().withNamespace(NS).withName(name).endMetadata().withSpec(spec)
        .withNewStatus().withPhase(phase).endStatus().build();
  }

  static Deployment deployment(String name, PodSpec spec) {
    return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
        .withTemplate(template(spec)).endSpec().build();
  }

  static StatefulSet statefulSet(String name, PodSpec spec) {
    return new StatefulSetBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
        .withTemplate(template(spec)).endSpec().build();
  }

  static DaemonSet daemonSet(String name, PodSpec spec) {
    return new DaemonSetBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
        .withTemplate(template(spec)).endSpec().build();
  }

  static Job job(String name, PodSpec spec) {
    return new JobBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
        .withTemplate(template(spec)).endSpec().build();
  }

  static CronJob cronJob(String name, PodSpec spec) {
    return new CronJobBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withSchedule("@daily")
        .withNewJobTemplate().withNewSpec().withTemplate(template(spec)).endSpec().endJobTemplate().endSpec().build();
  }

  static ReplicaSet replicaSet(String name, PodSpec spec, String ownerKind) {
    var b = new ReplicaSetBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
        .withTemplate(template(spec)).endSpec();
    if (ownerKind != null) {
      b.editMetadata().addNewOwnerReference().withKind(ownerKind).withName("owner").withApiVersion("apps/v1")
          .withController(true).withUid("u-1").endOwnerReference().endMetadata();
    }
    return b.build();
  }

  static Secret legacy(String name, String serviceAccount, String lastUsed) {
    var b = new SecretBuilder().withNewMetadata().withNamespace(NS).withName(name)
        .withAnnotations(Map.of(Ownership.SA_NAME_ANNOTATION, serviceAccount)).endMetadata()
        .withType(Ownership.LEGACY_TOKEN_TYPE);
    if (lastUsed != null) {
      b.editMetadata().withLabels(Map.of(Ownership.LEGACY_LAST_USED_LABEL, lastUsed)).endMetadata();
    }
    return b.build();
  }

  /** One namespace's lists, filled by the test. */
  static final class Inventory {
    final List<ServiceAccount> serviceAccounts = new ArrayList<>();
    final List<Pod> pods = new ArrayList<>();
    final List<Deployment> deployments = new ArrayList<>();
    final List<StatefulSet> statefulSets = new ArrayList<>();
    final List<DaemonSet> daemonSets = new ArrayList<>();
    final List<Job> jobs = new ArrayList<>();
    final List<CronJob> cronJobs = new ArrayList<>();
    final List<ReplicaSet> replicaSets = new ArrayList<>();
    final List<Secret> secrets = new ArrayList<>();

    Inventory sa(String... names) {
      for (String n : names) {
        serviceAccounts.add(IdentityDiscoveryTest.sa(n));
      }
      return this;
    }

    Inventory pod(Pod p) { pods.add(p); return this; }

    Inventory deployment(Deployment d) { deployments.add(d); return this; }

    Inventory statefulSet(StatefulSet s) { statefulSets.add(s); return this; }

    Inventory daemonSet(DaemonSet d) { daemonSets.add(d); return this; }

    Inventory job(Job j) { jobs.add(j); return this; }

    Inventory cronJob(CronJob c) { cronJobs.add(c); return this; }

    Inventory replicaSet(ReplicaSet r) { replicaSets.add(r); return this; }

    Inventory secret(Secret s) { secrets.add(s); return this; }

    /** The same objects, every list in another order. */
    Inventory shuffled(java.util.Random r) {
      Inventory out = new Inventory();
      for (var pair : List.of(List.of(serviceAccounts, out.serviceAccounts), List.of(pods, out.pods),
          List.of(deployments, out.deployments), List.of(statefulSets, out.statefulSets),
          List.of(daemonSets, out.daemonSets), List.of(jobs, out.jobs), List.of(cronJobs, out.cronJobs),
          List.of(replicaSets, out.replicaSets), List.of(secrets, out.secrets))) {
        copyShuffled(pair.get(0), pair.get(1), r);
      }
      return out;
    }

    @SuppressWarnings("unchecked")
    private static void copyShuffled(List<?> from, List<?> to, java.util.Random r) {
      List<Object> copy = new ArrayList<>(from);
      java.util.Collections.shuffle(copy, r);
      ((List<Object>) to).addAll(copy);
    }

    NamespaceInventory build() {
      return new NamespaceInventory("source", NS, serviceAccounts, pods, deployments, statefulSets, daemonSets, jobs,
          cronJobs, replicaSets, secrets);
    }
  }
}
