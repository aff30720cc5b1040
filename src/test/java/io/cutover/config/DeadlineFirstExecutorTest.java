package io.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation pool runs due migrations first: with its one thread busy, queued reconciles run cutting-over
 * first, then by deadline, then everything else in arrival order, whatever order they were queued in.
 */
class DeadlineFirstExecutorTest {

  /** Shaped as JOSDK's internal reconcile task: the resource in a private field named resourceID. */
  private static final class ReconcilerExecutor implements Runnable {
    private final ResourceID resourceID;
    private final List<String> ran;

    ReconcilerExecutor(String name, List<String> ran) {
      this.resourceID = new ResourceID(name, "ns");
      this.ran = ran;
    }

    @Override
    public void run() {
      ran.add(resourceID.getName());
    }
  }

  @Test
  void dueReconcilesOvertakeQueuedWorkInDeadlineOrder() throws Exception {
    Instant now = Instant.parse("2026-11-22T12:00:00Z");
    Map<String, Instant> due = Map.of("cutting-over", Instant.MIN, "due-late", now.plusSeconds(9),
        "due-soon", now.plusSeconds(2));
    DeadlineFirstExecutor pool = new DeadlineFirstExecutor(1,
        id -> Optional.ofNullable(due.get(id.getName())));
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      pool.execute(() -> {
        busy.countDown();
        await(release);
      });
      assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
      for (String name : List.of("provision-1", "due-late", "provision-2", "due-soon", "provision-3",
          "cutting-over")) {
        pool.execute(new ReconcilerExecutor(name, ran));
      }
      pool.execute(() -> ran.add("unrecognised"));
      pool.execute(new ReconcilerExecutor("provision-4", ran));
      release.countDown();
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(ran).containsExactly("cutting-over", "due-soon", "due-late", "provision-1", "provision-2",
        "provision-3", "unrecognised", "provision-4");
    assertThat(pool.recognised()).isEqualTo(7);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
