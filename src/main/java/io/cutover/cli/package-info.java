/**
 * The command line. {@link io.cutover.cli.OperatorMain} is the image's entry point ({@code operator}, {@code crd} and
 * the kubectl plugin's {@code plan}, {@code status}, {@code approve}, {@code rollback}); {@link io.cutover.cli.Main}
 * adds the developer commands {@code sandbox}, {@code bench} and {@code clusters}, the only classes here that may use
 * {@code sandbox}, {@code bench} or {@code realcluster} ({@code ArchitectureTest}); the operator jar leaves them out.
 * {@link io.cutover.cli.PluginMain} is what {@code bin/kubectl-cutover} runs from either jar: the plugin's four commands
 * as {@code kubectl cutover}.
 */
package io.cutover.cli;
