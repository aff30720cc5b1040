package io.cutover.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The production entry point, main class of {@code target/cutover-operator.jar} (the image's jar): {@code operator},
 * {@code crd}, and the kubectl plugin's {@code plan}, {@code status}, {@code approve}, {@code rollback}. Nothing it
 * reaches needs the sandbox, the benchmark, the real-cluster harness or the mock server, none of which that jar holds;
 * {@link Main} adds those commands for the developer jar.
 */
@Command(name = "cutover", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "cutover 0.1.0",
    description = "Moves a workload identity between Kubernetes clusters without a window of exposure.",
    subcommands = {OperatorCommand.class, CrdCommand.class, PlanCommand.class, StatusCommand.class, ApproveCommand.class,
        RollbackCommand.class})
public final class OperatorMain implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    CommonPool.atLeastTwoThreads();
    System.exit(new CommandLine(new OperatorMain()).execute(args));
  }
}
