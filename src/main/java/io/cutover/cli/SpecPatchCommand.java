package io.cutover.cli;

import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.function.Predicate;

/**
 * The only spec writes Cutover makes, each on a user's explicit command: a JSON merge patch (RFC 7386) of one
 * field, refused where the operator would ignore it. A subclass names the patch and its gate on {@link Phase}.
 */
abstract class SpecPatchCommand extends MigrationCommand {
  private final Predicate<Phase> accepts;
  private final String what;

  /** {@code accepts}: the gate on {@link Phase} the patched field has (a migration without a phase accepts it). */
  SpecPatchCommand(Predicate<Phase> accepts, String what) {
    this.accepts = accepts;
    this.what = what;
  }

  /** The merge patch to send. */
  abstract String patch(KubernetesClient client, ServiceAccountMigration m);

  @Override
  final int run(KubernetesClient client, String ns, Resource<ServiceAccountMigration> resource,
      ServiceAccountMigration m) {
    Phase phase = m.getStatus() == null ? null : m.getStatus().getPhase();
    if (phase != null && !accepts.test(phase)) {
      spec.commandLine().getErr().println("serviceaccountmigration " + ns + "/" + name + " is " + phase + ": " + what
          + " no longer applies");
      return 1;
    }
    String patch = patch(client, m);
    resource.patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    spec.commandLine().getOut().println("serviceaccountmigration.cutover.io/" + name + " patched (" + patch + ")");
    spec.commandLine().getOut().flush();
    return 0;
  }
}
