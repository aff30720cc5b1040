package io.cutover.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The floor: the fewest API requests one migration of the benchmark's shape needs, by cluster and verb, derived from
 * what Kubernetes requires rather than from what the design happens to do (docs/performance.md, "The floor"; design
 * entry 144): each write once; each authoritative proof once, repeated only for what may have changed since and an
 * informer cannot show; reads an informer serves count zero.
 */
public final class Floor {
  static final List<String> CLUSTERS = List.of("control", "source", "target");
  /** Phases a completed migration enters (Planning, Planned, Provisioning, DualRun, CuttingOver, Verifying, Completed). */
  static final int PHASES_ENTERED = 7;
  /** Events a completed migration records: one per phase entered, TokenIssued, CredentialsRevoked. */
  static final int EVENTS = PHASES_ENTERED + 2;
  /** The requester's grant, asked of the control cluster before each step that writes: Planning, Provisioning, the preparation, the cutover. */
  static final int REQUESTER_CHECKS = 4;

  private Floor() {}

  /**
   * The floor per migration of the benchmark's shape (a delivered token, Mirror RBAC, revoke legacy Secrets,
   * bindings and the ServiceAccount; one legacy token Secret, one binding naming the identity), with
   * {@code accessChecks} permissions to prove on the target (one SubjectAccessReview each; Kubernetes has no batch
   * access review): cluster to verb to requests, with a "total" per cluster. Each line is one necessity.
   */
  public static Map<String, Map<String, Double>> perMigration(int accessChecks) {
    Map<String, Map<String, Long>> floor = new LinkedHashMap<>();
    Map<String, Long> control = new TreeMap<>();
    add(control, "patch", 1); // the finalizer
    add(control, "update", PHASES_ENTERED); // status, once per phase entered: Planning .. Completed
    add(control, "update", 1); // status: the revocation prepared before the deadline (the intent's UIDs, crash-safe)
    add(control, "create", EVENTS); // Events (issue 4): one per phase entered, TokenIssued, CredentialsRevoked
    add(control, "create", REQUESTER_CHECKS); // SubjectAccessReview of the requester before each step that writes
    floor.put("control", control); // MigrationPolicy and kubeconfig Secrets: informers, 0

    Map<String, Long> source = new TreeMap<>();
    // Planning: the migrator's own rights (the canary's, the revocations'): RBAC informers, 0 (design entry 146)
    add(source, "get", 1); // Planning: the ServiceAccount
    add(source, "list", 2); // Planning: its legacy token Secrets, its Pods (RBAC: informer, 0)
    add(source, "get", 1); // the preparation: the ServiceAccount again (the source may change during the dual run)
    add(source, "list", 2); // the preparation: its legacy token Secrets (names, UIDs), its Pods
    add(source, "create", 2); // the preparation: the canary's Secret, its TokenRequest
    add(source, "update", 1); // the preparation: the canary token written into its Secret
    add(source, "delete", 2); // cutover: the legacy Secret, the ServiceAccount (UIDs prepared)
    add(source, "update", 1); // cutover: the subject out of the binding (version from the informer)
    add(source, "list", 1); // cutover, beside the writes: a legacy Secret created since the preparation
    add(source, "get", 1); // verifying: the canary's Secret
    add(source, "create", 1); // verifying: TokenReview of the canary
    add(source, "list", 1); // verifying: no legacy token Secret left
    add(source, "delete", 1); // verifying: the canary's Secret
    floor.put("source", source);

    Map<String, Long> target = new TreeMap<>();
    // Planning: the migrator's own rights, one per permission it mirrors: RBAC informers, 0 (design entry 146)
    add(target, "get", 3); // Planning: the namespace, an existing ServiceAccount, the delivery Secret (RBAC: informer, 0)
    add(target, "create", 4); // provisioning: ServiceAccount, Role, RoleBinding, delivery Secret
    add(target, "create", 1); // provisioning: TokenRequest
    add(target, "update", 1); // provisioning: the token written into the delivery Secret
    add(target, "create", 1 + accessChecks); // the proof, once: TokenReview, one SubjectAccessReview per permission
    // (the ServiceAccount's UID and the token are in hand from provisioning; repeated only when the target's rules in
    // the informers change or a permission is new: design entry 142)
    add(target, "get", 1); // at the deadline: the delivered token (a Secret the operator may not watch)
    add(target, "create", 1); // at the deadline: its TokenReview (also fails if its ServiceAccount or Secret went)
    add(target, "get", 1); // verifying: the delivered token again
    add(target, "create", 1); // verifying: its TokenReview
    floor.put("target", target);
    return perMigration(floor, 1);
  }

  private static void add(Map<String, Long> verbs, String verb, long n) {
    verbs.merge(verb, n, Long::sum);
  }

  /** Counts divided by {@code migrations}, with a "total" per cluster. */
  public static Map<String, Map<String, Double>> perMigration(Map<String, Map<String, Long>> counts, int migrations) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (String cluster : CLUSTERS) {
      Map<String, Double> verbs = new TreeMap<>();
      long total = 0;
      for (Map.Entry<String, Long> e : counts.getOrDefault(cluster, Map.of()).entrySet()) {
        verbs.put(e.getKey(), round((double) e.getValue() / migrations));
        total += e.getValue();
      }
      verbs.put("total", round((double) total / migrations));
      out.put(cluster, verbs);
    }
    return out;
  }

  /** Measured total over floor total, per cluster and for all clusters ("all"). */
  public static Map<String, Double> ratios(Map<String, Map<String, Double>> measured,
      Map<String, Map<String, Double>> floor) {
    Map<String, Double> out = new LinkedHashMap<>();
    double measuredAll = 0;
    double floorAll = 0;
    for (String cluster : CLUSTERS) {
      double m = measured.getOrDefault(cluster, Map.of()).getOrDefault("total", 0.0);
      double f = floor.getOrDefault(cluster, Map.of()).getOrDefault("total", 0.0);
      out.put(cluster, f == 0 ? 0 : round(m / f));
      measuredAll += m;
      floorAll += f;
    }
    out.put("all", floorAll == 0 ? 0 : round(measuredAll / floorAll));
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
