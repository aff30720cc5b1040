package io.cutover.cluster;

import io.cutover.api.v1alpha1.Ownership;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link IdentityInventory} on a fabric8 client ({@link Fabric8ClusterPort#inventory()}): nine lists per namespace. */
final class Fabric8IdentityInventory extends Fabric8Part implements IdentityInventory {

  Fabric8IdentityInventory(Fabric8Session session) {
    super(session);
  }

  @Override
  public List<NamespaceInventory> inventory(Collection<String> namespaces,
      Optional<LabelSelector> serviceAccountSelector) {
    List<NamespaceInventory> out = new ArrayList<>();
    for (String ns : new LinkedHashSet<>(namespaces)) {
      out.add(namespace(ns, serviceAccountSelector));
    }
    return out;
  }

  private NamespaceInventory namespace(String ns, Optional<LabelSelector> selector) {
    List<ServiceAccount> serviceAccounts = session.call("list serviceaccounts", () -> selector
        .map(s -> client.serviceAccounts().inNamespace(ns).withLabelSelector(s).list())
        .orElseGet(() -> client.serviceAccounts().inNamespace(ns).list()).getItems());
    var pods = session.call("list pods", () -> client.pods().inNamespace(ns).list().getItems());
    var deployments = session.call("list deployments",
        () -> client.apps().deployments().inNamespace(ns).list().getItems());
    var statefulSets = session.call("list statefulsets",
        () -> client.apps().statefulSets().inNamespace(ns).list().getItems());
    var daemonSets = session.call("list daemonsets",
        () -> client.apps().daemonSets().inNamespace(ns).list().getItems());
    var jobs = session.call("list jobs", () -> client.batch().v1().jobs().inNamespace(ns).list().getItems());
    var cronJobs = session.call("list cronjobs",
        () -> client.batch().v1().cronjobs().inNamespace(ns).list().getItems());
    var replicaSets = session.call("list replicasets",
        () -> client.apps().replicaSets().inNamespace(ns).list().getItems());
    var secrets = session.call("list secrets", () -> client.secrets().inNamespace(ns)
        .withField("type", Ownership.LEGACY_TOKEN_TYPE).list().getItems().stream()
        .filter(s -> s != null && Ownership.LEGACY_TOKEN_TYPE.equals(s.getType()))
        .map(Fabric8IdentityInventory::withoutData)
        .toList());
    return new NamespaceInventory(session.clusterName, ns, serviceAccounts, pods, deployments, statefulSets,
        daemonSets, jobs, cronJobs, replicaSets, secrets);
  }

  /** Of a Secret's annotations only these pass: others may hold its data (kubectl's last-applied configuration). */
  static final String SA_UID_ANNOTATION = "kubernetes.io/service-account.uid";
  static final List<String> KEPT_ANNOTATIONS = List.of(Ownership.SA_NAME_ANNOTATION, SA_UID_ANNOTATION);

  /**
   * The Secret's name, uid, labels (where {@value Ownership#LEGACY_LAST_USED_LABEL} is), the annotations that name its
   * ServiceAccount, and its type: its token, CA and namespace data, and any other annotation, never leave this class.
   */
  static Secret withoutData(Secret s) {
    var meta = s.getMetadata() == null ? new ObjectMetaBuilder().build() : s.getMetadata();
    Map<String, String> annotations = new TreeMap<>();
    if (meta.getAnnotations() != null) {
      for (String key : KEPT_ANNOTATIONS) {
        String value = meta.getAnnotations().get(key);
        if (value != null) {
          annotations.put(key, value);
        }
      }
    }
    return new SecretBuilder().withNewMetadata().withNamespace(meta.getNamespace()).withName(meta.getName())
        .withUid(meta.getUid()).withLabels(meta.getLabels()).withAnnotations(annotations).endMetadata()
        .withType(s.getType()).build();
  }
}
