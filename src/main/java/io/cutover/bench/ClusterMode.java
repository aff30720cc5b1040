package io.cutover.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The clusters the benchmark runs on: the sandbox in its own JVM (the default), or real control planes. */
public enum ClusterMode {
  /** The sandbox's control, source and target, in the benchmark's JVM ({@link SandboxClusters}). */
  SANDBOX("sandbox"),
  /** Real etcd, kube-apiserver and kube-controller-manager per cluster, as {@code clusters --real} starts them. */
  REAL("real");

  private final String label;

  ClusterMode(String label) {
    this.label = label;
  }

  /** As the command line and the report spell it. */
  public String label() {
    return label;
  }

  public static ClusterMode parse(String label) {
    for (ClusterMode mode : values()) {
      if (mode.label.equals(label)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("clusters must be one of "
        + Arrays.stream(values()).map(ClusterMode::label).collect(Collectors.joining(", ")) + ", not " + label);
  }
}
