package io.cutover.bench;

import io.cutover.api.v1alpha1.HistoryEntry;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.sandbox.RequestCounter;
import io.cutover.sandbox.SandboxCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import io.cutover.phase.CutoverLead;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Burst mode ({@code bench --burst D}): every migration gets a window longer than the whole run and one shared
 * {@code spec.dualRun.notAfter} = the time the first migration is applied + D, so that every dual run ends at the same
 * instant. While they wait for it, the source's write rate for the revocation's kinds of request is measured
 * ({@link WriteRate}) once every migration is in the dual run (a watch says so) — or, at the latest, when only the
 * measurement's budget and the quiet time before the deadline are left. Every request the operator sends to the
 * source is noted (a tap on the source's {@link RequestCounter}), so the revocation requests are counted at the
 * source, by object. {@link #finish} turns it into the report's {@link BurstReport}.
 */
final class Burst implements AutoCloseable {
  /**
   * The measurement ends at least this long before the deadline: the operator's pre-cutover work starts
   * {@link CutoverLead} before it (2 s alone; longer for N migrations sharing it), and the measured writes must not
   * compete with it (nor it with them): that lead and a second more.
   */
  static Duration quiet(Instant deadline, int n) {
    return CutoverLead.before(deadline, (from, to) -> n).plusSeconds(1);
  }
  /** The time the measurement is given: it starts this long before {@link #quiet} at the latest. */
  static final Duration MEASURE_BUDGET = Duration.ofSeconds(2);
  private static final Duration MAX_WINDOW = Duration.ofHours(168);
  /** The seeded identities' own objects (Bench.seed): ServiceAccount app-NNNNN, Secret ...-token-legacy, RoleBinding ...-reader. */
  private static final Pattern IDENTITY_OBJECT = Pattern.compile("^app-[0-9]{5}(-token-legacy|-reader)?$");
  private static final Set<String> REVOCATION_RESOURCES = Set.of("secrets", "serviceaccounts", "rolebindings",
      "clusterrolebindings");
  private static final Set<String> WRITE_VERBS = Set.of("delete", "update", "patch");

  /** An operator request the source's server counted: when (epoch ms), what, on which path. */
  private record Seen(long atMillis, RequestCounter.Key key, String path) {}

  private final Duration burst;
  private final BenchOptions options;
  private final PrintStream log;
  private final ConcurrentLinkedQueue<Seen> sourceRequests = new ConcurrentLinkedQueue<>();
  private Instant notAfter;
  private CountDownLatch allInDualRun;
  private PhaseWatch watch;
  private AutoCloseable tap;
  private Thread measurer;
  private volatile BurstReport.WriteRate rate;
  private volatile String measureProblem;

  Burst(Duration burst, BenchOptions options, PrintStream log) {
    if (burst == null || burst.isNegative() || burst.isZero()) {
      throw new IllegalArgumentException("--burst must be a positive duration");
    }
    this.burst = burst;
    this.options = options;
    this.log = log;
  }

  /** Longer than the run may last (the bench's timeout and the burst), so that only notAfter ends the dual runs. */
  Duration window() {
    Duration w = options.timeout().plus(burst);
    return w.compareTo(MAX_WINDOW) > 0 ? MAX_WINDOW : w;
  }

  /** Seeds the throwaway identities the write rate is measured on. */
  void seed(KubernetesClient source, int n) throws Exception {
    WriteRate.seed(source, n);
  }

  /**
   * Just before the first migration is applied: fixes the shared deadline and writes it (and the long window) into
   * every migration, starts noting the operator's source requests, and starts the write-rate measurement's thread,
   * which waits (on a watch's latch) until every migration is in the dual run.
   */
  Instant start(List<ServiceAccountMigration> migrations, KubernetesClient control, KubernetesClient source,
      SandboxCluster sourceCluster) {
    notAfter = Instant.now().plus(burst).truncatedTo(ChronoUnit.MILLIS);
    for (ServiceAccountMigration m : migrations) {
      m.getSpec().getDualRun().setWindow(window().toSeconds() + "s");
      m.getSpec().getDualRun().setNotAfter(notAfter.toString());
    }
    log.printf("burst: every dual run ends at %s (now + %s)%n", notAfter, burst);
    tap = sourceCluster.requests().tap((key, path) -> {
      if (!key.userAgent().startsWith(Bench.USER_AGENT)) {
        sourceRequests.add(new Seen(System.currentTimeMillis(), key, path));
      }
    });
    int n = migrations.size();
    allInDualRun = new CountDownLatch(n);
    watch = new PhaseWatch(control, p -> p == Phase.DualRun || p == Phase.CuttingOver || p == Phase.Verifying
        || p == Phase.Completed, new ConcurrentHashMap<>(), allInDualRun);
    measurer = new Thread(() -> measure(source, n), "bench-write-rate");
    measurer.setDaemon(true);
    measurer.start();
    return notAfter;
  }

  private void measure(KubernetesClient source, int n) {
    try {
      Instant latest = notAfter.minus(quiet(notAfter, n)).minus(MEASURE_BUDGET);
      allInDualRun.await(Math.max(0, Duration.between(Instant.now(), latest).toMillis()), TimeUnit.MILLISECONDS);
      int inDualRun = n - (int) allInDualRun.getCount();
      rate = WriteRate.measure(source, n, options.threads(), inDualRun, notAfter);
      log.printf("burst: source write rate %.0f/s with %d migrations of %d in the dual run, %d ms before the deadline%n",
          rate.allPerSecond(), inDualRun, n, rate.endedMillisBeforeDeadline());
    } catch (InterruptedException e) {
      measureProblem = "the write-rate measurement was interrupted";
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      measureProblem = "the write-rate measurement failed: " + e;
    }
  }

  /** The figures, from the migrations as they ended and the source requests noted. */
  BurstReport finish(List<ServiceAccountMigration> finalState, int n) throws InterruptedException {
    measurer.join(TimeUnit.MINUTES.toMillis(1));
    long deadline = notAfter.toEpochMilli();
    int inDualRun = 0;
    int cutovers = 0;
    Instant lastCompleted = null;
    for (ServiceAccountMigration m : finalState) {
      var status = m.getStatus();
      if (status == null) {
        continue;
      }
      if (status.getHistory() != null && inDualRunAt(status.getHistory(), notAfter)) {
        inDualRun++;
      }
      if (status.getCutover() != null && status.getCutover().getCompletedAt() != null) {
        cutovers++;
        Instant done = Instant.parse(status.getCutover().getCompletedAt());
        lastCompleted = lastCompleted == null || done.isAfter(lastCompleted) ? done : lastCompleted;
      }
    }
    Map<String, Long> revocation = new TreeMap<>();
    Map<String, Long> other = new TreeMap<>();
    long before = 0;
    Long first = null;
    Long last = null;
    long end = lastCompleted == null ? Long.MAX_VALUE : lastCompleted.toEpochMilli();
    for (Seen s : sourceRequests) {
      String kind = s.key().verb() + " " + s.key().resource();
      if (isRevocation(s)) {
        if (s.atMillis() < deadline) {
          before++;
          continue;
        }
        revocation.merge(kind, 1L, Long::sum);
        long at = s.atMillis() - deadline;
        first = first == null || at < first ? at : first;
        last = last == null || at > last ? at : last;
      } else if (s.atMillis() >= deadline && s.atMillis() <= end) {
        other.merge(kind, 1L, Long::sum);
      }
    }
    long total = revocation.values().stream().mapToLong(Long::longValue).sum();
    List<String> notes = new ArrayList<>();
    if (inDualRun < n) {
      notes.add((n - inDualRun) + " of " + n + " migrations were not in the dual run when the shared deadline came:"
          + " raise --burst (" + burst + ")");
    }
    if (before > 0) {
      notes.add(before + " revocation writes reached the source before the deadline");
    }
    if (measureProblem != null) {
      notes.add(measureProblem);
    }
    Double minimum = null;
    BurstReport.WriteRate measured = rate;
    if (measured != null) {
      if (measured.inDualRunWhenMeasured() < n) {
        notes.add("the write rate was measured with " + measured.inDualRunWhenMeasured() + " of " + n
            + " migrations in the dual run (the others were still being provisioned): raise --burst");
      }
      if (measured.endedMillisBeforeDeadline() < quiet(notAfter, n).toMillis()) {
        notes.add("the write-rate measurement ended " + measured.endedMillisBeforeDeadline() + " ms before the"
            + " deadline, into the operator's pre-cutover work: raise --burst");
      }
      double seconds = 0;
      for (Map.Entry<String, Long> e : revocation.entrySet()) {
        BurstReport.KindRate k = measured.byKind().get(e.getKey());
        if (k == null) {
          notes.add("'" + e.getKey() + "' was not measured; counted at the measured mix's rate");
        }
        seconds += e.getValue() / (k == null ? measured.allPerSecond() : k.perSecond());
      }
      minimum = Bench.round(seconds);
    }
    Double actual = lastCompleted == null ? null : Bench.round((lastCompleted.toEpochMilli() - deadline) / 1000.0);
    Double ratio = minimum == null || actual == null || minimum <= 0 ? null : Bench.round(actual / minimum);
    return new BurstReport(burst.toString(), notAfter.toString(), window().toString(), n, inDualRun, measured,
        revocation, total, before, first, last, other, cutovers, minimum, actual, ratio, notes);
  }

  /** Entered DualRun at or before {@code at}, and was still in it then (left at or after it, or not at all). */
  static boolean inDualRunAt(List<HistoryEntry> history, Instant at) {
    for (int i = 0; i < history.size(); i++) {
      HistoryEntry e = history.get(i);
      if (e.phase() == Phase.DualRun && !Instant.parse(e.time()).isAfter(at)) {
        return i + 1 == history.size() || !Instant.parse(history.get(i + 1).time()).isBefore(at);
      }
    }
    return false;
  }

  private static boolean isRevocation(Seen s) {
    if (!WRITE_VERBS.contains(s.key().verb()) || !REVOCATION_RESOURCES.contains(s.key().resource())) {
      return false;
    }
    String name = s.path().substring(s.path().lastIndexOf('/') + 1);
    return IDENTITY_OBJECT.matcher(name).matches();
  }

  @Override
  public void close() throws Exception {
    if (measurer != null) {
      measurer.interrupt();
    }
    if (watch != null) {
      watch.close();
    }
    if (tap != null) {
      tap.close();
    }
  }
}
