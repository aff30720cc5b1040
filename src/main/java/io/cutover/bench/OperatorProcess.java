package io.cutover.bench;

import io.cutover.realcluster.ThisJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator as its own process: {@code <this JVM's java> <options> -cp <this JVM's class path>
 * io.cutover.cli.Main operator --metrics-port 0 --threads T} with {@code KUBECONFIG} naming the control
 * cluster's kubeconfig, i.e. what a user runs. Measured from outside: ready when it prints its "Metrics at" line
 * (read from its output, which is copied line by line to the benchmark's log or a file; no polling), heap by
 * sampling its {@code /metrics} every {@value #HEAP_SAMPLE_MILLIS} ms, resident set from {@code /proc/<pid>/status},
 * CPU from the process's own accounting. Stopped with SIGTERM (its shutdown hook closes the operator), killed if it
 * has not exited within {@link #STOP_GRACE}; a shutdown hook of this JVM kills it if the benchmark itself is stopped.
 */
final class OperatorProcess implements OperatorUnderTest {
  static final long HEAP_SAMPLE_MILLIS = 2000;
  static final Duration STOP_GRACE = Duration.ofSeconds(10);
  static final String MAIN = "io.cutover.cli.Main";
  /** OperatorCommand prints this once {@code CutoverOperator.start} returned (informers started and synced). */
  static final Pattern READY_LINE = Pattern.compile("^Metrics at (http://\\S+)");
  /** Environment the child must not inherit: JVM options the report would not name, cluster settings. */
  static final List<String> ENV_REMOVED_PREFIXES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS",
      "KUBERNETES_");
  private static final double MIB = 1024.0 * 1024.0;

  private final Process process;
  private final long startNanos;
  private final PrintStream sink;
  private final boolean ownSink;
  private final Thread copier;
  private final Thread killOnExit;
  private final CompletableFuture<Long> readyAt = new CompletableFuture<>();
  private final CompletableFuture<URI> metricsUri = new CompletableFuture<>();
  private final AtomicLong peakHeap = new AtomicLong(-1);
  private final AtomicInteger heapSamples = new AtomicInteger();
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bench-operator-heap-sampler");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private long startToReadyMillis = -1;
  private Double peakRssMiB;
  private Double rssAtEndMiB;
  private Double cpuSeconds;
  private boolean closed;

  private OperatorProcess(Process process, long startNanos, PrintStream sink, boolean ownSink) {
    this.process = process;
    this.startNanos = startNanos;
    this.sink = sink;
    this.ownSink = ownSink;
    this.killOnExit = new Thread(process::destroyForcibly, "bench-operator-kill");
    Runtime.getRuntime().addShutdownHook(killOnExit);
    this.copier = new Thread(this::copyOutput, "bench-operator-output");
    copier.setDaemon(true);
    copier.start();
  }

  /**
   * Starts the operator process and waits until it is ready (at most {@code readyTimeout}); its output goes to
   * {@code logFile} when given, else to {@code log} with each line prefixed "operator | ".
   */
  static OperatorProcess start(List<String> jvmOptions, Path kubeconfig, int threads, PrintStream log,
      Path logFile, Duration readyTimeout) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command(jvmOptions, threads)).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> ENV_REMOVED_PREFIXES.stream().anyMatch(name::startsWith));
    env.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
    PrintStream sink = logFile == null ? prefixed(log)
        : new PrintStream(Files.newOutputStream(logFile), true, StandardCharsets.UTF_8);
    long startNanos = System.nanoTime();
    OperatorProcess operator;
    try {
      operator = new OperatorProcess(builder.start(), startNanos, sink, logFile != null);
    } catch (IOException | RuntimeException e) {
      if (logFile != null) {
        sink.close();
      }
      throw e;
    }
    try {
      operator.awaitReady(readyTimeout);
    } catch (IOException | InterruptedException | RuntimeException e) {
      operator.close();
      throw e;
    }
    return operator;
  }

  /** The child's command line. */
  static List<String> command(List<String> jvmOptions, int threads) {
    List<String> command = new ArrayList<>();
    command.add(ThisJvm.javaExecutable());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(ThisJvm.classPath());
    command.addAll(List.of(MAIN, "operator", "--metrics-port", "0", "--threads", Integer.toString(threads)));
    return command;
  }



  private static PrintStream prefixed(PrintStream log) {
    return new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        log.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        log.write(b, off, len);
      }

      @Override
      public void flush() {
        log.flush();
      }
    }, true, StandardCharsets.UTF_8) {
      @Override
      public void println(String line) {
        super.println("operator | " + line);
      }
    };
  }

  private void copyOutput() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!readyAt.isDone()) {
          Matcher m = READY_LINE.matcher(line);
          if (m.find()) {
            long at = System.nanoTime();
            metricsUri.complete(URI.create(m.group(1)));
            readyAt.complete(at);
          }
        }
        sink.println(line);
      }
    } catch (IOException e) {
      // the stream closes when the process is stopped
    } finally {
      readyAt.completeExceptionally(new IllegalStateException("the operator process ended its output before it was ready"));
      sink.flush();
    }
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long at;
    try {
      at = readyAt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IOException("the operator process was not ready after " + timeout);
    } catch (ExecutionException e) {
      String exit = process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)
          ? "exited with code " + process.exitValue() : "is still running";
      throw new IOException("the operator process " + exit + " before it was ready (its output is in the log)");
    }
    startToReadyMillis = TimeUnit.NANOSECONDS.toMillis(at - startNanos);
    sampler.scheduleWithFixedDelay(this::sampleHeap, 0, HEAP_SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
  }

  long pid() {
    return process.pid();
  }

  @Override
  public long startToReadyMillis() {
    return startToReadyMillis;
  }

  /** One scrape of {@code /metrics}: the heap in use, summed over the heap pools; failures are skipped. */
  private void sampleHeap() {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(metricsUri.getNow(null))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        OptionalLong heap = heapUsed(response.body());
        if (heap.isPresent()) {
          peakHeap.accumulateAndGet(heap.getAsLong(), Math::max);
          heapSamples.incrementAndGet();
        }
      }
    } catch (IOException | RuntimeException e) {
      // a missed sample (the process is busy or stopping)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The sum of {@code jvm_memory_used_bytes} over the series labelled {@code area="heap"} of a Prometheus text
   * exposition, or empty when it has none (no JVM meters).
   */
  static OptionalLong heapUsed(String exposition) {
    long sum = 0;
    boolean found = false;
    for (String line : exposition.split("\n")) {
      if (!line.startsWith("jvm_memory_used_bytes{")) {
        continue;
      }
      int close = line.lastIndexOf('}');
      if (close < 0 || !line.substring(0, close).contains("area=\"heap\"")) {
        continue;
      }
      String[] rest = line.substring(close + 1).trim().split("\\s+");
      sum += (long) Double.parseDouble(rest[0]);
      found = true;
    }
    return found ? OptionalLong.of(sum) : OptionalLong.empty();
  }

  @Override
  public void measureAtEnd() {
    if (startToReadyMillis < 0 || !process.isAlive()) {
      return;
    }
    sampler.shutdownNow();
    sampleHeap();
    String pid = Long.toString(process.pid());
    // RSS first: the kernel reports VmHWM as the larger of its recorded high-water mark and the resident set at the
    // time of reading, but that mark trails the resident set between updates; the peak is at least what was seen.
    long rss = MemorySampler.procStatus(pid, "VmRSS").orElse(0);
    long hwm = Math.max(rss, MemorySampler.procStatus(pid, "VmHWM").orElse(0));
    if (rss > 0) {
      rssAtEndMiB = round(rss / MIB);
      peakRssMiB = round(hwm / MIB);
    }
    process.info().totalCpuDuration().ifPresent(d -> cpuSeconds = round(d.toMillis() / 1000.0));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    sampler.shutdownNow();
    boolean interrupted = false;
    try {
      process.destroy();
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        sink.println("(the operator process did not stop within " + STOP_GRACE.toSeconds() + " s of SIGTERM: killed)");
        process.destroyForcibly();
        process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
      copier.join(STOP_GRACE.toMillis());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      interrupted = true;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(killOnExit);
      } catch (IllegalStateException e) {
        // this JVM is shutting down: the hook kills the process anyway
      }
      if (ownSink) {
        sink.close();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public BenchReport.OperatorFigures figures() {
    long peak = peakHeap.get();
    return new BenchReport.OperatorFigures(OperatorMode.PROCESS.label(), process.pid(), startToReadyMillis,
        peak < 0 ? null : round(peak / MIB), heapSamples.get(), peakRssMiB, rssAtEndMiB, cpuSeconds, null);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
