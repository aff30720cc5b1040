package io.cutover.rbac;

import static io.cutover.rbac.RbacFixtures.clusterRoleBinding;
import static io.cutover.rbac.RbacFixtures.roleBinding;
import static io.cutover.rbac.RbacFixtures.sa;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Planning against Kubernetes' real default ClusterRoles (the sandbox's bootstrap set): effective rules, the diff and
 * the access checks working together on roles as a cluster ships them.
 */
class BootstrapRolesPlanningTest {

  private static final ServiceAccountIdentity SOURCE = new ServiceAccountIdentity("ci", "builder");
  private static final ServiceAccountIdentity TARGET = new ServiceAccountIdentity("build", "builder");

  private static List<ClusterRole> bootstrapRoles() throws IOException {
    // The file uses YAML anchors (&id001 / *id001), which Jackson's tree reader does not resolve; SnakeYAML does.
    ObjectMapper json = new ObjectMapper();
    try (InputStream in = BootstrapRolesPlanningTest.class
        .getResourceAsStream("/io/cutover/sandbox/bootstrap-cluster-roles.yaml")) {
      assertThat(in).isNotNull();
      Map<String, Object> list = new Yaml().load(in);
      List<ClusterRole> roles = new ArrayList<>();
      for (Object item : (List<?>) list.get("items")) {
        roles.add(json.convertValue(item, ClusterRole.class));
      }
      assertThat(roles).extracting(r -> r.getMetadata().getName()).contains("cluster-admin", "system:discovery");
      return roles;
    }
  }

  @Test
  void clusterAdminSourceCoversANamespacedEditTargetButNotTheReverse() throws IOException {
    List<ClusterRole> roles = bootstrapRoles();
    RbacSnapshot source = new RbacSnapshot(List.of(), roles, List.of(),
        List.of(clusterRoleBinding("admin", "cluster-admin", sa("ci", "builder"))));
    RbacSnapshot target = new RbacSnapshot(List.of(), roles,
        List.of(roleBinding("build", "edit", "ClusterRole", "system:aggregate-to-edit", sa("build", "builder"))),
        List.of());
    List<Grant> sourceGrants = EffectiveRules.grantsFor(source, SOURCE);
    List<Grant> targetGrants = EffectiveRules.grantsFor(target, TARGET);

    RbacDiff forward = Escalation.diff(sourceGrants, targetGrants, ns -> ns.equals("ci") ? "build" : ns);
    RbacDiff reverse = Escalation.diff(targetGrants, sourceGrants, ns -> ns.equals("build") ? "ci" : ns);

    assertThat(targetGrants).isNotEmpty();
    assertThat(forward.escalates()).isFalse();
    assertThat(forward.loses()).isTrue();
    assertThat(reverse.escalations()).extracting(ScopedRule::describe)
        .contains("* * in * cluster-wide", "* * cluster-wide");
  }

  @Test
  void discoveryRoleThroughClusterRoleBindingGivesNonResourceChecks() throws IOException {
    RbacSnapshot rbac = new RbacSnapshot(List.of(), bootstrapRoles(), List.of(),
        List.of(clusterRoleBinding("discovery", "system:discovery", RbacFixtures.group("system:authenticated"))));

    List<AccessCheck> checks = AccessChecks.enumerate(EffectiveRules.grantsFor(rbac, SOURCE));

    assertThat(checks).isNotEmpty().allSatisfy(c -> assertThat(c.isNonResource()).isTrue());
    assertThat(checks).contains(AccessCheck.nonResource("get", "/healthz"), AccessCheck.nonResource("get", "/apis/*"));
  }
}
