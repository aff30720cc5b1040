package io.cutover.cli;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.function.Predicate;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The only spec writes Cutover makes, each on a user's explicit command: a JSON merge patch (RFC 7386) of one field,
 * refused where the operator would ignore it.
 */
final class SpecPatch {
  private SpecPatch() {}

  /** {@code accepts}: the gate on {@link Phase} the patched field has (a migration without a phase accepts it). */
  static int apply(CommandSpec spec, KubeOptions kube, String name, String patch, Predicate<Phase> accepts, String what) {
    try (KubernetesClient client = kube.client()) {
      String ns = kube.namespace(client);
      var resource = client.resources(ServiceAccountMigration.class).inNamespace(ns).withName(name);
      ServiceAccountMigration m = resource.get();
      if (m == null) {
        spec.commandLine().getErr().println("serviceaccountmigration " + ns + "/" + name + " not found");
        return 1;
      }
      Phase phase = m.getStatus() == null ? null : m.getStatus().getPhase();
      if (phase != null && !accepts.test(phase)) {
        spec.commandLine().getErr().println("serviceaccountmigration " + ns + "/" + name + " is " + phase + ": " + what
            + " no longer applies");
        return 1;
      }
      resource.patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      spec.commandLine().getOut().println("serviceaccountmigration.cutover.io/" + name + " patched (" + patch + ")");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
