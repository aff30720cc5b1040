package io.cutover.real;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares what one probe saw on the sandbox and on the real control plane: every differing fact must be listed in
 * {@link AcceptedDifferences}, and every listed difference of the probe must still differ.
 */
final class ConformanceComparison {
  static final String ABSENT = "<absent>";

  private ConformanceComparison() {}

  /** The failures of {@code probe}: unlisted differences and listed ones that no longer differ; empty when agreed. */
  static List<String> failures(String probe, Observation sandbox, Observation real, AcceptedDifferences accepted) {
    Set<String> facts = new LinkedHashSet<>(real.facts().keySet());
    facts.addAll(sandbox.facts().keySet());
    List<String> failures = new ArrayList<>();
    List<AcceptedDifferences.Entry> listed = accepted.of(probe);
    Set<AcceptedDifferences.Entry> used = new LinkedHashSet<>();
    for (String fact : facts) {
      String s = sandbox.facts().getOrDefault(fact, ABSENT);
      String r = real.facts().getOrDefault(fact, ABSENT);
      if (s.equals(r)) {
        continue;
      }
      List<AcceptedDifferences.Entry> covering = listed.stream().filter(e -> e.covers(probe, fact)).toList();
      if (covering.isEmpty()) {
        failures.add("probe `" + probe + "` fact `" + fact + "`: sandbox " + s + " | real " + r);
      }
      used.addAll(covering);
    }
    for (AcceptedDifferences.Entry e : listed) {
      if (!used.contains(e)) {
        failures.add("listed difference " + e + " no longer differs (sandbox and real agree): strike it from "
            + AcceptedDifferences.DESIGN);
      }
    }
    return failures;
  }
}
