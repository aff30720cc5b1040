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

  private Floor() {}

  /** The floor per migration: cluster to verb to requests, with a "total" per cluster. */
  public static Map<String, Map<String, Double>> perMigration() {
    Map<String, Map<String, Long>> floor = new LinkedHashMap<>();
    floor.put("control", Map.of("update", 8L));
    floor.put("source", Map.of("create", 3L, "update", 2L, "delete", 3L));
    floor.put("target", Map.of("create", 8L, "update", 1L));
    return perMigration(floor, 1);
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
