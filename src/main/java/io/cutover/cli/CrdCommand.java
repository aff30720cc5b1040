package io.cutover.cli;

import io.cutover.config.CrdManifest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "crd", description = "Print the ServiceAccountMigration CRD, or with --policy the MigrationPolicy CRD, or with --wave the ServiceAccountMigrationWave CRD (as committed in crds/).")
final class CrdCommand implements Callable<Integer> {
  @Option(names = "--policy", description = "Print the MigrationPolicy CRD instead.")
  boolean policy;

  @Option(names = "--wave", description = "Print the ServiceAccountMigrationWave CRD instead.")
  boolean wave;

  @Override
  public Integer call() {
    System.out.print(wave ? CrdManifest.waveYaml() : policy ? CrdManifest.policyYaml() : CrdManifest.yaml());
    return 0;
  }
}
