package io.cutover.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Properties of {@link RuleCoverage#covers} over seeded random rule sets (plain JUnit, fixed seeds; a failure names its
 * seed and iteration so it can be replayed). Rules are generated valid as Kubernetes validation requires them: either
 * a resource rule or a non-resource rule, never both (a mixed rule with resourceNames does not even cover itself in
 * Kubernetes' algorithm, and the API server rejects it).
 */
class RuleCoveragePropertiesTest {

  private static final int ITERATIONS = 400;
  private static final List<String> VERBS = List.of("get", "list", "watch", "create", "delete", "*");
  private static final List<String> GROUPS = List.of("", "apps", "batch", "*");
  private static final List<String> RESOURCES =
      List.of("pods", "pods/log", "deployments", "deployments/scale", "*/scale", "secrets", "*");
  private static final List<String> NAMES = List.of("a", "b", "c");
  private static final List<String> URLS = List.of("/healthz", "/healthz/*", "/apis", "/apis/*", "/apis/v1", "/*", "*");

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1L, 42L, 20240601L, 7_777_777L, -3L})
  void everyRuleSetCoversItself(long seed) {
    forEachCase(seed, (c) -> {
      List<PolicyRule> a = ruleSet(c.random);
      assertThat(RuleCoverage.covers(a, a).covered()).as(c.describe("covers(a, a)", a)).isTrue();
    });
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {2L, 43L, 20240602L, 8_888_888L, -4L})
  void coveringTheUnionWithItselfIsCoveringTheOtherSet(long seed) {
    forEachCase(seed, (c) -> {
      List<PolicyRule> a = ruleSet(c.random);
      List<PolicyRule> b = c.random.nextBoolean() ? ruleSet(c.random) : narrowAll(c.random, a, ruleSet(c.random));
      List<PolicyRule> union = new ArrayList<>(a);
      union.addAll(b);

      assertThat(RuleCoverage.covers(a, union).covered())
          .as(c.describe("covers(a, a ∪ b) iff covers(a, b)", a, b))
          .isEqualTo(RuleCoverage.covers(a, b).covered());
    });
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {3L, 44L, 20240603L, 9_999_999L, -5L})
  void coverageIsTransitive(long seed) {
    int[] premisesHeld = {0};
    forEachCase(seed, (c) -> {
      List<PolicyRule> a = ruleSet(c.random);
      // Mostly derive b from a and c from b, so that the premises hold often enough to test the conclusion.
      List<PolicyRule> b = c.random.nextInt(4) == 0 ? ruleSet(c.random) : narrowAll(c.random, a, List.of());
      List<PolicyRule> cc = c.random.nextInt(4) == 0 ? ruleSet(c.random) : narrowAll(c.random, b, List.of());
      if (RuleCoverage.covers(a, b).covered() && RuleCoverage.covers(b, cc).covered()) {
        premisesHeld[0]++;
        assertThat(RuleCoverage.covers(a, cc).covered())
            .as(c.describe("covers(a, b) and covers(b, c) imply covers(a, c)", a, b, cc)).isTrue();
      }
    });
    assertThat(premisesHeld[0]).as("seed %d: cases where the premises held", seed).isGreaterThan(ITERATIONS / 4);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {4L, 45L, 20240604L})
  void aNarrowedRuleSetIsCoveredAndUncoveredIsEmptyExactlyWhenCovered(long seed) {
    forEachCase(seed, (c) -> {
      List<PolicyRule> a = ruleSet(c.random);
      List<PolicyRule> narrowed = narrowAll(c.random, a, List.of());
      assertThat(RuleCoverage.covers(a, narrowed).covered()).as(c.describe("covers(a, narrow(a))", a, narrowed))
          .isTrue();

      List<PolicyRule> b = ruleSet(c.random);
      Coverage coverage = RuleCoverage.covers(a, b);
      assertThat(coverage.uncovered().isEmpty()).as(c.describe("uncovered empty iff covered", a, b))
          .isEqualTo(coverage.covered());
      // every uncovered rule is a single permission that no owner rule covers
      assertThat(coverage.uncovered()).as(c.describe("uncovered are single, uncovered permissions", a, b))
          .allSatisfy(u -> {
            assertThat(RuleCoverage.breakdown(u)).hasSize(1);
            assertThat(a).noneMatch(o -> RuleCoverage.ruleCovers(o, u));
          });
    });
  }

  private record Case(long seed, int iteration, Random random) {
    String describe(String property, List<?>... sets) {
      StringBuilder text = new StringBuilder(property).append(" failed for seed ").append(seed)
          .append(", iteration ").append(iteration);
      char name = 'a';
      for (List<?> set : sets) {
        text.append("\n  ").append(name++).append(" = ")
            .append(set.stream().map(r -> Rules.describe((PolicyRule) r)).toList());
      }
      return text.toString();
    }
  }

  private static void forEachCase(long seed, Consumer<Case> body) {
    Random random = new Random(seed);
    for (int i = 0; i < ITERATIONS; i++) {
      // each iteration gets its own generator seeded from the run's, so a failure replays from (seed, iteration)
      body.accept(new Case(seed, i, new Random(random.nextLong())));
    }
  }

  private static List<PolicyRule> ruleSet(Random random) {
    int size = random.nextInt(5);
    List<PolicyRule> rules = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      rules.add(randomRule(random));
    }
    return rules;
  }

  private static PolicyRule randomRule(Random random) {
    if (random.nextInt(4) == 0) {
      return Rules.nonResourceRule(subset(random, VERBS), subset(random, URLS));
    }
    List<String> names = random.nextInt(3) == 0 ? subset(random, NAMES) : List.of();
    return Rules.resourceRule(subset(random, VERBS), subset(random, GROUPS), subset(random, RESOURCES), names);
  }

  /** Narrowings of randomly chosen rules of {@code from}, plus {@code extra} when {@code from} is empty. */
  private static List<PolicyRule> narrowAll(Random random, List<PolicyRule> from, List<PolicyRule> extra) {
    if (from.isEmpty()) {
      return extra;
    }
    int size = random.nextInt(4);
    List<PolicyRule> narrowed = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      narrowed.add(narrow(random, from.get(random.nextInt(from.size()))));
    }
    return narrowed;
  }

  /** A rule that grants no more than {@code rule}: subsets, wildcards made concrete, names added or dropped. */
  private static PolicyRule narrow(Random random, PolicyRule rule) {
    List<String> verbs = concretize(random, subset(random, Rules.verbs(rule)), VERBS);
    if (!Rules.nonResourceUrls(rule).isEmpty()) {
      List<String> urls = subset(random, Rules.nonResourceUrls(rule)).stream()
          .map(u -> u.endsWith("*") && random.nextBoolean() ? u.substring(0, u.length() - 1) + "x/y" : u)
          .toList();
      return Rules.nonResourceRule(verbs, urls);
    }
    List<String> groups = concretize(random, subset(random, Rules.apiGroups(rule)), GROUPS);
    List<String> resources = subset(random, Rules.resources(rule)).stream()
        .map(r -> switch (r) {
          case "*" -> random.nextBoolean() ? RESOURCES.get(random.nextInt(RESOURCES.size())) : r;
          case "*/scale" -> random.nextBoolean() ? "deployments/scale" : r;
          default -> r;
        })
        .toList();
    List<String> names = Rules.resourceNames(rule).isEmpty()
        ? (random.nextBoolean() ? subset(random, NAMES) : List.of())
        : subset(random, Rules.resourceNames(rule));
    return Rules.resourceRule(verbs, groups, resources, names);
  }

  private static List<String> concretize(Random random, List<String> values, List<String> pool) {
    return values.stream().map(v -> v.equals("*") && random.nextBoolean() ? pool.get(random.nextInt(pool.size())) : v)
        .toList();
  }

  /** A non-empty random subset, in pool order. */
  private static List<String> subset(Random random, List<String> pool) {
    List<String> chosen = new ArrayList<>();
    while (chosen.isEmpty()) {
      for (String value : pool) {
        if (random.nextInt(3) == 0) {
          chosen.add(value);
        }
      }
    }
    return chosen;
  }
}
