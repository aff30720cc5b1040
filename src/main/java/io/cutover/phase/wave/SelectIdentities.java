package io.cutover.phase.wave;

import io.cutover.api.v1alpha1.WaveSource;
import io.cutover.cluster.ClusterReader;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Step: the identities a wave selects on its source, sorted (namespace, then name), so batches come in a stable
 * order. Every ServiceAccount of the namespaces carrying all of matchLabels, except each namespace's
 * {@code default}; plus the named ones that exist; less the excluded. One list per namespace.
 */
public final class SelectIdentities {
  private SelectIdentities() {}

  public static List<WaveIdentity> select(WaveSource source, ClusterReader reader) {
    Map<String, String> labels = source.getMatchLabels() == null ? Map.of() : source.getMatchLabels();
    Set<WaveIdentity> excluded = new HashSet<>();
    for (String e : nonNull(source.getExclude())) {
      WaveIdentity id = WaveIdentity.parse(e);
      if (id != null) {
        excluded.add(id);
      }
    }
    TreeSet<WaveIdentity> selected = new TreeSet<>();
    for (String ns : new TreeSet<>(nonNull(source.getNamespaces()))) {
      if (ns == null) {
        continue;
      }
      for (ServiceAccount sa : reader.serviceAccounts(ns, labels)) {
        String name = sa.getMetadata() == null ? null : sa.getMetadata().getName();
        if (name != null && !"default".equals(name)) {
          selected.add(new WaveIdentity(ns, name));
        }
      }
    }
    for (String named : nonNull(source.getServiceAccounts())) {
      WaveIdentity id = WaveIdentity.parse(named);
      if (id != null && !selected.contains(id) && reader.serviceAccount(id.namespace(), id.name()).isPresent()) {
        selected.add(id);
      }
    }
    selected.removeAll(excluded);
    return List.copyOf(selected);
  }

  private static <T> List<T> nonNull(List<T> l) {
    return l == null ? List.of() : l.stream().filter(Objects::nonNull).toList();
  }
}
