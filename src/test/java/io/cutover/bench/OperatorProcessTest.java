package io.cutover.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.metrics.CutoverMetrics;
import io.cutover.metrics.OperatorMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorProcessTest {
  @TempDir
  Path dir;

  @Test
  void heapInUseIsTheSumOfTheHeapPoolsOnly() {
    String scrape = """
        # HELP jvm_memory_used_bytes The amount of used memory
        # TYPE jvm_memory_used_bytes gauge
        jvm_memory_used_bytes{area="heap",id="eden space"} 1.048576E7
        jvm_memory_used_bytes{area="heap",id="tenured gen"} 2000000.0
        jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.0E7
        jvm_memory_committed_bytes{area="heap",id="eden space"} 9.9E9
        jvm_memory_used_bytes_other{area="heap"} 7.0
        """;
    assertThat(OperatorProcess.heapUsed(scrape)).hasValue(10_485_760L + 2_000_000L);
    assertThat(OperatorProcess.heapUsed("cutover_leader 1.0\n")).isEmpty();
  }

  @Test
  void theOperatorsOwnScrapeHasTheHeapInUseThatTheBenchmarkSamples() {
    CutoverMetrics withJvm = new CutoverMetrics();
    new OperatorMetrics(withJvm);
    long heap = OperatorProcess.heapUsed(withJvm.scrape()).orElseThrow();
    assertThat(heap).isPositive().isLessThanOrEqualTo(Runtime.getRuntime().totalMemory());
    // Without the operator's JVM meters there is nothing to sample.
    assertThat(OperatorProcess.heapUsed(new CutoverMetrics().scrape())).isEmpty();
  }

  @Test
  void theChildIsThisJvmsJavaWithTheGivenOptionsThisClassPathAndTheOperatorCommand() {
    List<String> command = OperatorProcess.command(List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"), 7);
    assertThat(Path.of(command.get(0))).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java"));
    assertThat(command.subList(1, 4)).containsExactly("-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-cp");
    assertThat(command.get(4).split(java.io.File.pathSeparator))
        .isNotEmpty().allSatisfy(entry -> assertThat(Path.of(entry)).isAbsolute());
    assertThat(command.subList(5, command.size())).containsExactly("io.cutover.cli.Main", "operator",
        "--metrics-port", "0", "--threads", "7");
  }

  @Test
  void aProcessThatExitsBeforeItIsReadyFailsTheRunAtOnceWithItsExitCode() throws IOException {
    Path kubeconfig = Files.writeString(dir.resolve("k"), "apiVersion: v1\nkind: Config\n");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    long start = System.nanoTime();
    assertThatThrownBy(() -> OperatorProcess.start(List.of("-XX:+NoSuchCutoverBenchOption"), kubeconfig, 1,
        new PrintStream(log, true, StandardCharsets.UTF_8), null, Duration.ofMinutes(2)))
        .isInstanceOf(IOException.class).hasMessageContaining("exited with code 1 before it was ready");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
    // The JVM's own complaint reached the log, prefixed as the operator's.
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("operator | ").contains("NoSuchCutoverBenchOption");
  }

  @Test
  void theOperatorModeIsParsedFromItsCommandLineSpelling() {
    assertThat(OperatorMode.parse("process")).isEqualTo(OperatorMode.PROCESS);
    assertThat(OperatorMode.parse("in-process")).isEqualTo(OperatorMode.IN_PROCESS);
    assertThatThrownBy(() -> OperatorMode.parse("inprocess")).hasMessageContaining("process, in-process");
  }

  @Test
  void jvmOptionsAreSplitAtWhiteSpace() {
    assertThat(BenchOptions.jvmOptions("  -XX:MaxRAM=512m\t-XX:ActiveProcessorCount=1 ")).containsExactly(
        "-XX:MaxRAM=512m", "-XX:ActiveProcessorCount=1");
    assertThat(BenchOptions.jvmOptions("")).isEmpty();
  }
}
