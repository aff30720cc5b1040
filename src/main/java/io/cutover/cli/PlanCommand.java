package io.cutover.cli;

import io.cutover.api.v1alpha1.BindingRef;
import io.cutover.api.v1alpha1.IdentityField;
import io.cutover.api.v1alpha1.IdentityLoss;
import io.cutover.api.v1alpha1.LegacySecretRef;
import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.PlanStatus;
import io.cutover.api.v1alpha1.RuleRef;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.cluster.ClusterAccessException;
import io.cutover.cluster.ClusterConnector;
import io.cutover.cluster.ClusterPort;
import io.cutover.cluster.Fabric8ClusterPort;
import io.cutover.plan.Identities;
import io.cutover.phase.PlanService;
import io.cutover.phase.StepContext;
import io.cutover.plan.Plan;
import io.cutover.status.StatusEditor;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A dry-run plan of a migration file against the real source and target: the same observation and planner the
 * operator runs in Planning, printed as tables. Reads only; writes nothing to any cluster.
 */
@Command(name = "plan", description = {
    "Plan a migration from a file against the real source and target clusters; writes nothing.",
    "Prints bindings, effective rules, escalations, permission losses, the target ServiceAccount field by field, "
        + "the losses (each to accept in spec.acceptLosses), legacy token Secrets (last used), workloads and the "
        + "objects to create.",
    "The clusters come from the kubeconfig Secrets the migration names (read from the control cluster with your "
        + "credentials), or from --source-kubeconfig and --target-kubeconfig.",
    "Exit code 0: the plan is acceptable; 1: it would fail (the reason is printed)."})
final class PlanCommand implements Callable<Integer> {
  @Mixin
  KubeOptions kube;

  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE", description = "The ServiceAccountMigration YAML.")
  Path file;

  @Option(names = "--source-kubeconfig", paramLabel = "FILE", description = "Kubeconfig of the source cluster (instead of spec.source.cluster's Secret).")
  Path sourceKubeconfig;

  @Option(names = "--target-kubeconfig", paramLabel = "FILE", description = "Kubeconfig of the target cluster (instead of spec.target.cluster's Secret).")
  Path targetKubeconfig;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<AutoCloseable> open = new ArrayList<>();
    try (KubernetesClient control = kube.client(); ClusterConnector connector = new ClusterConnector(control)) {
      ServiceAccountMigration m;
      try (InputStream in = Files.newInputStream(file)) {
        m = control.getKubernetesSerialization().unmarshal(in, ServiceAccountMigration.class);
      }
      if (m == null || m.getSpec() == null || m.getSpec().getSource() == null) {
        spec.commandLine().getErr().println(file + " is not a ServiceAccountMigration with spec.source");
        return 2;
      }
      String ns = m.getMetadata().getNamespace() != null ? m.getMetadata().getNamespace() : kube.namespace(control);
      String name = m.getMetadata().getName();
      Identities ids = Identities.of(m.getSpec());
      ClusterPort source = port(ids.sourceCluster(), sourceKubeconfig, connector, ns, m.getSpec().getSource().getCluster(), open);
      ClusterPort target = port(ids.targetCluster(), targetKubeconfig, connector, ns,
          m.getSpec().getTarget() == null ? null : m.getSpec().getTarget().getCluster(), open);
      var existing = control.resources(ServiceAccountMigration.class).inNamespace(ns).withName(name).get();
      Plan plan = plan(m, ns, existing, source, target, Clock.systemUTC());
      print(out, ns + "/" + name, ids, plan);
      return plan.failure().isPresent() ? 1 : 0;
    } catch (ClusterAccessException e) {
      spec.commandLine().getErr().println("cannot plan: " + e.getMessage());
      return 2;
    } finally {
      for (AutoCloseable c : open) {
        c.close();
      }
    }
  }

  /**
   * The plan the operator's Planning step makes ({@link PlanService#complete}: spec defaults, trust plan, the
   * migrator's permissions), for {@code m} in namespace {@code ns}; {@code existing}, the stored migration if any,
   * lends its UID and generation (derived names and provenance), else the UID is "dry-run".
   */
  static Plan plan(ServiceAccountMigration m, String ns, ServiceAccountMigration existing, ClusterPort source,
      ClusterPort target, Clock clock) {
    ServiceAccountMigration resource = new ServiceAccountMigration();
    resource.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withNamespace(ns)
        .withName(m.getMetadata().getName())
        .withUid(existing != null ? existing.getMetadata().getUid() : "dry-run")
        .withGeneration(existing != null && existing.getMetadata().getGeneration() != null
            ? existing.getMetadata().getGeneration() : 1L).build());
    resource.setSpec(m.getSpec());
    var status = new io.cutover.api.v1alpha1.ServiceAccountMigrationStatus();
    StepContext ctx = new StepContext(resource, new StatusEditor(status, clock.instant(),
        resource.getMetadata().getGeneration()), clock, () -> source, () -> target);
    return PlanService.complete(ctx);
  }

  private static ClusterPort port(String clusterName, Path kubeconfig, ClusterConnector connector, String ns,
      io.cutover.api.v1alpha1.ClusterRef ref, List<AutoCloseable> open) {
    if (kubeconfig == null) {
      return connector.connect(ns, ref);
    }
    KubernetesClient client = KubeOptions.client(kubeconfig);
    open.add(client);
    return new Fabric8ClusterPort(clusterName, client);
  }

  static void print(PrintWriter out, String migration, Identities ids, Plan plan) {
    PlanStatus p = plan.status();
    out.println("Plan for " + migration + ": " + ids.sourceDisplay() + " -> " + ids.targetDisplay() + " (dry run: nothing was written)");
    out.println("Source issuer: " + dash(p.getSourceIssuer()) + "   target issuer: " + dash(p.getTargetIssuer())
        + "   target namespace exists: " + (Boolean.TRUE.equals(p.getTargetNamespaceExists()) ? "yes" : "no, it will be created"));
    out.println();
    section(out, "Bindings that grant the identity something", table(p.getBindings()), "none");
    section(out, "Effective rules on the source", rules(p.getEffectiveRules()), "none");
    section(out, "Escalations (the target would hold more)", rules(p.getEscalations()), "none");
    section(out, "Permission losses (cannot be carried to the target)", rules(p.getLosses()), "none");
    List<IdentityLoss> identityLosses = p.getIdentityLosses() == null ? List.of() : p.getIdentityLosses();
    section(out, "Target ServiceAccount, field by field",
        identity(p.getIdentity() == null ? List.of() : p.getIdentity()), "none");
    section(out, "Losses (what the target identity will not have)", identityLosses(identityLosses), "none");
    if (identityLosses.stream().anyMatch(l -> !l.accepted())) {
      out.println("Each loss not accepted must be listed by its id in spec.acceptLosses for the migration to go on.");
      out.println();
    }
    TextTable legacy = new TextTable("Secret", "Last used", "Invalid since");
    for (LegacySecretRef s : p.getLegacyTokenSecrets()) {
      legacy.row(s.name(), s.lastUsed() == null ? "never recorded" : s.lastUsed(), s.invalidSince());
    }
    section(out, "Legacy token Secrets (revoked at cutover)", legacy, "none");
    section(out, "Workloads running as the identity", objects(p.getWorkloads()), "none");
    if (p.getLongestProjectedTokenSeconds() != null) {
      out.println("Longest token projected into those Pods: " + p.getLongestProjectedTokenSeconds() + " s"
          + (Boolean.TRUE.equals(p.getProjectedTokenExtended())
              ? " (the kubelet's 3607 s token, which kube-apiserver extends to one year)" : "")
          + "; a relying party that verifies offline may accept old tokens that long after cutover");
      out.println();
    }
    section(out, "Objects to create on the target", objects(p.getTargetObjects()), "none");
    out.println("Access checks that will prove the target: " + (p.getAccessChecks() == null ? 0 : p.getAccessChecks()));
    if (plan.failure().isPresent()) {
      out.println("Plan FAILS: " + plan.failure().get().reason() + ": " + plan.failure().get().message());
    } else {
      out.println("Plan OK.");
    }
    out.flush();
  }

  private static void section(PrintWriter out, String title, TextTable table, String whenEmpty) {
    out.println(title + ":");
    table.print(out, "  ", whenEmpty);
    out.println();
  }

  private static TextTable table(List<BindingRef> bindings) {
    TextTable t = new TextTable("Kind", "Namespace", "Name", "Role", "Subject", "Built-in");
    for (BindingRef b : bindings) {
      t.row(b.kind(), b.namespace(), b.name(), b.roleKind() + "/" + b.roleName(), b.subjectKind(), b.builtInRole() ? "yes" : "no");
    }
    return t;
  }

  static TextTable rules(List<RuleRef> rules) {
    TextTable t = new TextTable("Namespace", "Verbs", "API groups", "Resources", "Names", "Note");
    for (RuleRef r : rules) {
      boolean nonResource = r.nonResourceURLs() != null && !r.nonResourceURLs().isEmpty();
      t.row(r.namespace() == null || r.namespace().isEmpty() ? "*cluster*" : r.namespace(), join(r.verbs()),
          nonResource || r.apiGroups() == null ? "" : join(r.apiGroups().stream().map(g -> g.isEmpty() ? "core" : g).toList()),
          nonResource ? join(r.nonResourceURLs()) : join(r.resources()), join(r.resourceNames()), r.note());
    }
    return t;
  }

  static TextTable identity(List<IdentityField> fields) {
    TextTable t = new TextTable("Field", "Source", "Target", "Action", "Reason");
    for (IdentityField f : fields) {
      t.row(f.field(), f.source(), f.target(), f.action(), f.reason());
    }
    return t;
  }

  static TextTable identityLosses(List<IdentityLoss> losses) {
    TextTable t = new TextTable("Id", "Kind", "Accepted", "Reason");
    for (IdentityLoss l : losses) {
      t.row(l.id(), l.kind(), l.accepted() ? "yes" : "no", l.reason());
    }
    return t;
  }

  private static TextTable objects(List<ObjectRef> objects) {
    TextTable t = new TextTable("Kind", "Namespace", "Name");
    for (ObjectRef o : objects) {
      t.row(o.kind(), o.namespace(), o.name());
    }
    return t;
  }

  private static String join(List<String> values) {
    return values == null ? "" : String.join(",", values);
  }

  private static String dash(String s) {
    return s == null ? "-" : s;
  }
}
