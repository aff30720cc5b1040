package io.cutover.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The developer and demo entry point, main class of {@code target/cutover.jar}: the commands of {@link OperatorMain}
 * plus the ones that need the sandbox, the benchmark or the real-cluster harness ({@code sandbox}, {@code bench},
 * {@code clusters}). Only this class, {@link SandboxCommand}, {@link BenchCommand} and {@link ClustersCommand} in
 * {@code cli} may import those packages (ArchitectureTest); the operator jar leaves all four out.
 */
@Command(name = "cutover", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "cutover 0.1.0",
    description = "Moves a workload identity between Kubernetes clusters without a window of exposure.",
    subcommands = {OperatorCommand.class, SandboxCommand.class, ClustersCommand.class, CrdCommand.class, BenchCommand.class,
        PlanCommand.class, StatusCommand.class, ApproveCommand.class, RollbackCommand.class})
public final class Main implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    CommonPool.atLeastTwoThreads();
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
