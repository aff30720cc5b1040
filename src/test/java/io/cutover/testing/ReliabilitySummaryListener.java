package io.cutover.testing;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/** Prints {@link ReliabilityReport} at the end of the test run (registered through META-INF/services). */
public final class ReliabilitySummaryListener implements TestExecutionListener {
  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    String summary = ReliabilityReport.summary();
    if (!summary.isEmpty()) {
      System.out.print(summary);
      System.out.flush();
    }
  }
}
