package io.cutover.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The floor: the fewest API requests the design needs for one migration of the benchmark's shape, by cluster and
 * verb (derived step by step in docs/performance.md; reads an informer cache can serve count zero).
 */
public final class Floor {
  static final List<String> CLUSTERS = List.of("control", "source", "target");
  /** Phases a completed migration enters (Planning, Planned, Provisioning, DualRun, CuttingOver, Verifying, Completed). */
  static final int PHASES_ENTERED = 7;
  /** Events a completed migration records: one per phase entered, TokenIssued, CredentialsRevoked. */
  static final int EVENTS = PHASES_ENTERED + 2;

  private Floor() {}

  /**
   * The floor per migration of the benchmark's shape (a delivered token, Mirror RBAC, revoke legacy Secrets,
   * bindings and the ServiceAccount; one legacy token Secret, one binding naming the identity), with
   * {@code accessChecks} SubjectAccessReviews per proof of the target: cluster to verb to requests, with a "total"
   * per cluster. Each line is one step's necessary requests (docs/performance.md, "The floor").
   */
  public static Map<String, Map<String, Double>> perMigration(int accessChecks) {
    Map<String, Map<String, Long>> floor = new LinkedHashMap<>();
    Map<String, Long> control = new TreeMap<>();
    add(control, "patch", 1); // the finalizer
    add(control, "update", PHASES_ENTERED); // status, once per phase entered: Planning .. Completed
    // status: the pre-cutover proof's result (design entry 31), which the re-check at the deadline (and a restarted
    // operator) reads to know the proof is fresh
    add(control, "update", 1);
    // Events, events.k8s.io/v1 (issue 4: the design records every transition and outcome as an Event): one per phase entered
    // (7, as the status writes), one for the token issued, one for the revocation finished
    add(control, "create", EVENTS);
    floor.put("control", control); // kubeconfig Secrets: informer, 0

    Map<String, Long> source = new TreeMap<>();
    for (int plan = 0; plan < 3; plan++) { // Planning, and the re-plans before provisioning and before cutover
      add(source, "get", 1); // the ServiceAccount
      add(source, "list", 2); // its legacy token Secrets, its Pods (RBAC and issuer: informer/cached, 0)
    }
    add(source, "create", 2); // canary: its Secret, its TokenRequest
    add(source, "update", 1); // canary token written into its Secret
    add(source, "list", 1); // cutover: the legacy token Secrets that belong to the identity now
    add(source, "delete", 2); // cutover: the legacy Secret, the ServiceAccount (UID known, no GET needed)
    add(source, "update", 1); // cutover: the subject out of the binding (version from the informer)
    add(source, "get", 1); // verifying: the canary's Secret
    add(source, "create", 1); // verifying: TokenReview of the canary
    add(source, "list", 1); // verifying: no legacy token Secret left
    add(source, "delete", 1); // verifying: the canary's Secret
    floor.put("source", source);

    Map<String, Long> target = new TreeMap<>();
    for (int plan = 0; plan < 3; plan++) {
      add(target, "get", 3); // the namespace, an existing ServiceAccount, the delivery Secret (RBAC: informer, 0)
    }
    add(target, "create", 4); // provisioning: ServiceAccount, Role, RoleBinding, delivery Secret
    add(target, "create", 1); // provisioning: TokenRequest
    add(target, "update", 1); // provisioning: the token written into the delivery Secret
    for (int proof = 0; proof < 3; proof++) { // provisioning, before cutover, verifying
      add(target, "get", 1); // the ServiceAccount's UID
      add(target, "create", 1 + accessChecks); // TokenReview, one SubjectAccessReview per permission
    }
    add(target, "get", 2); // the delivered token, read back for the proofs before cutover and in verifying
    // the re-check at the deadline (design entry 31): the ServiceAccount's UID, the delivered token, its TokenReview
    // and every SubjectAccessReview again — the authorizer's answer at the moment of cutover
    add(target, "get", 2);
    add(target, "create", 1 + accessChecks);
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
