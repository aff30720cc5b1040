package io.cutover.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The kubectl plugin's entry point ({@code bin/kubectl-cutover} runs it from either jar): only {@code plan},
 * {@code status}, {@code approve} and {@code rollback}, under the name a user types, so {@code kubectl cutover --help}
 * and {@code kubectl cutover plan --help} show what docs/operations.md section 4 documents (PluginHelpTest). The help
 * options are inherited by every subcommand.
 */
@Command(name = "kubectl cutover", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
    version = "kubectl-cutover 0.1.0",
    description = "Plan, watch, approve and roll back Cutover's ServiceAccount migrations (docs/operations.md).",
    subcommands = {PlanCommand.class, StatusCommand.class, ApproveCommand.class, RollbackCommand.class})
public final class PluginMain implements Runnable {
  /** The commands the plugin has, in the order its help lists them. */
  public static final List<String> COMMANDS = List.of("plan", "status", "approve", "rollback");

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new PluginMain()).execute(args));
  }
}
