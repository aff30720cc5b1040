package io.cutover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.api.v1alpha1.ClusterRef;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.CutoverSpec;
import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.SecretKeyRef;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationWave;
import io.cutover.api.v1alpha1.UserRef;
import io.cutover.api.v1alpha1.WaveAttention;
import io.cutover.api.v1alpha1.WaveSource;
import io.cutover.api.v1alpha1.WaveSpec;
import io.cutover.api.v1alpha1.WaveStatus.WavePhase;
import io.cutover.api.v1alpha1.WaveTarget;
import io.cutover.e2e.E2eEnvironment.Identity;
import io.cutover.sandbox.FaultInjector;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A wave on the sandbox with the real operator: its members are real migrations driven to their end; the budget is
 * asserted from a watch of every member change; a broken target rolls back one member alone; a wave-level rollback
 * reaches every member in flight; a requester without the policy gets no member; a wave the operator cannot read
 * stops nothing.
 */
class WaveEndToEndTest extends EndToEndTest {
  static final String NS = E2eEnvironment.NS;
  static final Duration WAVE_TIMEOUT = Duration.ofSeconds(120);

  @Test
  void aWaveOverTwoNamespacesCompletesEveryMemberAndNeverHasMoreThanMaxInFlightInFlight() {
    List<Identity> ids = List.of(env.seedIdentity("wave-a", "orders-api"), env.seedIdentity("wave-a", "billing-api"),
        env.seedIdentity("wave-a", "audit-api"), env.seedIdentity("wave-b", "ledger-api"),
        env.seedIdentity("wave-b", "reports-api"));
    try (MemberWatch watch = MemberWatch.of("move-ab")) {
      create(wave("move-ab", List.of("wave-a", "wave-b"), w -> w.setMaxInFlight(2)));

      ServiceAccountMigrationWave done = awaitWave("move-ab", WavePhase.Completed);
      assertThat(done.getStatus().getMembers()).isEqualTo(ids.size());
      assertThat(done.getStatus().getSelected()).as("every ServiceAccount but each namespace's default").isEqualTo(5);
      assertThat(done.getStatus().getCompleted()).isEqualTo(5);
      assertThat(done.getStatus().getPhases()).isEqualTo(Map.of("Completed", 5));
      assertThat(done.getStatus().getAttention()).isEmpty();
      assertThat(ready(done)).isEqualTo("True");
      assertThat(done.getStatus().getObservedGeneration()).isEqualTo(done.getMetadata().getGeneration());

      List<ServiceAccountMigration> members = members("move-ab");
      assertThat(members).extracting(m -> m.getSpec().getSource().getNamespace() + "/"
          + m.getSpec().getSource().getServiceAccount()).containsExactlyInAnyOrder(ids.stream()
          .map(i -> i.namespace() + "/" + i.serviceAccount()).toArray(String[]::new));
      assertThat(members).allSatisfy(m -> {
        assertThat(m.getStatus().getPhase()).isEqualTo(Phase.Completed);
        assertThat(m.getMetadata().getName()).startsWith("move-ab-").hasSizeLessThanOrEqualTo(63);
        assertThat(m.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
          assertThat(o.getKind()).isEqualTo("ServiceAccountMigrationWave");
          assertThat(o.getUid()).isEqualTo(done.getMetadata().getUid());
          assertThat(o.getController()).isTrue();
        });
        assertThat(m.getSpec().getPolicy()).isEqualTo(E2eEnvironment.POLICY);
        assertThat(m.getSpec().getRequester().getUsername()).isEqualTo(E2eEnvironment.REQUESTER);
      });
      assertThat(watch.events.get()).as("the watch saw the members change").isGreaterThan(10);
      assertThat(watch.maxNonFinal.get()).as("members not in a final phase at once, at every change the watch saw")
          .isEqualTo(2);
      for (Identity id : ids) {
        assertThat(env.target.serviceAccounts().inNamespace(id.namespace()).withName(id.serviceAccount()).get())
            .as("moved " + id.namespace() + "/" + id.serviceAccount()).isNotNull();
      }
    }
  }

  @Test
  void aMemberWhoseTargetIsBrokenRollsBackAloneWhileTheOthersComplete() {
    env.seedIdentity("wave-broken", "orders-api");
    env.seedIdentity("wave-broken", "billing-api");
    env.seedIdentity("wave-broken", "audit-api");
    // The target refuses every token for billing-api: its target identity can never be proven.
    env.sandbox.target().faults().script(new FaultInjector.Rule("POST",
        Pattern.compile("/api/v1/namespaces/wave-broken/serviceaccounts/billing-api/token"), 1, 1_000_000,
        FaultInjector.Fault.INTERNAL_ERROR));
    create(wave("broken", List.of("wave-broken"), w -> {
      w.setMaxInFlight(3);
      w.getDualRun().setWindow("6s");
      w.getDualRun().setOnDeadline(DualRunSpec.OnDeadline.Rollback);
      // Approved for the whole wave: the members that prove cut over at once; the broken one reaches its deadline.
      w.setApproved(true);
      w.setApprovedBy(E2eEnvironment.requester());
    }));

    ServiceAccountMigrationWave finished = awaitWave("broken", WavePhase.Finished);
    assertThat(finished.getStatus().getPhases()).isEqualTo(Map.of("Completed", 2, "RolledBack", 1));
    assertThat(finished.getStatus().getAttention()).singleElement().satisfies(a -> {
      assertThat(a.identity()).isEqualTo("wave-broken/billing-api");
      assertThat(a.reason()).isEqualTo("RolledBack");
      assertThat(a.phase()).isEqualTo(Phase.RolledBack);
      assertThat(a.message()).startsWith(Conditions.Reason.DEADLINE_ROLLBACK);
    });
    assertThat(ready(finished)).isEqualTo("False");
    assertThat(members("broken")).allSatisfy(m -> assertThat(m.getSpec().getCutover().isApproved())
        .as("approval reached every member").isTrue());
    assertThat(env.target.serviceAccounts().inNamespace("wave-broken").withName("billing-api").get())
        .as("the broken member's target identity was rolled back").isNull();
    assertThat(env.target.serviceAccounts().inNamespace("wave-broken").withName("orders-api").get()).isNotNull();
    assertThat(env.source.serviceAccounts().inNamespace("wave-broken").withName("billing-api").get())
        .as("the source of the rolled back member is untouched").isNotNull();
  }

  @Test
  void aWaveRollbackRollsBackEveryMemberNotYetFinal() {
    env.seedIdentity("wave-rollback", "orders-api");
    env.seedIdentity("wave-rollback", "billing-api");
    env.seedIdentity("wave-rollback", "audit-api");
    create(wave("undo", List.of("wave-rollback"), w -> {
      w.setMaxInFlight(2);
      w.getDualRun().setWindow("10m");
    }));
    await("two members in DualRun").atMost(WAVE_TIMEOUT).pollInterval(Duration.ofMillis(100))
        .until(() -> members("undo").stream().filter(m -> m.getStatus() != null
            && m.getStatus().getPhase() == Phase.DualRun).count() == 2);

    env.control.resources(ServiceAccountMigrationWave.class).inNamespace(NS).withName("undo")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"rollback\":true}}");

    ServiceAccountMigrationWave finished = awaitWave("undo", WavePhase.Finished);
    assertThat(members("undo")).as("the third identity is never started").hasSize(2)
        .allSatisfy(m -> {
          assertThat(m.getStatus().getPhase()).isEqualTo(Phase.RolledBack);
          assertThat(m.getSpec().isRollback()).isTrue();
        });
    assertThat(finished.getStatus().getPhases()).isEqualTo(Map.of("RolledBack", 2));
    assertThat(finished.getStatus().getAttention()).extracting(WaveAttention::reason).containsOnly("RolledBack");
    assertThat(env.target.serviceAccounts().inNamespace("wave-rollback").list().getItems())
        .extracting(s -> s.getMetadata().getName()).doesNotContain("orders-api", "billing-api", "audit-api");
  }

  @Test
  void aWaveWhoseRequesterMayNotUseThePolicyCreatesNoMember() {
    env.seedIdentity("wave-denied", "orders-api");
    env.seedIdentity("wave-denied", "billing-api");
    UserRef stranger = new UserRef();
    stranger.setUsername("stranger");
    create(wave("denied", List.of("wave-denied"), w -> w.setRequester(stranger)));

    ServiceAccountMigrationWave blocked = await("denied: both identities refused").atMost(WAVE_TIMEOUT)
        .pollInterval(Duration.ofMillis(100)).until(() -> getWave("denied"),
            w -> w != null && w.getStatus() != null && w.getStatus().getNeedAttention() != null
                && w.getStatus().getNeedAttention() == 2);
    assertThat(blocked.getStatus().getAttention()).allSatisfy(a -> {
      assertThat(a.reason()).isEqualTo("NotPermitted");
      assertThat(a.member()).isNull();
      assertThat(a.message()).contains("stranger may not use migrationpolicies.cutover.io " + E2eEnvironment.POLICY);
    });
    assertThat(blocked.getStatus().getPhase()).isEqualTo(WavePhase.Blocked);
    assertThat(blocked.getStatus().getConditions()).singleElement()
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("NotPermitted"));
    await("no member, for a while").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> members("denied").isEmpty());
  }

  static final ResourceDefinitionContext SAW = new ResourceDefinitionContext.Builder().withGroup("cutover.io")
      .withVersion("v1alpha1").withKind("ServiceAccountMigrationWave").withPlural("serviceaccountmigrationwaves")
      .withNamespaced(true).build();

  @Test
  void aWaveTheOperatorCannotReadIsBlockedNamingTheFieldAndOtherWavesComplete() {
    env.seedIdentity("wave-bad", "orders-api");
    env.seedIdentity("wave-good", "orders-api");
    env.sandbox.control().admission(false);
    try {
      for (var bad : List.of(rawWave("bad-type", Map.of("maxInFlight", "many")),
          rawWave("bad-enum", Map.of("windowMode", "Sometimes")),
          rawWave("bad-source", Map.of("source", "wave-bad")))) {
        env.control.genericKubernetesResources(SAW).inNamespace(NS).resource(bad).create();
      }
      GenericKubernetesResource noSpec = new GenericKubernetesResource();
      noSpec.setApiVersion("cutover.io/v1alpha1");
      noSpec.setKind("ServiceAccountMigrationWave");
      noSpec.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
      noSpec.getMetadata().setName("no-spec");
      noSpec.getMetadata().setNamespace(NS);
      env.control.genericKubernetesResources(SAW).inNamespace(NS).resource(noSpec).create();
    } finally {
      env.sandbox.control().admission(true);
    }
    // Admitted (a map's keys cannot be checked by a CEL rule within kube-apiserver's cost budget), refused by the operator.
    create(wave("bad-mapping", List.of("wave-bad"), w -> w.getTarget().setNamespaces(Map.of("Not_A_Label", "fine"))));
    create(wave("good", List.of("wave-good"), w -> { }));

    awaitWave("good", WavePhase.Completed);
    for (String name : List.of("bad-type", "bad-enum", "bad-source", "no-spec", "bad-mapping")) {
      ServiceAccountMigrationWave bad = awaitWave(name, WavePhase.Blocked);
      assertThat(bad.getStatus().getConditions()).singleElement().satisfies(c -> {
        assertThat(c.getReason()).isEqualTo("InvalidSpec");
        assertThat(c.getStatus()).isEqualTo("False");
      });
      assertThat(members(name)).as(name + ": no member").isEmpty();
    }
    assertThat(getWave("bad-type").getStatus().getConditions().get(0).getMessage()).contains("spec.maxInFlight");
    assertThat(getWave("bad-enum").getStatus().getConditions().get(0).getMessage()).contains("spec.windowMode");
    assertThat(getWave("bad-mapping").getStatus().getConditions().get(0).getMessage()).contains("spec.target.namespaces");
  }

  // ---------------------------------------------------------------- helpers

  /** A wave of the e2e policy and requester from the sandbox's source to its target; 2 s windows, automatic cutover. */
  static ServiceAccountMigrationWave wave(String name, List<String> namespaces, Consumer<WaveSpec> customize) {
    ServiceAccountMigrationWave wave = new ServiceAccountMigrationWave();
    wave.getMetadata().setName(name);
    wave.getMetadata().setNamespace(NS);
    WaveSpec spec = new WaveSpec();
    spec.setPolicy(E2eEnvironment.POLICY);
    spec.setRequester(E2eEnvironment.requester());
    WaveSource source = new WaveSource();
    source.setCluster(new ClusterRef("source", new SecretKeyRef("source-kubeconfig", "kubeconfig")));
    source.setNamespaces(new java.util.ArrayList<>(namespaces));
    spec.setSource(source);
    WaveTarget target = new WaveTarget();
    target.setCluster(new ClusterRef("target", new SecretKeyRef("target-kubeconfig", "kubeconfig")));
    spec.setTarget(target);
    spec.getTokens().setAudiences(List.of(E2eEnvironment.AUDIENCE));
    spec.getTokens().setExpirationSeconds(3600L);
    spec.getDualRun().setWindow("2s");
    spec.getDualRun().setOnDeadline(DualRunSpec.OnDeadline.Cutover);
    spec.getCutover().setApproval(CutoverSpec.Approval.Automatic);
    customize.accept(spec);
    wave.setSpec(spec);
    return wave;
  }

  /** A wave as JSON with {@code override} replacing spec fields: what the CRD's admission would refuse. */
  static GenericKubernetesResource rawWave(String name, Map<String, Object> override) {
    var json = env.control.getKubernetesSerialization();
    GenericKubernetesResource raw = json.unmarshal(json.asJson(wave(name, List.of("wave-bad"), w -> { })),
        GenericKubernetesResource.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) raw.getAdditionalProperties().get("spec");
    spec.putAll(override);
    return raw;
  }

  static void create(ServiceAccountMigrationWave wave) {
    env.control.resources(ServiceAccountMigrationWave.class).inNamespace(NS).resource(wave).create();
  }

  static ServiceAccountMigrationWave getWave(String name) {
    return env.control.resources(ServiceAccountMigrationWave.class).inNamespace(NS).withName(name).get();
  }

  static ServiceAccountMigrationWave awaitWave(String name, WavePhase phase) {
    return await(name + ": phase " + phase).atMost(WAVE_TIMEOUT).pollInterval(Duration.ofMillis(100))
        .until(() -> getWave(name), w -> w != null && w.getStatus() != null && w.getStatus().getPhase() == phase);
  }

  static List<ServiceAccountMigration> members(String wave) {
    return env.control.resources(ServiceAccountMigration.class).inNamespace(NS)
        .withLabel(ServiceAccountMigrationWave.WAVE_LABEL, wave).list().getItems();
  }

  static String ready(ServiceAccountMigrationWave wave) {
    return wave.getStatus().getConditions().stream().filter(c -> Conditions.READY.equals(c.getType())).findFirst()
        .orElseThrow().getStatus();
  }

  /** Every change of a wave's members, as the watch delivers them: the most not in a final phase at once. */
  static final class MemberWatch implements AutoCloseable {
    final Map<String, Phase> phases = new ConcurrentHashMap<>();
    final AtomicInteger maxNonFinal = new AtomicInteger();
    final AtomicInteger events = new AtomicInteger();
    private Watch watch;

    static MemberWatch of(String wave) {
      MemberWatch w = new MemberWatch();
      w.watch = env.control.resources(ServiceAccountMigration.class).inNamespace(NS)
          .withLabel(ServiceAccountMigrationWave.WAVE_LABEL, wave).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ServiceAccountMigration m) {
              w.seen(action, m);
            }

            @Override
            public void onClose(WatcherException cause) {}
          });
      return w;
    }

    private synchronized void seen(Watcher.Action action, ServiceAccountMigration m) {
      events.incrementAndGet();
      if (action == Watcher.Action.DELETED) {
        phases.remove(m.getMetadata().getName());
      } else {
        phases.put(m.getMetadata().getName(), m.getStatus() == null || m.getStatus().getPhase() == null
            ? Phase.Pending : m.getStatus().getPhase());
      }
      Predicate<Phase> nonFinal = p -> !p.isTerminal();
      int now = (int) phases.values().stream().filter(nonFinal).count();
      maxNonFinal.accumulateAndGet(now, Math::max);
    }

    @Override
    public void close() {
      watch.close();
    }
  }
}
