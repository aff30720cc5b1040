package io.cutover.phase;

/** One phase's work: a small idempotent function of spec, status and observed cluster state. */
public interface Step {
  StepResult run(StepContext ctx);
}
