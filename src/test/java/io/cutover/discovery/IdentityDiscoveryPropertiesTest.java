package io.cutover.discovery;

import static io.cutover.discovery.IdentityDiscoveryTest.PROTECT;
import static io.cutover.discovery.IdentityDiscoveryTest.cronJob;
import static io.cutover.discovery.IdentityDiscoveryTest.daemonSet;
import static io.cutover.discovery.IdentityDiscoveryTest.deployment;
import static io.cutover.discovery.IdentityDiscoveryTest.job;
import static io.cutover.discovery.IdentityDiscoveryTest.legacy;
import static io.cutover.discovery.IdentityDiscoveryTest.pod;
import static io.cutover.discovery.IdentityDiscoveryTest.replicaSet;
import static io.cutover.discovery.IdentityDiscoveryTest.statefulSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.discovery.IdentityDiscoveryTest.Inventory;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded random namespaces: an identity is idle exactly when no unfinished Pod and no counted workload names it —
 * under the generator's own reading of who a spec names (set by construction, not by the code under test) — whatever
 * the order the lists come in, and the result is in its order. {@code -Dcutover.seed=S} replays one seed;
 * {@code -Dcutover.namespaces=N} runs more. A failure names its seed.
 */
class IdentityDiscoveryPropertiesTest {
  static final long FIRST_SEED = 19_003L;
  static final List<String> NAMES = List.of("default", "api", "worker", "ci", "idle-a", "idle-b", "ghost");

  @Test
  void anIdentityIsIdleIffNoPodAndNoWorkloadNamesItWhateverTheOrderOfTheObjects() {
    String only = System.getProperty("cutover.seed");
    int count = Integer.getInteger("cutover.namespaces", 500);
    List<Long> seeds = new ArrayList<>();
    if (only != null) {
      seeds.add(Long.parseLong(only.trim()));
    } else {
      for (int i = 0; i < count; i++) {
        seeds.add(FIRST_SEED + i);
      }
    }
    int inUseSeen = 0;
    int idleSeen = 0;
    for (long seed : seeds) {
      Case c = new Case(new Random(seed));
      List<DiscoveredIdentity> found = IdentityDiscovery.discover(List.of(c.inventory.build()), PROTECT);
      String where = "seed " + seed;

      assertThat(found).as(where).extracting(DiscoveredIdentity::name)
          .containsExactlyInAnyOrderElementsOf(c.listed);
      for (DiscoveredIdentity d : found) {
        assertThat(d.inUse()).as(where + ": " + d.name() + " named by " + c.named).isEqualTo(c.named.contains(d.name()));
        if (d.inUse()) {
          inUseSeen++;
        } else {
          idleSeen++;
        }
      }
      for (int i = 1; i < found.size(); i++) {
        DiscoveredIdentity a = found.get(i - 1);
        DiscoveredIdentity b = found.get(i);
        assertThat(!a.inUse() || b.inUse()).as(where + ": idle first: " + a.name() + " before " + b.name()).isTrue();
        if (a.inUse() == b.inUse()) {
          assertThat(a.lastUsed().orElse(LocalDate.MIN)).as(where + ": oldest use first")
              .isBeforeOrEqualTo(b.lastUsed().orElse(LocalDate.MIN));
        }
      }

      Random shuffle = new Random(seed * 31 + 7);
      Inventory reordered = c.inventory.shuffled(shuffle);
      assertThat(IdentityDiscovery.discover(List.of(reordered.build()), PROTECT)).as(where + ", reordered")
          .isEqualTo(found);
    }
    assertThat(inUseSeen).as("the generator makes identities in use").isPositive();
    assertThat(idleSeen).as("and idle ones").isPositive();
  }

  /** One random namespace, and which listed identities the generator made something name. */
  static final class Case {
    final Inventory inventory = new Inventory();
    final Set<String> listed = new HashSet<>();
    final Set<String> named = new HashSet<>();
    private final Random r;

    Case(Random r) {
      this.r = r;
      for (String n : NAMES) {
        if (r.nextInt(4) != 0) {
          listed.add(n);
          inventory.sa(n);
        }
      }
      int objects = r.nextInt(12);
      for (int i = 0; i < objects; i++) {
        String runner = NAMES.get(r.nextInt(NAMES.size()));
        PodSpec spec = specNaming(runner);
        String name = "o" + i;
        boolean counts = true;
        switch (r.nextInt(8)) {
          case 0 -> {
            String phase = List.of("Pending", "Running", "Succeeded", "Failed", "Unknown").get(r.nextInt(5));
            inventory.pod(pod(name, spec, phase));
            counts = !phase.equals("Succeeded") && !phase.equals("Failed");
          }
          case 1 -> inventory.deployment(deployment(name, spec));
          case 2 -> inventory.statefulSet(statefulSet(name, spec));
          case 3 -> inventory.daemonSet(daemonSet(name, spec));
          case 4 -> inventory.job(job(name, spec));
          case 5 -> inventory.cronJob(cronJob(name, spec));
          case 6 -> {
            boolean owned = r.nextBoolean();
            inventory.replicaSet(replicaSet(name, spec, owned ? "Deployment" : null));
            counts = !owned;
          }
          default -> {
            String day = r.nextInt(3) == 0 ? null : LocalDate.of(2025, 1, 1).plusDays(r.nextInt(500)).toString();
            inventory.secret(legacy(name, runner, day));
            counts = false;
          }
        }
        if (counts && listed.contains(runner)) {
          named.add(runner);
        }
      }
    }

    /** A spec that names {@code runner} in one of the ways Kubernetes reads. */
    private PodSpec specNaming(String runner) {
      String other = NAMES.get(r.nextInt(NAMES.size()));
      String blank = r.nextBoolean() ? null : "";
      return switch (r.nextInt(runner.equals("default") ? 4 : 3)) {
        case 0 -> IdentityDiscoveryTest.spec(runner, null);
        case 1 -> IdentityDiscoveryTest.spec(runner, other); // the name wins over the deprecated field
        case 2 -> IdentityDiscoveryTest.spec(blank, runner); // the deprecated field when the name is empty
        default -> IdentityDiscoveryTest.spec(blank, r.nextBoolean() ? null : ""); // nothing: default
      };
    }
  }
}
