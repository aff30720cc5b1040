package io.cutover.bench;

import io.cutover.api.v1alpha1.Ownership;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.plan.Identities;
import io.cutover.plan.Planner;
import io.cutover.api.v1alpha1.MigrationPolicy;
import io.cutover.sandbox.Sandbox;
import io.cutover.sandbox.SandboxPolicies;
import io.cutover.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The benchmark: starts the clusters (control, source, target: the sandbox's, or real control planes with
 * {@link ClusterMode#REAL}, {@link BenchClusters}), seeds N identities on the source (each a
 * ServiceAccount with a legacy token Secret, a Role, a RoleBinding and a Pod), starts the operator — as its own
 * process ({@link OperatorProcess}, the default) or in this JVM ({@link InProcessOperator}) — applies N migrations
 * and waits until each is in a final phase; then reports what it measured ({@link BenchReport}).
 *
 * <p>Requests are counted at the clusters' servers either way (the sandbox's counters, the real API servers' audit
 * logs). In process mode the operator's heap, resident set,
 * CPU and start-up are its own, measured from outside; in-process they are this JVM's (sandbox included), and the
 * operator's own share is estimated as the heap it keeps reachable ({@link BenchReport.OperatorFigures}).
 */
public final class Bench {
  /** The benchmark's own clients say so, and their requests are left out of the operator's counts. */
  public static final String USER_AGENT = "cutover-bench";
  static final String AUDIENCE = "vault.target.example";
  static final int PER_NAMESPACE = 100;
  private static final String TEMPLATE = "/examples/payments-api-migration.yaml";
  private static final double MIB = 1024.0 * 1024.0;
  /** The benchmark's MigrationPolicy, granted to the template's requester: the bench namespaces, the audience. */
  static final String POLICY = "bench";
  /** The longest wait for the operator's process to be ready (JVM start, informers synced). */
  static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

  private final BenchOptions options;
  private final PrintStream log;
  /** Burst mode's shared deadline, this long after the first migration is applied ({@link Burst}); null: off. */
  private final Duration burst;

  public Bench(BenchOptions options, PrintStream log) {
    this(options, null, log);
  }

  public Bench(BenchOptions options, Duration burst, PrintStream log) {
    this.options = options;
    this.log = log;
    this.burst = burst;
  }

  public BenchReport run() throws Exception {
    Path dir = Files.createTempDirectory("cutover-bench-");
    if (burst != null && options.clusters() != ClusterMode.SANDBOX) {
      throw new IllegalArgumentException("--burst runs on the sandbox only: the revocation is counted at the sandbox's"
          + " source server as it happens");
    }
    try (BenchClusters clusters = options.clusters() == ClusterMode.REAL ? RealClusters.start(dir)
        : SandboxClusters.start(dir);
        MemorySampler memory = new MemorySampler(20);
        Burst burstMode = burst == null ? null : new Burst(burst, options, log)) {
      return run(clusters, memory, dir, burstMode);
    } finally {
      deleteQuietly(dir);
    }
  }

  private BenchReport run(BenchClusters clusters, MemorySampler memory, Path dir, Burst burstMode) throws Exception {
    KubernetesClient control = clusters.clients().control();
    KubernetesClient source = clusters.clients().source();
    KubernetesClient target = clusters.clients().target();
    int n = options.migrations();
    String loadAtStart = loadAverage();
    long seedStart = System.nanoTime();
    seed(source, target, n);
    RbacFiller.seed(List.of(source, target), options.rbacObjects());
    clusters.seeded(java.util.stream.IntStream.range(0, (n + PER_NAMESPACE - 1) / PER_NAMESPACE)
        .mapToObj(Bench::namespace).toList());
    double seedSeconds = seconds(System.nanoTime() - seedStart);
    log.printf("seeded %d identities on the source and %d more RBAC objects on source and target in %.1f s%n", n,
        options.rbacObjects(), seedSeconds);
    BenchReport.Sandbox capacity = measureSandbox(source, n);
    if (burstMode != null) {
      burstMode.seed(source, n);
    }

    List<ServiceAccountMigration> migrations = new ArrayList<>();
    ServiceAccountMigration template = template(control);
    SandboxPolicies.grant(control, POLICY, SandboxPolicies.between(Sandbox.OPERATOR_NAMESPACE, List.of("bench-*"),
        List.of(AUDIENCE)), template.getSpec().getRequester().getUsername(), MigrationPolicy.USE);
    for (int i = 0; i < n; i++) {
      migrations.add(migration(template, i));
    }
    long heapBefore = MemorySampler.heapAfterGc();
    clusters.resetCounts();
    double cpuStart = processCpuSeconds();

    OperatorUnderTest operator = startOperator(clusters, dir);
    long jvmToReady = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    log.printf("operator (%s) ready in %d ms (%d ms after the bench JVM's start)%n", options.operator().label(),
        operator.startToReadyMillis(), jvmToReady);

    KubernetesClient requester = clusters.asRequester(template.getSpec().getRequester().getUsername());
    Map<String, Long> finishedAt = new ConcurrentHashMap<>();
    CountDownLatch allFinal = new CountDownLatch(n);
    long wallStart = System.nanoTime();
    try (PhaseWatch watch = new PhaseWatch(control, Phase::isTerminal, finishedAt, allFinal)) {
      wallStart = System.nanoTime();
      if (burstMode != null) {
        burstMode.start(migrations, control, source, ((SandboxClusters) clusters).source());
      }
      parallel(n, i -> requester.resource(migrations.get(i)).create());
      log.printf("applied %d migrations in %.1f s%n", n, seconds(System.nanoTime() - wallStart));
      if (!allFinal.await(options.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        log.printf("timed out after %s with %d of %d migrations in a final phase%n", options.timeout(),
            finishedAt.size(), n);
      }
    } finally {
      memory.sample();
      try {
        operator.measureAtEnd();
      } finally {
        operator.close();
      }
    }
    long lastFinished = finishedAt.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
    double wallSeconds = seconds(lastFinished - wallStart);
    double cpuSeconds = processCpuSeconds() - cpuStart;

    Map<String, Map<String, Long>> byResource = clusters.operatorRequests();
    Map<String, Map<String, Long>> byVerb = new LinkedHashMap<>();
    byResource.forEach((cluster, resources) -> {
      Map<String, Long> verbs = new TreeMap<>();
      resources.forEach((key, count) -> verbs.merge(key.substring(0, key.indexOf(' ')), count, Long::sum));
      byVerb.put(cluster, verbs);
    });

    List<ServiceAccountMigration> finalState = control.resources(ServiceAccountMigration.class)
        .inNamespace(Sandbox.OPERATOR_NAMESPACE).list().getItems();
    int completed = 0;
    int failed = 0;
    int rolledBack = 0;
    List<Long> lateness = new ArrayList<>();
    for (ServiceAccountMigration m : finalState) {
      Phase phase = m.getStatus() == null ? null : m.getStatus().getPhase();
      if (phase == Phase.Completed) {
        completed++;
      } else if (phase == Phase.Failed) {
        failed++;
      } else if (phase == Phase.RolledBack) {
        rolledBack++;
      }
      var cutover = m.getStatus() == null ? null : m.getStatus().getCutover();
      if (cutover != null && cutover.getLatenessMillis() != null && cutover.getCompletedAt() != null) {
        lateness.add(cutover.getLatenessMillis());
      }
    }
    int unfinished = n - completed - failed - rolledBack;
    // The SubjectAccessReviews per proof, as the plan of a completed migration lists them.
    int accessChecks = finalState.stream()
        .filter(m -> m.getStatus() != null && m.getStatus().getPhase() == Phase.Completed)
        .findFirst().map(m -> Planner.accessChecks(m.getStatus().getPlan(), Identities.of(m.getSpec())).size())
        .orElse(0);

    Map<String, Map<String, Double>> perMigration = Floor.perMigration(byVerb, n);
    Map<String, Map<String, Double>> floor = Floor.perMigration(accessChecks);
    Runtime rt = Runtime.getRuntime();
    long rssNow = MemorySampler.procStatus("VmRSS").orElse(0); // before VmHWM (see OperatorProcess.measureAtEnd)
    return new BenchReport(
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        new BenchReport.Machine(rt.availableProcessors(), System.getProperty("os.name") + " "
            + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
            System.getProperty("java.version"), rt.maxMemory() / (1024 * 1024), loadAtStart + " -> " + loadAverage()),
        new BenchReport.Settings(n, (burstMode == null ? options.window() : burstMode.window()).toString(),
            options.spread().toString(), options.threads(), options.operator().label(), operatorJvmOptions(),
            accessChecks, options.rbacObjects(), clusters.mode().label(), clusters.versions()),
        new BenchReport.Outcome(completed, failed, rolledBack, unfinished, round(seedSeconds), round(wallSeconds),
            round(wallSeconds > 0 ? completed / wallSeconds : 0)),
        Percentiles.of(lateness),
        perMigration,
        floor,
        Floor.ratios(perMigration, floor),
        byResource,
        operator.figures(),
        new BenchReport.BenchJvm(round(memory.peakHeapBytes() / MIB),
            round(Math.max(rssNow, MemorySampler.procStatus("VmHWM").orElse(0)) / MIB),
            round(rssNow / MIB), round(heapBefore / MIB), round(cpuSeconds),
            jvmToReady),
        capacity,
        burstMode == null ? null : burstMode.finish(finalState, n));
  }

  /**
   * The operator, started and ready: in process mode with the control cluster's kubeconfig for the operator (the
   * sandbox's administrator; on real clusters, the shipped ServiceAccount's token) written to {@code dir}.
   */
  private OperatorUnderTest startOperator(BenchClusters clusters, Path dir) throws IOException, InterruptedException {
    if (options.operator() == OperatorMode.IN_PROCESS) {
      return InProcessOperator.start(clusters.operatorClient(), options.threads());
    }
    Path kubeconfig = Files.writeString(dir.resolve("operator.kubeconfig"), clusters.operatorKubeconfig());
    Duration readyTimeout = options.timeout().compareTo(READY_TIMEOUT) < 0 ? options.timeout() : READY_TIMEOUT;
    return OperatorProcess.start(options.operatorJvmOptions(), kubeconfig, options.threads(), log,
        options.operatorLog(), readyTimeout);
  }

  /** The operator process's JVM options; in-process, the benchmark JVM's own (the operator shares them). */
  private String operatorJvmOptions() {
    List<String> jvm = options.operator() == OperatorMode.PROCESS ? options.operatorJvmOptions()
        : ManagementFactory.getRuntimeMXBean().getInputArguments();
    return String.join(" ", jvm);
  }

  /** Each identity in namespace {@code bench-<i / 100>}: ServiceAccount, legacy token Secret, Role, RoleBinding, Pod. */
  private void seed(KubernetesClient source, KubernetesClient target, int n) throws Exception {
    int namespaces = (n + PER_NAMESPACE - 1) / PER_NAMESPACE;
    for (int k = 0; k < namespaces; k++) {
      // The target's namespaces exist, as in a cluster move whose namespaces are laid out before the identities
      // move: several migrations into one namespace would otherwise race to create it (see docs/performance.md).
      for (KubernetesClient cluster : List.of(source, target)) {
        cluster.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace(k)).endMetadata()
            .build()).create();
      }
    }
    parallel(n, i -> {
      String ns = namespace(i / PER_NAMESPACE);
      String sa = name(i);
      source.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder().withNewMetadata()
          .withName(sa).withNamespace(ns).endMetadata().build()).create();
      source.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata()
          .withName(sa + "-token-legacy").withNamespace(ns)
          .withAnnotations(Map.of(Ownership.SA_NAME_ANNOTATION, sa)).endMetadata()
          .withType(Ownership.LEGACY_TOKEN_TYPE).build()).create();
      source.rbac().roles().inNamespace(ns).resource(new RoleBuilder().withNewMetadata()
          .withName(sa + "-reader").withNamespace(ns).endMetadata()
          .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
              .withResourceNames(sa + "-config").withVerbs("get", "watch").build())
          .build()).create();
      source.rbac().roleBindings().inNamespace(ns).resource(new RoleBindingBuilder().withNewMetadata()
          .withName(sa + "-reader").withNamespace(ns).endMetadata()
          .withNewRoleRef("rbac.authorization.k8s.io", "Role", sa + "-reader")
          .addNewSubject().withKind("ServiceAccount").withName(sa).withNamespace(ns).endSubject()
          .build()).create();
      source.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(sa + "-0").withNamespace(ns)
          .endMetadata().withNewSpec().withServiceAccountName(sa).addNewContainer().withName("app")
          .withImage("registry.example/app:1").endContainer().endSpec().build()).create();
    });
  }

  /** Sequential GETs of seeded ServiceAccounts for about a second: the sandbox's own request rate. */
  private BenchReport.Sandbox measureSandbox(KubernetesClient source, int n) {
    long start = System.nanoTime();
    long end = start + TimeUnit.MILLISECONDS.toNanos(1000);
    int gets = 0;
    while (System.nanoTime() < end) {
      int i = gets % n;
      source.serviceAccounts().inNamespace(namespace(i / PER_NAMESPACE)).withName(name(i)).get();
      gets++;
    }
    return new BenchReport.Sandbox(round(gets / seconds(System.nanoTime() - start)), 5L * n + options.rbacObjects());
  }

  private ServiceAccountMigration template(KubernetesClient control) throws IOException {
    try (InputStream in = Bench.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + TEMPLATE);
      }
      return control.getKubernetesSerialization().unmarshal(in, ServiceAccountMigration.class);
    }
  }

  private ServiceAccountMigration migration(ServiceAccountMigration template, int i) {
    ServiceAccountMigration m = io.fabric8.kubernetes.client.utils.Serialization.clone(template);
    String ns = namespace(i / PER_NAMESPACE);
    m.getMetadata().setName(ns + "-" + name(i));
    m.getMetadata().setNamespace(Sandbox.OPERATOR_NAMESPACE);
    m.getSpec().getSource().setNamespace(ns);
    m.getSpec().getSource().setServiceAccount(name(i));
    m.getSpec().getTarget().setNamespace(ns);
    m.getSpec().getTarget().setServiceAccount(name(i));
    m.getSpec().getTokens().setAudiences(List.of(AUDIENCE));
    m.getSpec().getTokens().setSecretName(name(i) + "-token");
    m.getSpec().getDualRun().setWindow(options.windowOf(i).toMillis() + "ms");
    m.getSpec().setPolicy(POLICY);
    return m;
  }

  static String namespace(int k) {
    return String.format("bench-%03d", k);
  }

  static String name(int i) {
    return String.format("app-%05d", i);
  }

  /** Runs {@code action} for 0..n-1 on a few threads (the sandbox serves one request at a time per cluster). */
  static void parallel(int n, IntConsumer action) throws Exception {
    parallel(n, 4, action);
  }

  /** Runs {@code action} for 0..n-1 on {@code threads} threads; rethrows the first failure. */
  static void parallel(int n, int threads, IntConsumer action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> action.accept(index)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static KubernetesClient client(SandboxCluster cluster) {
    return client(cluster.config().withOauthToken(cluster.adminToken()));
  }

  /** A client of the benchmark's own: its User-Agent, no retries, a long request timeout. */
  static KubernetesClient client(ConfigBuilder config) {
    return new KubernetesClientBuilder().withConfig(config.withNamespace("default").withUserAgent(USER_AGENT)
        .withRequestRetryBackoffLimit(0).withRequestTimeout(120_000).build())
        .withHttpClientFactory(new JdkHttpClientFactory()).build();
  }

  /** The 1-minute load average (Linux), or "?". */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static double processCpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return 0;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary folder left behind is harmless
    }
  }
}
