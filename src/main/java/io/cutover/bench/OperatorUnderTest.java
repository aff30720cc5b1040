package io.cutover.bench;

/**
 * The operator the benchmark drives, in its own process or in the benchmark's JVM ({@link OperatorMode}). Started
 * and ready (informers synced) when constructed; {@link #measureAtEnd()} once the last migration is final,
 * {@link #close()} stops it, and {@link #figures()} is read after that.
 */
sealed interface OperatorUnderTest extends AutoCloseable permits InProcessOperator, OperatorProcess {
  /** From the operator's start to ready, in milliseconds. */
  long startToReadyMillis();

  /** What can only be read while the operator still runs (its resident set, its heap); best effort, never throws. */
  void measureAtEnd();

  /** Stops the operator; never leaves it running. */
  @Override
  void close();

  /** The operator's own figures for the report (complete after {@link #close()}). */
  BenchReport.OperatorFigures figures();
}
