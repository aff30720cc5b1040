package io.cutover.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the heap in use every few milliseconds and keeps the peak; reads the resident set and its high-water mark
 * from {@code /proc/self/status} (Linux; elsewhere they are absent).
 */
final class MemorySampler implements AutoCloseable {
  private final AtomicLong peakHeap = new AtomicLong();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bench-memory-sampler");
    t.setDaemon(true);
    return t;
  });

  MemorySampler(long periodMillis) {
    timer.scheduleAtFixedRate(this::sample, 0, periodMillis, TimeUnit.MILLISECONDS);
  }

  void sample() {
    peakHeap.accumulateAndGet(heapUsed(), Math::max);
  }

  long peakHeapBytes() {
    sample();
    return peakHeap.get();
  }

  static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Heap in use after a full collection: what is still reachable. */
  static long heapAfterGc() {
    for (int i = 0; i < 2; i++) {
      System.gc();
    }
    return heapUsed();
  }

  /** A field of /proc/self/status in bytes ({@code VmHWM}: peak resident set; {@code VmRSS}: resident set now). */
  static OptionalLong procStatus(String field) {
    return procStatus("self", field);
  }

  /** The same of process {@code pid} ("self" or a number). */
  static OptionalLong procStatus(String pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
        if (line.startsWith(field + ":")) {
          String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
