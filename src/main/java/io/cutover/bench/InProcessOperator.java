package io.cutover.bench;

import io.cutover.config.CutoverOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The operator in the benchmark's JVM ({@code CutoverOperator.start}, all namespaces). Its memory is the JVM's, so
 * the only figure of its own is the heap it keeps reachable: heap after GC while it runs with every migration final,
 * minus the same after it stopped (its informer caches and clients).
 */
final class InProcessOperator implements OperatorUnderTest {
  private static final double MIB = 1024.0 * 1024.0;
  private final CutoverOperator operator;
  private final long startToReadyMillis;
  private long heapAtEnd = -1;
  private Double retainedMiB;
  private boolean closed;

  private InProcessOperator(CutoverOperator operator, long startToReadyMillis) {
    this.operator = operator;
    this.startToReadyMillis = startToReadyMillis;
  }

  static InProcessOperator start(KubernetesClient control, int threads) {
    long start = System.nanoTime();
    CutoverOperator operator = CutoverOperator.start(control, Clock.systemUTC(),
        new CutoverOperator.Options(Set.of(), null, threads, false));
    return new InProcessOperator(operator, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  @Override
  public long startToReadyMillis() {
    return startToReadyMillis;
  }

  @Override
  public void measureAtEnd() {
    heapAtEnd = MemorySampler.heapAfterGc();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    operator.close();
    if (heapAtEnd >= 0) {
      retainedMiB = Math.round((heapAtEnd - MemorySampler.heapAfterGc()) / MIB * 100) / 100.0;
    }
  }

  @Override
  public BenchReport.OperatorFigures figures() {
    return new BenchReport.OperatorFigures(OperatorMode.IN_PROCESS.label(), null, startToReadyMillis, null, 0, null,
        null, null, retainedMiB);
  }
}
