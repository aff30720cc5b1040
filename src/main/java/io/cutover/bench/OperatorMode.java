package io.cutover.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Where the benchmark runs the operator: its own process (the default), or in the benchmark's JVM. */
public enum OperatorMode {
  /**
   * {@code java -cp <the bench's class path> io.cutover.cli.Main operator} against the sandbox's control cluster:
   * the operator's heap, RSS, CPU and start-up are its own, measured from outside.
   */
  PROCESS("process"),
  /** {@code CutoverOperator.start} in the benchmark's JVM, next to the sandbox: memory and CPU are shared. */
  IN_PROCESS("in-process");

  private final String label;

  OperatorMode(String label) {
    this.label = label;
  }

  /** As the command line and the report spell it. */
  public String label() {
    return label;
  }

  public static OperatorMode parse(String label) {
    for (OperatorMode mode : values()) {
      if (mode.label.equals(label)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("operator mode must be one of "
        + Arrays.stream(values()).map(OperatorMode::label).collect(Collectors.joining(", ")) + ", not " + label);
  }
}
