package io.cutover.bench;

import io.cutover.api.v1alpha1.Ownership;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The source cluster's write rate for the requests a revocation makes, measured on throwaway objects in the same
 * run (burst mode, {@link Burst}): each throwaway identity is a ServiceAccount, its legacy token Secret, a
 * RoleBinding naming it and another ServiceAccount (the revocation removes the subject: an update) and a RoleBinding
 * naming only it (the revocation deletes the binding, as {@code Fabric8OwnedObjects.removeServiceAccountSubject}
 * does when the identity is the only subject — the bench's identities are). The four kinds are measured one after
 * another, in the revocation's order (Secrets, bindings, ServiceAccount), each with {@code concurrency} requests in
 * flight: the operator's reconciliation pool, the most cutovers it runs at once. The objects live in the bench's
 * namespaces, so the operator's informers receive their watch events as they receive the revocation's.
 */
final class WriteRate {
  static final String PREFIX = "burst-w-";
  static final String LABEL = "bench.cutover.io/throwaway";
  static final String DELETE_SECRETS = "delete secrets";
  static final String UPDATE_ROLEBINDINGS = "update rolebindings";
  static final String DELETE_ROLEBINDINGS = "delete rolebindings";
  static final String DELETE_SERVICEACCOUNTS = "delete serviceaccounts";

  private WriteRate() {}

  /**
   * How many throwaway identities: a tenth of N, at least 25 (a rate from fewer requests is mostly noise) and at most
   * 100 (each adds four objects to the source's store, which is larger than at the deadline while they exist).
   */
  static int throwaways(int n) {
    return Math.max(25, Math.min(100, n / 10));
  }

  private static String name(int j) {
    return String.format(PREFIX + "%05d", j);
  }

  private static String namespace(int j, int n) {
    int namespaces = (n + Bench.PER_NAMESPACE - 1) / Bench.PER_NAMESPACE;
    return Bench.namespace(j % namespaces);
  }

  /** Creates the throwaway identities of a run with {@code n} migrations (the bench's namespaces exist). */
  static void seed(KubernetesClient source, int n) throws Exception {
    Map<String, String> labels = Map.of(LABEL, "true");
    Bench.parallel(throwaways(n), 4, j -> {
      String ns = namespace(j, n);
      String sa = name(j);
      source.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder().withNewMetadata().withName(sa)
          .withNamespace(ns).withLabels(labels).endMetadata().build()).create();
      source.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(sa + "-token-legacy")
          .withNamespace(ns).withLabels(labels).withAnnotations(Map.of(Ownership.SA_NAME_ANNOTATION, sa)).endMetadata()
          .withType(Ownership.LEGACY_TOKEN_TYPE).build()).create();
      source.rbac().roleBindings().inNamespace(ns).resource(binding(ns, sa + "-update", labels, sa, PREFIX + "other"))
          .create();
      source.rbac().roleBindings().inNamespace(ns).resource(binding(ns, sa + "-delete", labels, sa)).create();
    });
  }

  private static RoleBinding binding(String ns, String name, Map<String, String> labels, String... subjects) {
    RoleBindingBuilder b = new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(ns)
        .withLabels(labels).endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "view");
    for (String s : subjects) {
      b.addNewSubject().withKind("ServiceAccount").withName(s).withNamespace(ns).endSubject();
    }
    return b.build();
  }

  /**
   * Measures the four kinds on the throwaway identities, {@code concurrency} requests in flight. {@code inDualRun}:
   * how many migrations were in the dual run when it began; {@code deadline}: the shared deadline, to say how long
   * before it the measurement ended.
   */
  static BurstReport.WriteRate measure(KubernetesClient source, int n, int concurrency, int inDualRun,
      Instant deadline) throws Exception {
    int t = throwaways(n);
    // The bindings to update are read before the clock starts: the revocation reads its binding too, but that read
    // is not a write, and the rate measured here is the writes'.
    List<RoleBinding> toUpdate = new ArrayList<>();
    for (int j = 0; j < t; j++) {
      toUpdate.add(source.rbac().roleBindings().inNamespace(namespace(j, n)).withName(name(j) + "-update").get());
    }
    Map<String, BurstReport.KindRate> byKind = new LinkedHashMap<>();
    byKind.put(DELETE_SECRETS, timed(t, concurrency, j -> source.secrets().inNamespace(namespace(j, n))
        .withName(name(j) + "-token-legacy").delete()));
    byKind.put(UPDATE_ROLEBINDINGS, timed(t, concurrency, j -> {
      RoleBinding b = toUpdate.get(j);
      List<Subject> rest = b.getSubjects().stream().filter(s -> !s.getName().equals(name(j))).toList();
      b.setSubjects(new ArrayList<>(rest));
      source.rbac().roleBindings().inNamespace(namespace(j, n)).resource(b).update();
    }));
    byKind.put(DELETE_ROLEBINDINGS, timed(t, concurrency, j -> source.rbac().roleBindings()
        .inNamespace(namespace(j, n)).withName(name(j) + "-delete").delete()));
    byKind.put(DELETE_SERVICEACCOUNTS, timed(t, concurrency, j -> source.serviceAccounts()
        .inNamespace(namespace(j, n)).withName(name(j)).delete()));
    double seconds = byKind.values().stream().mapToDouble(BurstReport.KindRate::seconds).sum();
    long requests = byKind.values().stream().mapToLong(BurstReport.KindRate::requests).sum();
    return new BurstReport.WriteRate(concurrency, t, inDualRun, Duration.between(Instant.now(), deadline).toMillis(),
        byKind, Bench.round(requests / seconds));
  }

  private static BurstReport.KindRate timed(int requests, int concurrency, IntConsumer request) throws Exception {
    long start = System.nanoTime();
    Bench.parallel(requests, concurrency, request);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new BurstReport.KindRate(requests, Bench.round(seconds), Bench.round(requests / seconds));
  }
}
