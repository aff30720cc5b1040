package io.cutover.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one runnable jar: {@code operator}, {@code sandbox}, {@code clusters}, {@code crd}, {@code bench}, and the
 * kubectl plugin's
 * {@code plan}, {@code status}, {@code approve}, {@code rollback}.
 */
@Command(name = "cutover", mixinStandardHelpOptions = true, version = "cutover 0.1.0",
    description = "Moves a workload identity between Kubernetes clusters without a window of exposure.",
    subcommands = {OperatorCommand.class, SandboxCommand.class, ClustersCommand.class, CrdCommand.class, BenchCommand.class,
        PlanCommand.class, StatusCommand.class, ApproveCommand.class, RollbackCommand.class})
public final class Main implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
