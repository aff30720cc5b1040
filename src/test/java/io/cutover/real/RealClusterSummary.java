package io.cutover.real;

import io.cutover.realcluster.KubeBinaries;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints one line at the end of the test run: the versions of the real control planes (as the binaries report them,
 * from the {@code versions} file next to them) and how many tests ran against them — executed tests (leaves, skipped
 * ones not counted) in a class tagged {@value RealClusterTest#TAG}. Nothing when no such test ran and this JVM never
 * located the binaries; never a version it did not read. Registered through META-INF/services.
 */
public final class RealClusterSummary implements TestExecutionListener {
  private static final TestTag TAG = TestTag.create(RealClusterTest.TAG);

  private final Supplier<Optional<KubeBinaries>> binaries;
  private final PrintStream out;
  private final AtomicInteger tests = new AtomicInteger();
  private volatile TestPlan plan;

  public RealClusterSummary() {
    this(KubeBinaries::located, System.out);
  }

  RealClusterSummary(Supplier<Optional<KubeBinaries>> binaries, PrintStream out) {
    this.binaries = binaries;
    this.out = out;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
  }

  @Override
  public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
    if (identifier.isTest() && inRealClusterClass(identifier)) {
      tests.incrementAndGet();
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    line(tests.get(), binaries.get()).ifPresent(line -> {
      out.println(line);
      out.flush();
    });
  }

  /** Whether a class the test belongs to (its own, or an enclosing one) carries the tag. */
  private boolean inRealClusterClass(TestIdentifier identifier) {
    TestPlan current = plan;
    Optional<TestIdentifier> parent = current == null ? Optional.empty() : current.getParent(identifier);
    while (parent.isPresent()) {
      TestIdentifier container = parent.get();
      if (container.getSource().filter(ClassSource.class::isInstance).isPresent()
          && container.getTags().contains(TAG)) {
        return true;
      }
      parent = current.getParent(container);
    }
    return false;
  }

  /** The summary line, if there is anything true to say. */
  static Optional<String> line(int tests, Optional<KubeBinaries> binaries) {
    if (binaries.isPresent()) {
      KubeBinaries b = binaries.get();
      return Optional.of("Real clusters: kube-apiserver " + b.version("kube-apiserver") + ", kube-controller-manager "
          + b.version("kube-controller-manager") + ", etcd " + b.version("etcd") + "; " + tests + " tests");
    }
    if (tests > 0) {
      return Optional.of("Real clusters: binaries not located (see the failures above); " + tests + " tests");
    }
    return Optional.empty();
  }
}
