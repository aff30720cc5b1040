package io.cutover.realcluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Waits for a starting child process to answer (a health endpoint, a file it writes): asked every
 * {@link #INTERVAL} on a scheduler until it answers, its process dies, or {@code timeout} passes. A process that
 * starts has no event to wait for; this is start-up of the test clusters, never operator logic.
 */
final class Readiness {
  static final Duration INTERVAL = Duration.ofMillis(200);

  private Readiness() {}

  static void await(String what, Duration timeout, ChildProcess process, BooleanSupplier ready) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "readiness-" + process.name());
      t.setDaemon(true);
      return t;
    });
    CompletableFuture<Void> done = new CompletableFuture<>();
    scheduler.scheduleWithFixedDelay(() -> {
      if (!process.alive()) {
        done.completeExceptionally(new IllegalStateException(what + " never became ready: "
            + process.exitDescription()));
      } else {
        try {
          if (ready.getAsBoolean()) {
            done.complete(null);
          }
        } catch (RuntimeException e) {
          // not yet
        }
      }
    }, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    try {
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " not ready after " + timeout.toSeconds() + " s; log: " + process.log());
    } catch (ExecutionException e) {
      throw (RuntimeException) e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    } finally {
      scheduler.shutdownNow();
    }
  }
}
