package io.cutover.cli;

import io.cutover.config.CrdManifest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "crd", description = "Print the ServiceAccountMigration CRD (as committed in crds/).")
final class CrdCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.print(CrdManifest.yaml());
    return 0;
  }
}
