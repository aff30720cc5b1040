package io.cutover.discovery;

import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.Ownership;
import io.cutover.cluster.NamespaceInventory;
import io.cutover.policy.ProtectedIdentities;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Which ServiceAccounts of the namespaces are in use and by what, and which are idle (issue 19, a wave's dry run).
 *
 * <p>A ServiceAccount is <em>in use</em> when a Pod that has not finished (phase not Succeeded or Failed) runs as it,
 * or when the Pod template of a Deployment, StatefulSet, DaemonSet, Job, CronJob or ReplicaSet that no Deployment
 * owns names it — the ReplicaSets of a Deployment are the Deployment's, already counted. A Pod or template names the
 * ServiceAccount in {@code serviceAccountName}, else in the deprecated {@code serviceAccount}, else it names
 * {@value ProtectedIdentities#DEFAULT_SERVICE_ACCOUNT} — as kube-apiserver reads a v1 PodSpec (the deprecated field
 * fills the name only when the name is empty) and as its ServiceAccount admission sets it. Otherwise it is
 * <em>idle</em>. Its legacy token Secrets ({@value Ownership#SA_NAME_ANNOTATION} naming it) are reported with their
 * last-used dates; they do not make it in use (a token used from outside the cluster shows only there).
 *
 * <p>Idle identities come first; then the one whose legacy tokens were used longest ago (never first); then by
 * namespace and name; what names an identity is sorted by kind and name. Objects with no name (odd JSON the API server stored) are passed over; nothing here throws for
 * the shape of an object. The result holds names, kinds and dates only.
 */
public final class IdentityDiscovery {
  /** Idle first, then the oldest last use (none first), then namespace and name. */
  public static final Comparator<DiscoveredIdentity> ORDER = Comparator
      .comparing(DiscoveredIdentity::inUse)
      .thenComparing(d -> d.lastUsed().orElse(LocalDate.MIN))
      .thenComparing(DiscoveredIdentity::cluster, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(DiscoveredIdentity::namespace)
      .thenComparing(DiscoveredIdentity::name);

  private IdentityDiscovery() {}

  /** Every ServiceAccount of the inventories, classified, in {@link #ORDER}. */
  public static List<DiscoveredIdentity> discover(Collection<NamespaceInventory> inventories,
      ProtectedIdentities protect) {
    List<DiscoveredIdentity> out = new ArrayList<>();
    for (NamespaceInventory inv : inventories) {
      out.addAll(discover(inv, protect));
    }
    out.sort(ORDER);
    return out;
  }

  private static List<DiscoveredIdentity> discover(NamespaceInventory inv, ProtectedIdentities protect) {
    String ns = inv.namespace();
    Map<String, Uses> byName = new TreeMap<>();
    for (ServiceAccount sa : inv.serviceAccounts()) {
      String name = name(sa);
      if (name != null) {
        byName.putIfAbsent(name, new Uses());
      }
    }
    for (Pod pod : inv.pods()) {
      String name = name(pod);
      Uses uses = byName.get(serviceAccountOf(pod.getSpec()));
      if (name != null && uses != null && !finished(pod)) {
        uses.pods.putIfAbsent(name, ObjectRef.of("Pod", ns, name));
      }
    }
    workloads(inv.deployments(), "Deployment", d -> d.getSpec() == null ? null : d.getSpec().getTemplate(), ns, byName);
    workloads(inv.statefulSets(), "StatefulSet", s -> s.getSpec() == null ? null : s.getSpec().getTemplate(), ns,
        byName);
    workloads(inv.daemonSets(), "DaemonSet", d -> d.getSpec() == null ? null : d.getSpec().getTemplate(), ns, byName);
    workloads(inv.jobs(), "Job", j -> j.getSpec() == null ? null : j.getSpec().getTemplate(), ns, byName);
    workloads(inv.cronJobs(), "CronJob", IdentityDiscovery::template, ns, byName);
    workloads(inv.replicaSets().stream().filter(rs -> !ownedByADeployment(rs)).toList(), "ReplicaSet",
        rs -> rs.getSpec() == null ? null : rs.getSpec().getTemplate(), ns, byName);
    for (Secret secret : inv.legacyTokenSecrets()) {
      String name = name(secret);
      Map<String, String> annotations = secret.getMetadata() == null ? null : secret.getMetadata().getAnnotations();
      Uses uses = annotations == null ? null : byName.get(annotations.get(Ownership.SA_NAME_ANNOTATION));
      if (name != null && uses != null && Ownership.LEGACY_TOKEN_TYPE.equals(secret.getType())) {
        Map<String, String> labels = secret.getMetadata().getLabels();
        uses.tokens.putIfAbsent(name,
            new LegacyToken(name, labels == null ? null : labels.get(Ownership.LEGACY_LAST_USED_LABEL)));
      }
    }
    List<DiscoveredIdentity> out = new ArrayList<>();
    byName.forEach((name, uses) -> out.add(new DiscoveredIdentity(inv.cluster(), ns, name,
        List.copyOf(uses.pods.values()), List.copyOf(uses.workloads.values()), List.copyOf(uses.tokens.values()),
        protect.neverMoved(ns, name).orElse(null))));
    return out;
  }

  /**
   * The ServiceAccount a Pod (or a Pod template) runs as: {@code serviceAccountName}, else the deprecated
   * {@code serviceAccount}, else {@value ProtectedIdentities#DEFAULT_SERVICE_ACCOUNT}.
   */
  public static String serviceAccountOf(PodSpec spec) {
    if (spec != null && spec.getServiceAccountName() != null && !spec.getServiceAccountName().isEmpty()) {
      return spec.getServiceAccountName();
    }
    if (spec != null && spec.getServiceAccount() != null && !spec.getServiceAccount().isEmpty()) {
      return spec.getServiceAccount();
    }
    return ProtectedIdentities.DEFAULT_SERVICE_ACCOUNT;
  }

  private static <T extends HasMetadata> void workloads(List<T> objects, String kind,
      Function<T, PodTemplateSpec> template, String ns, Map<String, Uses> byName) {
    for (T o : objects) {
      String name = name(o);
      PodTemplateSpec t = template.apply(o);
      Uses uses = byName.get(serviceAccountOf(t == null ? null : t.getSpec()));
      if (name != null && uses != null) {
        uses.workloads.putIfAbsent(kind + "/" + name, ObjectRef.of(kind, ns, name));
      }
    }
  }

  private static PodTemplateSpec template(CronJob c) {
    if (c.getSpec() == null || c.getSpec().getJobTemplate() == null || c.getSpec().getJobTemplate().getSpec() == null) {
      return null;
    }
    return c.getSpec().getJobTemplate().getSpec().getTemplate();
  }

  private static boolean ownedByADeployment(HasMetadata rs) {
    List<OwnerReference> owners = rs.getMetadata() == null ? null : rs.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().filter(Objects::nonNull).anyMatch(o -> "Deployment".equals(o.getKind()));
  }

  private static boolean finished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static String name(HasMetadata o) {
    String name = o.getMetadata() == null ? null : o.getMetadata().getName();
    return name == null || name.isEmpty() ? null : name;
  }

  /**
   * What names one ServiceAccount, sorted by name (kind/name for workloads) so the answer does not depend on the
   * order the lists came in; of duplicates the first seen is kept.
   */
  private static final class Uses {
    final Map<String, ObjectRef> pods = new TreeMap<>();
    final Map<String, ObjectRef> workloads = new TreeMap<>();
    final Map<String, LegacyToken> tokens = new TreeMap<>();
  }
}
