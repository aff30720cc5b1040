package io.cutover.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one runnable jar: {@code operator}, {@code sandbox}, {@code crd}, {@code bench}. */
@Command(name = "cutover", mixinStandardHelpOptions = true, version = "cutover 0.1.0",
    description = "Moves a workload identity between Kubernetes clusters without a window of exposure.",
    subcommands = {OperatorCommand.class, SandboxCommand.class, CrdCommand.class, BenchCommand.class})
public final class Main implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
