package io.cutover.cli;

import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A plugin command about one migration, named by its argument in the kubeconfig's (or {@code -n}) namespace: reads
 * it, says so on stderr and exits 1 when it is not found, otherwise hands it to {@link #run}.
 */
abstract class MigrationCommand implements Callable<Integer> {
  @Mixin
  KubeOptions kube;

  @Parameters(index = "0", paramLabel = "NAME", description = "The ServiceAccountMigration.")
  String name;

  @Spec
  CommandSpec spec;

  @Override
  public final Integer call() {
    try (KubernetesClient client = kube.client()) {
      String ns = kube.namespace(client);
      var resource = client.resources(ServiceAccountMigration.class).inNamespace(ns).withName(name);
      ServiceAccountMigration m = resource.get();
      if (m == null) {
        spec.commandLine().getErr().println("serviceaccountmigration " + ns + "/" + name + " not found");
        return 1;
      }
      return run(client, ns, resource, m);
    }
  }

  /** The command's work on the migration {@code m} as read, in namespace {@code ns}; returns the exit code. */
  abstract int run(KubernetesClient client, String ns, Resource<ServiceAccountMigration> resource,
      ServiceAccountMigration m);
}
