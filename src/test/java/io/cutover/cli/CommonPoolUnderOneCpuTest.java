package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.bench.BenchOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped JVM options (the chart's, the image's and the benchmark's: JvmOptionsAgreeTest keeps them one), and
 * {@link CommonPool} at the start of {@code main} without them,
 * give {@link CompletableFuture} the common pool as its async executor in a one-CPU container. Without
 * {@code java.util.concurrent.ForkJoinPool.common.parallelism}, a JVM that sees one processor gives the common pool a
 * parallelism of 1, and {@link CompletableFuture} then starts a new thread for every async stage — the JDK's HTTP
 * client completes each request with one (18,491 threads in 193 s of the benchmark, docs/performance.md). Run in a
 * child JVM with exactly those options, since the property is read once, when the pool is created.
 */
class CommonPoolUnderOneCpuTest {

  /** The child's main: prints the common pool's parallelism and the default async executor's class. */
  public static void main(String[] args) {
    if (args.length > 0) {
      CommonPool.atLeastTwoThreads();
    }
    System.out.println(ForkJoinPool.getCommonPoolParallelism() + " "
        + new CompletableFuture<Void>().defaultExecutor().getClass().getName());
  }

  @Test
  void shippedOptionsGiveAsyncStagesTheCommonPoolOnOneCpu() throws Exception {
    assertThat(child(BenchOptions.jvmOptions(BenchOptions.DEFAULT_OPERATOR_JVM_OPTIONS)))
        .isEqualTo("2 java.util.concurrent.ForkJoinPool");
  }

  @Test
  void withoutTheOptionOneCpuMeansAThreadPerAsyncStage() throws Exception {
    // The control: what the option prevents is what this JDK does without it.
    assertThat(child(withoutTheProperty())).startsWith("1 ").endsWith("ThreadPerTaskExecutor");
  }

  @Test
  void mainSetsTheParallelismWhenTheOptionsDoNot() throws Exception {
    assertThat(child(withoutTheProperty(), "main")).isEqualTo("2 java.util.concurrent.ForkJoinPool");
  }

  private static List<String> withoutTheProperty() {
    return BenchOptions.jvmOptions(BenchOptions.DEFAULT_OPERATOR_JVM_OPTIONS).stream()
        .filter(o -> !o.startsWith("-D" + CommonPool.PARALLELISM + "=")).toList();
  }

  private static String child(List<String> jvmOptions, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), CommonPoolUnderOneCpuTest.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child JVM ended").isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }
}
