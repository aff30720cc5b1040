package io.cutover.realcluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** How to start another JVM like this one: the operator process of the real clusters and of the benchmark. */
public final class ThisJvm {
  private ThisJvm() {}

  /** This JVM's java: {@code java.home}/bin/java, else the command this process was started with. */
  public static String javaExecutable() {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    Path java = Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    if (Files.isExecutable(java)) {
      return java.toString();
    }
    return ProcessHandle.current().info().command()
        .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this JVM"));
  }

  /**
   * This JVM's class path with every entry absolute: the shaded jar under {@code java -jar}, Surefire's manifest-only
   * jar (whose Class-Path manifest entry the child's JVM follows too) under {@code mvn test}.
   */
  public static String classPath() {
    return String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.isEmpty()).map(e -> Path.of(e).toAbsolutePath().toString()).toList());
  }
}
