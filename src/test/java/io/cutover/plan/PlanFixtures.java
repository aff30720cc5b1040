package io.cutover.plan;

import io.cutover.api.v1alpha1.ClusterRef;
import io.cutover.api.v1alpha1.Ownership;
import io.cutover.api.v1alpha1.SecretKeyRef;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.api.v1alpha1.SourceSpec;
import io.cutover.api.v1alpha1.TargetSpec;
import io.cutover.cluster.TestingClusterPort;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.Arrays;
import java.util.List;

/** Objects and a migration for planner and step tests, seeded into {@link TestingClusterPort}s. */
public final class PlanFixtures {
  public static final String MIGRATION_UID = "7f3c9a10-1b2c-4d5e-8f90-123456789abc";
  public static final String OTHER_MIGRATION_UID = "0a0b0c0d-1111-2222-3333-444455556666";
  public static final String NS = "payments";
  public static final String SA = "payments-api";
  public static final String SOURCE = "eu-old";
  public static final String TARGET = "eu-new";
  public static final String LEGACY_SECRET = "payments-api-token-x7k2p";
  public static final String LEGACY_LAST_USED = "2024-11-02";
  public static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  private PlanFixtures() {}

  public static ServiceAccountMigration migration() {
    ServiceAccountMigration sam = new ServiceAccountMigration();
    sam.setMetadata(new ObjectMetaBuilder().withNamespace("cutover-system").withName("payments-api")
        .withUid(MIGRATION_UID).withGeneration(1L).build());
    ServiceAccountMigrationSpec spec = new ServiceAccountMigrationSpec();
    SourceSpec source = new SourceSpec();
    source.setCluster(new ClusterRef(SOURCE, new SecretKeyRef("eu-old-kubeconfig", "kubeconfig")));
    source.setNamespace(NS);
    source.setServiceAccount(SA);
    spec.setSource(source);
    TargetSpec target = new TargetSpec();
    target.setCluster(new ClusterRef(TARGET, new SecretKeyRef("eu-new-kubeconfig", "kubeconfig")));
    spec.setTarget(target);
    spec.getTokens().setAudiences(new java.util.ArrayList<>(List.of("vault.eu-new.example")));
    spec.getDualRun().setWindow("15m");
    sam.setSpec(spec);
    return sam;
  }

  public static PolicyRule rule(String verbs, String groups, String resources) {
    return new PolicyRuleBuilder().withVerbs(csv(verbs)).withApiGroups(csv(groups)).withResources(csv(resources)).build();
  }

  public static List<String> csv(String values) {
    return values.isEmpty() ? List.of("") : Arrays.stream(values.split(",", -1)).map(String::trim).toList();
  }

  public static Subject saSubject(String namespace, String name) {
    return new SubjectBuilder().withKind("ServiceAccount").withNamespace(namespace).withName(name).build();
  }

  public static void namespace(TestingClusterPort cluster, String name) {
    cluster.put(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build());
  }

  public static ServiceAccount serviceAccount(TestingClusterPort cluster, String namespace, String name) {
    return cluster.put(new ServiceAccountBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build());
  }

  public static void role(TestingClusterPort cluster, String namespace, String name, PolicyRule... rules) {
    cluster.put(new RoleBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withRules(rules).build());
  }

  public static void roleBinding(TestingClusterPort cluster, String namespace, String name, String roleKind, String roleName,
      Subject... subjects) {
    cluster.put(new RoleBindingBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withNewRoleRef(RBAC_GROUP, roleKind, roleName).withSubjects(subjects).build());
  }

  public static void clusterRole(TestingClusterPort cluster, String name, boolean builtIn, PolicyRule... rules) {
    var meta = new ObjectMetaBuilder().withName(name);
    if (builtIn) {
      meta.addToLabels(Ownership.BOOTSTRAPPING_LABEL, Ownership.BOOTSTRAPPING_DEFAULTS);
    }
    cluster.put(new ClusterRoleBuilder().withMetadata(meta.build()).withRules(rules).build());
  }

  public static void clusterRoleBinding(TestingClusterPort cluster, String name, String roleName, Subject... subjects) {
    cluster.put(new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewRoleRef(RBAC_GROUP, "ClusterRole", roleName).withSubjects(subjects).build());
  }

  public static void legacySecret(TestingClusterPort cluster, String namespace, String name, String saName, String lastUsed) {
    var meta = new ObjectMetaBuilder().withNamespace(namespace).withName(name)
        .addToAnnotations(Ownership.SA_NAME_ANNOTATION, saName);
    if (lastUsed != null) {
      meta.addToLabels(Ownership.LEGACY_LAST_USED_LABEL, lastUsed);
    }
    cluster.put(new SecretBuilder().withMetadata(meta.build()).withType(Ownership.LEGACY_TOKEN_TYPE)
        .addToData("token", "bGVnYWN5").build());
  }

  public static void pod(TestingClusterPort cluster, String namespace, String name, String saName) {
    cluster.put(new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withNewSpec().withServiceAccountName(saName).endSpec().build());
  }

  /** The built-in view role both clusters have (abridged: the parts these tests use). */
  public static PolicyRule viewRule() {
    return rule("get,list,watch", "", "pods,services,configmaps");
  }

  /**
   * The standard world: on the source the identity with a namespaced Role bound by a RoleBinding, the built-in
   * ClusterRole {@code view} bound by a ClusterRoleBinding, one legacy token Secret and a Pod running as it; on the
   * target the namespace and the built-in {@code view}.
   */
  public static void standardSource(TestingClusterPort source) {
    namespace(source, NS);
    serviceAccount(source, NS, SA);
    role(source, NS, "secret-reader", rule("get", "", "secrets"));
    roleBinding(source, NS, "secret-reader", "Role", "secret-reader", saSubject(NS, SA));
    clusterRole(source, "view", true, viewRule());
    clusterRoleBinding(source, "payments-view", "view", saSubject(NS, SA));
    legacySecret(source, NS, LEGACY_SECRET, SA, LEGACY_LAST_USED);
    pod(source, NS, "payments-api-5d9c", SA);
  }

  public static void standardTarget(TestingClusterPort target) {
    namespace(target, NS);
    clusterRole(target, "view", true, viewRule());
  }
}
