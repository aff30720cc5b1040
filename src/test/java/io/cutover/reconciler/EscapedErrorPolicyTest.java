package io.cutover.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.phase.PhaseMachine;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import org.junit.jupiter.api.Test;

/** What happens when an exception escapes reconcile (a failed status write): never a wait for the maximum interval. */
class EscapedErrorPolicyTest {
  private static RetryInfo attempt(int n, boolean last) {
    return new RetryInfo() {
      @Override
      public int getAttemptCount() {
        return n;
      }

      @Override
      public boolean isLastAttempt() {
        return last;
      }
    };
  }

  @Test
  void whileJosdkHasRetriesLeftItsRetryHandlesTheError() {
    var control = MigrationReconciler.afterEscapedError(attempt(3, false), new IllegalStateException("409"));

    assertThat(control.isDefaultErrorProcessing()).isTrue();
  }

  @Test
  void afterJosdksLastRetryTheMigrationIsRescheduledWithinTheBackoffCap() {
    var control = MigrationReconciler.afterEscapedError(attempt(10, true), new IllegalStateException("control cluster down"));

    assertThat(control.isDefaultErrorProcessing()).isFalse();
    assertThat(control.isNoRetry()).as("JOSDK's exhausted retry is replaced, not continued").isTrue();
    assertThat(control.getScheduleDelay()).as("rescheduled, not left to the maximum interval")
        .hasValue(PhaseMachine.MAX_BACKOFF.toMillis());
    assertThat(control.getResource()).as("no status write on the error path").isEmpty();
  }

  @Test
  void withoutRetryConfiguredTheMigrationIsStillRescheduled() {
    var control = MigrationReconciler.afterEscapedError(null, new RuntimeException());

    assertThat(control.getScheduleDelay()).hasValue(PhaseMachine.MAX_BACKOFF.toMillis());
  }
}
