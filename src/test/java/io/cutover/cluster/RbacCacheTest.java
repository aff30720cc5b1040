package io.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.rbac.EffectiveRules;
import io.cutover.rbac.ServiceAccountIdentity;
import io.cutover.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RBAC read from informers: what others write shows up once its watch event arrives, what the port itself writes
 * shows up at once (the next step must see it), and what it deleted does not linger.
 */
class RbacCacheTest {
  private static final String NS = "cache";
  private static SandboxCluster cluster;
  private static Fabric8ClusterPort port;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("cache");
    cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    port = new Fabric8ClusterPort("cache", cluster.client());
    port.rbac(); // starts the informers
  }

  @AfterAll
  static void stop() {
    port.close();
    cluster.close();
  }

  @Test
  void theRbacOfTheClusterIsSeenWithoutListingItAgain() {
    long listsBefore = lists();
    cluster.client().rbac().roles().inNamespace(NS).resource(role("by-someone-else")).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> hasRole("by-someone-else"));
    assertThat(port.rbac().clusterRoles()).isNotEmpty(); // the bootstrap roles
    assertThat(lists()).isEqualTo(listsBefore);
  }

  @Test
  void whatThePortCreatesIsInTheNextSnapshotAtOnce() {
    port.createIfAbsent(role("by-the-port"));
    assertThat(hasRole("by-the-port")).isTrue();
  }

  @Test
  void aSubjectThePortRemovedIsGoneFromTheNextSnapshotAtOnce() {
    cluster.client().rbac().roleBindings().inNamespace(NS).resource(new RoleBindingBuilder().withNewMetadata()
        .withName("b").withNamespace(NS).endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "r")
        .addNewSubject().withKind("ServiceAccount").withName("sa").withNamespace(NS).endSubject()
        .addNewSubject().withKind("ServiceAccount").withName("other").withNamespace(NS).endSubject().build()).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> binding("b") != null && binding("b").getSubjects().size() == 2);

    assertThat(port.removeServiceAccountSubject(ObjectRef.of("RoleBinding", NS, "b"), NS, "sa")).isTrue();
    assertThat(binding("b").getSubjects()).extracting(s -> s.getName()).containsExactly("other");
  }

  @Test
  void whatThePortDeletedDoesNotLinger() {
    Role created = port.createIfAbsent(role("short-lived"));
    assertThat(port.delete(ObjectRef.of("Role", NS, "short-lived"), created.getMetadata().getUid())).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> !hasRole("short-lived"));
  }

  @Test
  void theIndexFollowsWhatOthersDoToTheBindingsThatNameAnIdentity() {
    ServiceAccountIdentity idx = new ServiceAccountIdentity(NS, "idx");
    cluster.client().rbac().roles().inNamespace(NS).resource(role("idx-role")).create();
    var bindings = cluster.client().rbac().roleBindings().inNamespace(NS);
    bindings.resource(new RoleBindingBuilder().withNewMetadata().withName("idx").withNamespace(NS).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", "idx-role")
        .addNewSubject().withKind("ServiceAccount").withName("idx").endSubject().build()).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> grantedVia(idx).contains("idx"));
    assertThat(port.rbac().indexed()).isTrue();

    // someone else names another identity instead: the index drops the binding from idx's subjects
    bindings.withName("idx").edit(b -> new RoleBindingBuilder(b).withSubjects(new SubjectBuilder()
        .withKind("ServiceAccount").withName("other").build()).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> grantedVia(idx).isEmpty());
    // ... and names it again, through its namespace's group this time
    bindings.withName("idx").edit(b -> new RoleBindingBuilder(b).withSubjects(new SubjectBuilder()
        .withKind("Group").withName("system:serviceaccounts:" + NS).build()).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> grantedVia(idx).contains("idx"));
    // deleted
    bindings.withName("idx").delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> grantedVia(idx).isEmpty());
  }

  private static java.util.List<String> grantedVia(ServiceAccountIdentity id) {
    return EffectiveRules.grantsFor(port.rbac(), id).stream().filter(g -> g.namespace() != null)
        .map(g -> g.bindingName()).toList();
  }

  @Test
  void withoutTheCacheEveryReadLists() {
    Fabric8ClusterPort listing = new Fabric8ClusterPort("cache", cluster.client(), false);
    cluster.client().rbac().roles().inNamespace(NS).resource(role("listed")).create();
    long before = lists();
    var listed = listing.rbac();
    assertThat(listed.roles()).anyMatch(r -> r.getMetadata().getName().equals("listed"));
    assertThat(listed.indexed()).isFalse();
    assertThat(lists()).isEqualTo(before + 4);
  }

  private static long lists() {
    return cluster.requests().snapshot().entrySet().stream().filter(e -> e.getKey().verb().equals("list"))
        .mapToLong(e -> e.getValue()).sum();
  }

  private static boolean hasRole(String name) {
    return port.rbac().roles().stream().anyMatch(r -> r.getMetadata().getName().equals(name));
  }

  private static RoleBinding binding(String name) {
    return port.rbac().roleBindings().stream().filter(b -> b.getMetadata().getName().equals(name)).findFirst()
        .orElse(null);
  }

  private static Role role(String name) {
    return new RoleBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get").endRule().build();
  }
}
