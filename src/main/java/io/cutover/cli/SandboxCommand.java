package io.cutover.cli;

import io.cutover.api.v1alpha1.CheckResult;
import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.config.CutoverOperator;
import io.cutover.sandbox.Sandbox;
import io.cutover.sandbox.SandboxPlayground;
import io.cutover.sandbox.SandboxPolicies;
import io.cutover.sandbox.SandboxWorkload;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sandbox", description = {
    "Start three in-process sandbox clusters (control, source, target) that stand in for kube-apiserver,",
    "seed the source with a realistic workload, run the operator, and migrate the example identity."})
final class SandboxCommand implements Callable<Integer> {
  static final String EXAMPLE = "/examples/payments-api-migration.yaml";
  static final String EXAMPLE_POLICY = "/examples/migration-policy.yaml";

  @Option(names = "--kubeconfig-dir", description = "Where to write control/source/target.kubeconfig and the log, "
      + LOG_FILE + " (default: a new temporary folder).")
  Path kubeconfigDir;

  @Option(names = "--keep-running", description = "Skip the example migration; keep clusters and operator up until interrupted.")
  boolean keepRunning;

  @Option(names = "--timeout", defaultValue = "120", description = "Seconds to wait for the example migration (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--metrics-port", defaultValue = "8080",
      description = "Port for the operator's /metrics, /healthz and /readyz (default ${DEFAULT-VALUE}; 0 picks a free port).")
  int metricsPort;

  /** What ends {@code --keep-running}: Ctrl-C (a shutdown hook) unless a test sets its own. */
  CountDownLatch stop;
  /** Counted down, when set, once {@code --keep-running} has the operator running (for a test). */
  CountDownLatch running;

  @Option(names = "--verbose", description = "Print the log lines on the terminal too (by default they go only to the"
      + " log file, " + LOG_FILE + " in the kubeconfig folder, and the terminal shows the timeline).")
  boolean verbose;

  static final String LOG_FILE = "sandbox.log";

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Path dir = kubeconfigDir != null ? Files.createDirectories(kubeconfigDir) : Files.createTempDirectory("cutover-sandbox-");
    Path log = dir.resolve(LOG_FILE).toAbsolutePath();
    // Before anything logs: the sandbox, the operator and the reconciler all write to the file from the start.
    try (SandboxLogging logging = SandboxLogging.toFile(log, verbose)) {
      out.println("Logs: " + log
          + (verbose ? " (and on the terminal: --verbose)" : " (--verbose: on the terminal too)"));
      return run(out, dir, log);
    }
  }

  private int run(PrintStream out, Path dir, Path log) throws Exception {
    try (Sandbox sandbox = Sandbox.start(dir)) {
      out.println("Sandbox clusters (in-process stand-ins for kube-apiserver):");
      out.println("  control " + sandbox.control().url() + "   export KUBECONFIG=" + dir.resolve("control.kubeconfig"));
      out.println("  source  " + sandbox.source().url() + "   " + dir.resolve("source.kubeconfig"));
      out.println("  target  " + sandbox.target().url() + "   " + dir.resolve("target.kubeconfig"));
      SandboxWorkload.seedDemo(sandbox.source().client());
      out.println("Seeded the source: namespace payments, ServiceAccount payments-api with a legacy token Secret, a Role,");
      out.println("a ClusterRole and their bindings, a Deployment and a Pod running as it.");
      KubernetesClient control = sandbox.control().client();
      try (InputStream in = SandboxCommand.class.getResourceAsStream(EXAMPLE_POLICY)) {
        SandboxPolicies.apply(control, in);
      }
      SandboxPolicies.grantPlayground(control);
      out.println("Applied " + EXAMPLE_POLICY.substring(1) + ": MigrationPolicy payments, the verbs use and approve on it"
          + " for alice, who may write migrations in cutover-system (migrations outside it fail with NotPermitted).");
      out.println("Playground policy " + Sandbox.PLAYGROUND_POLICY + ": any namespace of source and target;"
          + " production installs deny by default.");
      out.println("  It lets " + Sandbox.ADMIN_USER + " (you, here: kubectl auth whoami) move any identity from source"
          + " to target; your own migrations name it with 'policy: " + Sandbox.PLAYGROUND_POLICY + "' and 'requester:"
          + " {username: " + Sandbox.ADMIN_USER + "}'.");
      KubernetesClient asOperator = sandbox.leastPrivilege(java.util.List.of(SandboxWorkload.NAMESPACE));
      SandboxPlayground playground = SandboxPlayground.start(sandbox.source(), sandbox.target());
      out.println("The operator runs as ServiceAccount cutover-system/cutover with the chart's RBAC; the kubeconfig Secrets"
          + " hold the token of cutover-system/cutover-migrator (deploy/remote; it holds no escalate or bind). As an"
          + " administrator would, the sandbox applies deploy/remote/namespace to every namespace of source and target"
          + " as it is created, and binds the migrator on the target to the rules of the source's ServiceAccount"
          + " bindings it is to mirror.");
      var options = CutoverOperator.Options.defaults();
      try (asOperator; playground; CutoverOperator operator = CutoverOperator.start(asOperator, Clock.systemUTC(), options,
          CutoverOperator.protectedIdentities(options), CutoverOperator.Observability.port(metricsPort))) {
        operator.metricsUri().ifPresent(uri -> out.println("Operator metrics: " + uri + "   (watch a migration live: curl -s "
            + uri + " | grep ^cutover_)"));
        if (keepRunning) {
          return keepRunning(out, dir, log);
        }
        return runExample(out, control);
      }
    }
  }

  private int keepRunning(PrintStream out, Path dir, Path log) throws InterruptedException {
    out.println("Operator running. Try (README, \"Pointing kubectl at the sandbox\"):");
    out.println("  kubectl --kubeconfig " + dir.resolve("control.kubeconfig") + " apply -f examples/payments-api-migration.yaml");
    out.println("  kubectl --kubeconfig " + dir.resolve("control.kubeconfig") + " get sam -n cutover-system");
    if (!verbose) {
      out.println("  tail -f " + log + "   (the operator's log)");
    }
    out.println("Press Ctrl-C to stop.");
    if (running != null) {
      running.countDown();
    }
    if (stop == null) {
      CountDownLatch interrupted = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(interrupted::countDown));
      stop = interrupted;
    }
    stop.await();
    return 0;
  }

  private int runExample(PrintStream out, KubernetesClient control) throws Exception {
    ServiceAccountMigration migration;
    try (InputStream in = SandboxCommand.class.getResourceAsStream(EXAMPLE)) {
      migration = control.getKubernetesSerialization().unmarshal(in, ServiceAccountMigration.class);
    }
    String ns = migration.getMetadata().getNamespace();
    String name = migration.getMetadata().getName();
    BlockingQueue<ServiceAccountMigration> updates = new LinkedBlockingQueue<>();
    var resources = control.resources(ServiceAccountMigration.class).inNamespace(ns);
    Instant start = Instant.now();
    try (var watch = resources.withName(name).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, ServiceAccountMigration resource) {
        updates.add(resource);
      }

      @Override
      public void onClose(WatcherException cause) {
        // the demo ends by timeout if the watch closes early
      }
    })) {
      resources.resource(migration).create();
      out.println("Applied " + EXAMPLE.substring(1) + " (dual-run window " + migration.getSpec().getDualRun().getWindow() + ").");
      out.println();
      Phase last = null;
      boolean lateness = false;
      ServiceAccountMigration current = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      while (true) {
        long left = deadline - System.nanoTime();
        ServiceAccountMigration next = left > 0 ? updates.poll(left, TimeUnit.NANOSECONDS) : null;
        if (next == null) {
          out.println("Timed out after " + timeoutSeconds + "s in phase " + last);
          return 2;
        }
        current = next;
        Phase phase = current.getStatus() == null ? null : current.getStatus().getPhase();
        if (phase != null && phase != last) {
          var history = current.getStatus().getHistory();
          String message = history.isEmpty() ? "" : history.get(history.size() - 1).message();
          String elapsed = "+" + seconds(Duration.between(start, Instant.now()));
          if (!lateness && explainLateness(out, current, elapsed)) {
            lateness = true; // told before the phase the revocation led to
          }
          out.printf("%8s  %-13s %s%n", elapsed, phase, message);
          last = phase;
        } else if (!lateness && explainLateness(out, current, "+" + seconds(Duration.between(start, Instant.now())))) {
          lateness = true;
        }
        if (phase != null && phase.isTerminal()) {
          break;
        }
      }
      printSummary(out, current);
      return current.getStatus().getPhase() == Phase.Completed ? 0 : 1;
    }
  }

  /**
   * Once the revocation has finished: a line under the cutover's (its message column) with the deadline and how late
   * the revocation finished against it, in two parts (CutoverLateness). Returns whether it printed.
   */
  private static boolean explainLateness(PrintStream out, ServiceAccountMigration m, String elapsed) {
    var text = CutoverLateness.explain(m.getStatus());
    text.ifPresent(t -> {
      String indent = " ".repeat(MESSAGE_COLUMN);
      out.println(wrap(String.format("%8s  %-13s %s", elapsed, "", t), indent, WIDTH));
    });
    return text.isPresent();
  }

  static final int MESSAGE_COLUMN = 24;
  static final int WIDTH = 120;

  /** {@code line} broken at spaces before {@code width}, continuation lines starting with {@code indent}. */
  static String wrap(String line, String indent, int width) {
    StringBuilder result = new StringBuilder();
    String rest = line;
    while (rest.length() > width) {
      int cut = rest.lastIndexOf(' ', width);
      if (cut <= indent.length()) {
        break;
      }
      result.append(rest, 0, cut).append(System.lineSeparator());
      rest = indent + rest.substring(cut + 1);
    }
    return result.append(rest).toString();
  }

  private static void printSummary(PrintStream out, ServiceAccountMigration m) {
    var s = m.getStatus();
    out.println();
    out.println("Verification summary for " + m.getMetadata().getNamespace() + "/" + m.getMetadata().getName() + ":");
    out.println("  " + s.getSourceIdentity() + " -> " + s.getTargetIdentity() + ": " + s.getPhase());
    if (s.getDualRun() != null) {
      out.println("  dual run " + s.getDualRun().getStartedAt() + " .. deadline " + s.getDualRun().getDeadline());
    }
    if (s.getCutover() != null && s.getCutover().getCompletedAt() != null) {
      out.println("  cutover finished " + s.getCutover().getCompletedAt() + " (" + s.getCutover().getLatenessMillis()
          + " ms after the deadline); revoked:");
      for (ObjectRef r : s.getCutover().getRevoked()) {
        out.println("    - " + r);
      }
    }
    if (s.getVerification() != null) {
      for (CheckResult c : s.getVerification().getChecks()) {
        out.println("  [" + (c.passed() ? "ok" : "FAILED") + "] " + c.name() + ": " + c.message());
      }
    }
    s.getConditions().forEach(c -> out.println("  condition " + c.getType() + "=" + c.getStatus() + " (" + c.getReason() + ")"));
  }

  private static String seconds(Duration d) {
    return String.format("%.1fs", d.toMillis() / 1000.0);
  }
}
