package io.cutover.config;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JOSDK's reconciliation pool, deadline first: a fixed pool whose queue runs the reconcile of a migration whose
 * dual-run window is open (in {@code Provisioning} or {@code DualRun}, ordered by its deadline; in
 * {@code CuttingOver}, first of all: see {@code reconciler.DueMigrations}) before any other queued work, and
 * everything else in the order it came.
 *
 * <p><b>Why.</b> JOSDK's default pool is first-come first-served. In a wave, hundreds of new migrations being planned
 * queue their reconciles (each a few dozen API requests), and a migration whose window was open — being provisioned,
 * or woken at its deadline — waited behind all of them: measured, 13 s late for 100 migrations with a 5 s window
 * (docs/performance.md). Ordered by deadline (earliest deadline first), a window's work waits for at most the
 * reconciles already running and the other open windows due earlier; the backlog waits instead in the phases before
 * the window opens, where waiting costs time but no exposure.
 *
 * <p><b>How a task is recognised.</b> JOSDK hands the pool one {@code Runnable} per reconcile, an instance of its
 * internal {@code EventProcessor.ReconcilerExecutor}, which holds the migration's {@link ResourceID} in a private
 * field {@code resourceID}; JOSDK has no public way to learn which resource a queued task is for. That field is read
 * (once per class, by reflection). Ordering is all it decides: a task it cannot read (a JOSDK version without the
 * field, or any other task) is queued in arrival order as JOSDK's own pool would, and a warning says so once.
 * {@link #recognised()} counts the tasks read, which a test checks against the real JOSDK.
 */
final class DeadlineFirstExecutor extends ThreadPoolExecutor {

  private static final Logger log = LoggerFactory.getLogger(DeadlineFirstExecutor.class);
  private static final String RESOURCE_ID_FIELD = "resourceID";
  private static final ClassValue<Optional<Field>> RESOURCE_ID = new ClassValue<>() {
    @Override
    protected Optional<Field> computeValue(Class<?> type) {
      try {
        Field field = type.getDeclaredField(RESOURCE_ID_FIELD);
        if (!ResourceID.class.isAssignableFrom(field.getType())) {
          return Optional.empty();
        }
        field.setAccessible(true);
        return Optional.of(field);
      } catch (NoSuchFieldException | RuntimeException e) {
        return Optional.empty();
      }
    }
  };

  private final Function<ResourceID, Optional<Instant>> deadlines;
  private final AtomicLong arrivals = new AtomicLong();
  private final AtomicLong recognised = new AtomicLong();
  private volatile boolean warned;

  /** {@code deadlines}: the deadline bounding a migration's next reconcile, when one does. */
  DeadlineFirstExecutor(int threads, Function<ResourceID, Optional<Instant>> deadlines) {
    super(threads, threads, 0L, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(64, Ranked.ORDER),
        threadFactory());
    this.deadlines = deadlines;
  }

  @Override
  public void execute(Runnable task) {
    super.execute(task instanceof Ranked ? task : new Ranked(task, deadlineOf(task), arrivals.incrementAndGet()));
  }

  /** How many tasks were recognised as a reconcile of a known resource. */
  long recognised() {
    return recognised.get();
  }

  private Instant deadlineOf(Runnable task) {
    Optional<Field> field = RESOURCE_ID.get(task.getClass());
    if (field.isEmpty()) {
      if (!warned && task.getClass().getName().contains("ReconcilerExecutor")) {
        warned = true;
        log.warn("cannot read the resource of JOSDK's reconcile tasks ({} has no field {}): reconciles run in arrival "
            + "order, and a due cutover may wait behind other migrations' work", task.getClass().getName(),
            RESOURCE_ID_FIELD);
      }
      return null;
    }
    try {
      ResourceID id = (ResourceID) field.get().get(task);
      if (id == null) {
        return null;
      }
      recognised.incrementAndGet();
      return deadlines.apply(id).orElse(null);
    } catch (IllegalAccessException | RuntimeException e) {
      return null;
    }
  }

  private static ThreadFactory threadFactory() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "reconciler-" + count.incrementAndGet());
      thread.setDaemon(false);
      return thread;
    };
  }

  /** A queued task: due ones (by deadline, then arrival) before the rest (by arrival). */
  record Ranked(Runnable task, Instant deadline, long arrival) implements Runnable {
    static final Comparator<Runnable> ORDER = Comparator.comparing((Runnable r) -> ((Ranked) r).deadline(),
        Comparator.nullsLast(Comparator.naturalOrder())).thenComparingLong(r -> ((Ranked) r).arrival());

    @Override
    public void run() {
      task.run();
    }
  }
}
