package io.cutover.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the heap in use every few milliseconds and keeps the peak; reads the resident set and its high-water mark
 * from {@code /proc/self/status} (Linux; elsewhere they are absent).
 */
final class MemorySampler implements AutoCloseable {
  private final AtomicLong peakHeap = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  MemorySampler(long periodMillis) {
    thread = new Thread(() -> {
      while (running) {
        sample();
        try {
          Thread.sleep(periodMillis);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-memory-sampler");
    thread.setDaemon(true);
    thread.start();
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
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
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
    running = false;
    thread.interrupt();
  }
}
