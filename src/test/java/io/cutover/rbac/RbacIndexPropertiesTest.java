package io.cutover.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The indexed evaluation gives the plain scan's answers: random RBAC objects are put, changed and removed, in random
 * sequences, into an {@link RbacIndex} and into a plain model (one insertion-ordered map per kind, the order an
 * informer-fed index keeps); after every step, every identity's grants and dangling bindings from the index's
 * snapshot equal those of a list snapshot of the model, which {@link EffectiveRules} scans whole. Planned objects
 * ({@link RbacSnapshot#with}) and written ones ({@link RbacSnapshot#overlaid}) are laid over both the same way, and a
 * snapshot taken earlier still answers as the model did then. Seeded: a failure names its seed and step.
 */
class RbacIndexPropertiesTest {
  static final List<String> NAMESPACES = List.of("a", "b", "c");
  static final List<String> NAMES = List.of("x", "y", "z");
  static final List<String> KINDS = List.of("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding");
  static final List<ServiceAccountIdentity> IDENTITIES = identities();

  @Test
  void indexedEvaluationAnswersAsTheScanAfterEveryStepOfRandomSequences() {
    for (long seed = 1; seed <= 80; seed++) {
      run(seed, 60);
    }
  }

  private static void run(long seed, int steps) {
    Random random = new Random(seed);
    RbacIndex index = new RbacIndex();
    Model model = new Model();
    RbacSnapshot earlier = null;
    Model earlierModel = null;
    for (int step = 0; step < steps; step++) {
      String at = "seed " + seed + " step " + step;
      int op = random.nextInt(10);
      if (op < 6) {
        HasMetadata o = randomObject(random);
        assertThat(index.put(o)).as(at).isEqualTo(model.put(o));
      } else if (op < 9) {
        String kind = pick(random, KINDS);
        String key = random.nextBoolean() && !model.byKind.get(kind).isEmpty()
            ? pick(random, new ArrayList<>(model.byKind.get(kind).keySet()))
            : randomKey(random, kind);
        assertThat(index.remove(type(kind), key)).as(at).isEqualTo(model.byKind.get(kind).remove(key));
      } else {
        earlier = index.snapshot();
        earlierModel = model.copy();
      }
      RbacSnapshot indexed = index.snapshot();
      assertThat(indexed.indexed()).isTrue();
      assertSameAnswers(at, indexed, model.snapshot());
      assertSameLists(at, indexed, model.snapshot());
      if (earlier != null) {
        assertSameAnswers(at + " (earlier snapshot)", earlier, earlierModel.snapshot());
      }
      if (random.nextInt(4) == 0) {
        List<HasMetadata> changed = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          HasMetadata o = randomObject(random);
          if (seen.putIfAbsent(o.getKind() + "/" + RbacIndex.key(o), true) == null) {
            changed.add(o); // one per kind and key, as a plan and the port's pending writes have them
          }
        }
        assertSameAnswers(at + " (planned)", indexed.with(changed), model.snapshot().with(changed));
        assertSameLists(at + " (planned)", indexed.with(changed), model.snapshot().with(changed));
        assertSameAnswers(at + " (written)", indexed.overlaid(changed), model.snapshot().overlaid(changed));
        assertSameLists(at + " (written)", indexed.overlaid(changed), model.snapshot().overlaid(changed));
      }
    }
  }

  private static void assertSameAnswers(String at, RbacSnapshot indexed, RbacSnapshot scanned) {
    for (ServiceAccountIdentity id : IDENTITIES) {
      assertThat(EffectiveRules.grantsFor(indexed, id)).as(at + " grants of " + id)
          .isEqualTo(EffectiveRules.grantsFor(scanned, id));
      assertThat(EffectiveRules.danglingBindings(indexed, id)).as(at + " dangling of " + id)
          .isEqualTo(EffectiveRules.danglingBindings(scanned, id));
    }
    for (String ns : NAMESPACES) {
      for (String name : NAMES) {
        assertThat(indexed.find(Role.class, ns, name)).as(at).isEqualTo(scanned.find(Role.class, ns, name));
        assertThat(indexed.find(RoleBinding.class, ns, name)).as(at)
            .isEqualTo(scanned.find(RoleBinding.class, ns, name));
      }
    }
    for (String name : NAMES) {
      assertThat(indexed.find(ClusterRole.class, null, name)).as(at)
          .isEqualTo(scanned.find(ClusterRole.class, null, name));
      assertThat(indexed.find(ClusterRoleBinding.class, null, name)).as(at)
          .isEqualTo(scanned.find(ClusterRoleBinding.class, null, name));
    }
  }

  private static void assertSameLists(String at, RbacSnapshot indexed, RbacSnapshot scanned) {
    assertThat(indexed.roles()).as(at).isEqualTo(scanned.roles());
    assertThat(indexed.clusterRoles()).as(at).isEqualTo(scanned.clusterRoles());
    assertThat(indexed.roleBindings()).as(at).isEqualTo(scanned.roleBindings());
    assertThat(indexed.clusterRoleBindings()).as(at).isEqualTo(scanned.clusterRoleBindings());
  }

  /**
   * The plain model: per kind, objects by key in insertion order (a change keeps the place, a removal forgets it) —
   * what an informer's store would list in that order.
   */
  static final class Model {
    final Map<String, LinkedHashMap<String, HasMetadata>> byKind = new LinkedHashMap<>();

    Model() {
      KINDS.forEach(k -> byKind.put(k, new LinkedHashMap<>()));
    }

    HasMetadata put(HasMetadata o) {
      return byKind.get(o.getKind()).put(RbacIndex.key(o), o);
    }

    Model copy() {
      Model m = new Model();
      byKind.forEach((k, v) -> m.byKind.get(k).putAll(v));
      return m;
    }

    RbacSnapshot snapshot() {
      return new RbacSnapshot(list("Role", Role.class), list("ClusterRole", ClusterRole.class),
          list("RoleBinding", RoleBinding.class), list("ClusterRoleBinding", ClusterRoleBinding.class));
    }

    private <T> List<T> list(String kind, Class<T> type) {
      return byKind.get(kind).values().stream().map(type::cast).toList();
    }
  }

  static HasMetadata randomObject(Random r) {
    String name = pick(r, NAMES);
    switch (r.nextInt(4)) {
      case 0:
        return new RoleBuilder().withNewMetadata().withNamespace(pick(r, NAMESPACES)).withName(name)
            .withResourceVersion(String.valueOf(r.nextInt(1000))).endMetadata().withRules(rules(r)).build();
      case 1:
        return new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata().withRules(rules(r)).build();
      case 2: {
        // now and then a RoleBinding without a namespace (which grants nothing)
        String ns = r.nextInt(12) == 0 ? null : pick(r, NAMESPACES);
        return new RoleBindingBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
            .withRoleRef(roleRef(r)).withSubjects(subjects(r)).build();
      }
      default:
        return new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
            .withRoleRef(roleRef(r)).withSubjects(subjects(r)).build();
    }
  }

  private static String randomKey(Random r, String kind) {
    return kind.startsWith("Cluster") ? pick(r, NAMES) : pick(r, NAMESPACES) + "/" + pick(r, NAMES);
  }

  private static List<PolicyRule> rules(Random r) {
    List<PolicyRule> rules = new ArrayList<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      rules.add(switch (r.nextInt(3)) {
        case 0 -> RbacFixtures.rule(pick(r, List.of("get", "list", "get,watch")), "-", pick(r, List.of("pods", "secrets")));
        case 1 -> RbacFixtures.urls("get", "/healthz");
        default -> RbacFixtures.named("get", "apps", "deployments", pick(r, NAMES));
      });
    }
    return rules;
  }

  private static io.fabric8.kubernetes.api.model.rbac.RoleRef roleRef(Random r) {
    String kind = pick(r, List.of("Role", "ClusterRole", "ClusterRole", "Bogus"));
    return new io.fabric8.kubernetes.api.model.rbac.RoleRef(RbacFixtures.RBAC_GROUP, kind,
        r.nextInt(15) == 0 ? null : pick(r, NAMES));
  }

  private static List<Subject> subjects(Random r) {
    List<Subject> subjects = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      String ns = pick(r, NAMESPACES);
      String name = pick(r, NAMES);
      subjects.add(switch (r.nextInt(9)) {
        case 0, 1 -> RbacFixtures.sa(ns, name);
        case 2 -> RbacFixtures.sa(r.nextBoolean() ? null : "", name); // the binding's namespace, or none
        case 3 -> RbacFixtures.user(ServiceAccountIdentity.USERNAME_PREFIX + ns + ":" + name);
        case 4 -> RbacFixtures.user("alice");
        case 5 -> RbacFixtures.group(pick(r, List.of(ServiceAccountIdentity.ALL_SERVICE_ACCOUNTS_GROUP,
            ServiceAccountIdentity.AUTHENTICATED_GROUP, "devs")));
        case 6 -> RbacFixtures.group(ServiceAccountIdentity.ALL_SERVICE_ACCOUNTS_GROUP + ":" + ns);
        case 7 -> new SubjectBuilder().withKind(pick(r, List.of("Robot", "ServiceAccount", "User"))).build(); // no name
        default -> new SubjectBuilder().withKind("Robot").withName(name).build();
      });
    }
    return subjects;
  }

  private static Class<? extends HasMetadata> type(String kind) {
    return switch (kind) {
      case "Role" -> Role.class;
      case "ClusterRole" -> ClusterRole.class;
      case "RoleBinding" -> RoleBinding.class;
      default -> ClusterRoleBinding.class;
    };
  }

  private static List<ServiceAccountIdentity> identities() {
    List<ServiceAccountIdentity> out = new ArrayList<>();
    for (String ns : NAMESPACES) {
      for (String name : NAMES) {
        out.add(new ServiceAccountIdentity(ns, name));
      }
    }
    return out;
  }

  private static <T> T pick(Random r, List<T> from) {
    return from.get(r.nextInt(from.size()));
  }
}
