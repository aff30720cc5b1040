package io.cutover.bench;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.sandbox.Sandbox;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/**
 * Watches the benchmark's migrations and notes when each is first seen in a phase {@code reached} accepts (its
 * {@code System.nanoTime()}), counting {@code latch} down once per migration; re-opens a watch that closes and reads
 * what changed meanwhile. No polling: the bench waits on the latch.
 */
final class PhaseWatch implements AutoCloseable {
  private final KubernetesClient control;
  private final Predicate<Phase> reached;
  private final Map<String, Long> reachedAt;
  private final CountDownLatch latch;
  private volatile Watch watch;
  private volatile boolean closed;

  PhaseWatch(KubernetesClient control, Predicate<Phase> reached, Map<String, Long> reachedAt, CountDownLatch latch) {
    this.control = control;
    this.reached = reached;
    this.reachedAt = reachedAt;
    this.latch = latch;
    open();
  }

  private void open() {
    watch = control.resources(ServiceAccountMigration.class).inNamespace(Sandbox.OPERATOR_NAMESPACE)
        .watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, ServiceAccountMigration m) {
            note(m);
          }

          @Override
          public void onClose(WatcherException cause) {
            if (!closed) {
              open();
              // what changed while no watch was open
              control.resources(ServiceAccountMigration.class).inNamespace(Sandbox.OPERATOR_NAMESPACE).list()
                  .getItems().forEach(m -> note(m));
            }
          }
        });
  }

  private void note(ServiceAccountMigration m) {
    Phase phase = m.getStatus() == null ? null : m.getStatus().getPhase();
    if (phase != null && reached.test(phase)
        && reachedAt.putIfAbsent(m.getMetadata().getName(), System.nanoTime()) == null) {
      latch.countDown();
    }
  }

  @Override
  public void close() {
    closed = true;
    watch.close();
  }
}
