package io.cutover.cli;

/**
 * The common pool's parallelism, set before anything creates the pool: at least 2, so that {@code CompletableFuture}'s
 * async stages run on the common pool and not on a new thread each, which is what the JDK does when the pool's
 * parallelism is 1 (one or two processors). The JDK's HTTP client completes every request with such a stage (design
 * entry 159). A value given on the command line is kept; the shipped JVM options give it too, since a library that
 * touched the pool before {@code main} would make this too late.
 */
final class CommonPool {
  static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private CommonPool() {
  }

  static void atLeastTwoThreads() {
    if (System.getProperty(PARALLELISM) == null) {
      System.setProperty(PARALLELISM, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
    }
  }
}
