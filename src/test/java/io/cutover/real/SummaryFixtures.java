package io.cutover.real;

import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Test classes that {@link RealClusterSummaryTest} runs in a launcher of its own to count them; one of them fails on
 * purpose. The name matches no surefire pattern, and anywhere else (an IDE running a package) they are disabled:
 * they run only when the launcher sets {@value #ENABLED}.
 */
final class SummaryFixtures {
  static final String ENABLED = "cutover.real-cluster-summary.fixtures";

  private SummaryFixtures() {}

  static final class OnlyInsideRealClusterSummaryTest implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(ENABLED).filter("true"::equals).isPresent()
          ? ConditionEvaluationResult.enabled("run by RealClusterSummaryTest")
          : ConditionEvaluationResult.disabled("a fixture of RealClusterSummaryTest, run only by it");
    }
  }

  @RealClusterTest
  @ExtendWith(OnlyInsideRealClusterSummaryTest.class)
  static class RealFixture {
    @Test
    void passes() {}

    @Test
    void fails() {
      throw new AssertionError("a failed test ran all the same");
    }

    @Test
    @Disabled("never executed, so not counted")
    void disabled() {}

    @RepeatedTest(2)
    void repeated() {}

    @TestFactory
    List<DynamicTest> dynamic() {
      return List.of(DynamicTest.dynamicTest("a", () -> { }), DynamicTest.dynamicTest("b", () -> { }));
    }

    @Nested
    class Inner {
      @Test
      void nested() {}
    }
  }

  @ExtendWith(OnlyInsideRealClusterSummaryTest.class)
  static class PlainFixture {
    @Test
    void plain() {}

    @Test
    @Tag(RealClusterTest.TAG)
    void taggedMethodOnly() {}
  }
}
