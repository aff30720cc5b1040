package io.cutover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.rbac.EffectiveRules;
import io.cutover.rbac.RbacSnapshot;
import io.cutover.rbac.ServiceAccountIdentity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The filler of {@code bench --rbac-objects}: the mix it promises, and none of it reaches a benchmark identity. */
class RbacFillerTest {
  static final int N = 1000;
  final List<HasMetadata> objects = IntStream.range(0, N).mapToObj(RbacFiller::object).toList();
  final RbacSnapshot rbac = new RbacSnapshot(of(Role.class), of(ClusterRole.class), of(RoleBinding.class),
      of(ClusterRoleBinding.class));

  @Test
  void mostlyRolesAndRoleBindingsAcrossNamespacesSomeClusterRolesAndTheirBindings() {
    Map<String, Long> byKind = objects.stream().collect(Collectors.groupingBy(HasMetadata::getKind,
        Collectors.counting()));
    assertThat(byKind).containsOnly(Map.entry("ClusterRole", 20L), Map.entry("ClusterRoleBinding", 20L),
        Map.entry("Role", 480L), Map.entry("RoleBinding", 480L));
    assertThat(objects.stream().map(o -> o.getMetadata().getNamespace()).distinct())
        .containsExactlyInAnyOrder(null, "rbac-000", "rbac-001", "rbac-002", "rbac-003", "rbac-004");
    assertThat(RbacFiller.namespaces(N)).extracting(n -> n.getMetadata().getName())
        .containsExactly("rbac-000", "rbac-001", "rbac-002", "rbac-003", "rbac-004");
    // names are unique per kind and namespace, and the same object comes out for the same index
    assertThat(objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getNamespace() + "/"
        + o.getMetadata().getName()).distinct()).hasSize(N);
    assertThat(RbacFiller.object(123)).isEqualTo(objects.get(123));
  }

  @Test
  void theBindingsNameServiceAccountsUsersAndGroupsAndResolveTheirRoles() {
    assertThat(of(RoleBinding.class).stream().flatMap(b -> b.getSubjects().stream()).map(s -> s.getKind())
        .distinct()).containsExactlyInAnyOrder("ServiceAccount", "User", "Group");
    ServiceAccountIdentity named = new ServiceAccountIdentity("rbac-000", "app-5");
    assertThat(EffectiveRules.grantsFor(rbac, named)).isNotEmpty();
    assertThat(EffectiveRules.danglingBindings(rbac, named)).isEmpty();
  }

  @Test
  void noneOfItGrantsAnythingToTheBenchmarksIdentities() {
    for (int i : List.of(0, 1, 99, 100, 4999)) {
      ServiceAccountIdentity id = new ServiceAccountIdentity(Bench.namespace(i / Bench.PER_NAMESPACE), Bench.name(i));
      assertThat(EffectiveRules.grantsFor(rbac, id)).as(id.toString()).isEmpty();
      assertThat(EffectiveRules.danglingBindings(rbac, id)).isEmpty();
    }
  }

  private <T extends HasMetadata> List<T> of(Class<T> kind) {
    return objects.stream().filter(kind::isInstance).map(kind::cast).collect(Collectors.toList());
  }
}
