package io.cutover.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Condition;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.realcluster.OperatorDeployment;
import io.cutover.realcluster.RealCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What a real-cluster scenario sets up as the cluster's administrator (never as the operator): a workload identity
 * on the source like the demo's, and migrations written as a user writes them (YAML applied to the control cluster by
 * {@link RealEnvironment#REQUESTER}, who holds the verb use on {@link RealEnvironment#POLICY}).
 */
final class Scenario {
  static final Duration MIGRATION_TIMEOUT = Duration.ofSeconds(120);
  static final String AUDIENCE = "vault.target.example";
  static final PolicyRule CONFIGMAP_GET = new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder().withApiGroups("")
      .withResources("configmaps").withResourceNames("app-config").withVerbs("get").build();
  static final PolicyRule PODS = new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder().withApiGroups("")
      .withResources("pods").withVerbs("get", "list").build();
  /** What the seeded ClusterRole grants. */
  static final PolicyRule NODES = new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder().withApiGroups("")
      .withResources("nodes").withVerbs("get", "list").build();
  final RealEnvironment env;
  final String namespace;
  final String serviceAccount;

  Scenario(RealEnvironment env, String namespace, String serviceAccount) {
    this.env = env;
    this.namespace = namespace;
    this.serviceAccount = serviceAccount;
  }

  String legacySecret() {
    return serviceAccount + "-legacy-token";
  }

  String role() {
    return serviceAccount + "-reader";
  }

  String clusterRole() {
    return namespace + "-" + serviceAccount + "-nodes";
  }

  String username() {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount;
  }

  /**
   * The identity: a ServiceAccount, a legacy token Secret the real token controller fills, a Role (configmaps
   * app-config get; pods get/list) and a ClusterRole (nodes get/list) bound to it, and a Pod that runs as it (never
   * scheduled: the test clusters have no nodes); the namespace in the migrator's scope on source and target
   * ({@link RealEnvironment#migratorIn}). Returns once the legacy token is filled.
   */
  Scenario seed(PolicyRule... roleRules) {
    KubernetesClient source = env.source.client();
    source.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    source.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName(serviceAccount).withLabels(Map.of("app.kubernetes.io/name", serviceAccount)).endMetadata().build())
        .create();
    source.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(legacySecret())
        .withAnnotations(Map.of("kubernetes.io/service-account.name", serviceAccount)).endMetadata()
        .withType("kubernetes.io/service-account-token").build()).create();
    source.rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata().withName(role())
        .endMetadata().withRules(roleRules).build()).create();
    source.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata()
        .withName(role()).endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", role())
        .addNewSubject().withKind("ServiceAccount").withName(serviceAccount).withNamespace(namespace).endSubject()
        .build()).create();
    source.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(clusterRole())
        .endMetadata().addNewRule().withApiGroups("").withResources("nodes").withVerbs("get", "list").endRule()
        .build()).create();
    source.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
        .withName(clusterRole()).endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole())
        .addNewSubject().withKind("ServiceAccount").withName(serviceAccount).withNamespace(namespace).endSubject()
        .build()).create();
    source.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(serviceAccount + "-0")
        .endMetadata().withNewSpec().withServiceAccountName(serviceAccount).addNewContainer().withName("app")
        .withImage("registry.k8s.io/pause:3.10").endContainer().endSpec().build()).create();
    source.secrets().inNamespace(namespace).withName(legacySecret()).waitUntilCondition(
        s -> s != null && s.getData() != null && s.getData().containsKey("token"), 30, TimeUnit.SECONDS);
    env.migratorIn(namespace);
    return this;
  }

  /**
   * What a user does before mirroring RBAC (docs/operations.md): the migrator on the target may only create Roles
   * granting what it holds itself (Kubernetes' escalation prevention), so the target's administrator grants it the
   * workload's permissions, here as a ClusterRole {@code cutover-test-mirror-NAMESPACE} bound to
   * {@code cutover-migrator}.
   */
  Scenario grantMigratorOnTarget(PolicyRule... rules) {
    return grantOn(env.target, new io.fabric8.kubernetes.api.model.rbac.SubjectBuilder().withKind("ServiceAccount")
        .withName(OperatorDeployment.MIGRATOR).withNamespace(OperatorDeployment.NAMESPACE).build(), rules);
  }

  /** The same grant on {@code cluster} to {@code subject} (a remote reached by issuer trust: the mapped user). */
  Scenario grantOn(RealCluster cluster, io.fabric8.kubernetes.api.model.rbac.Subject subject, PolicyRule... rules) {
    String name = "cutover-test-mirror-" + namespace;
    KubernetesClient target = cluster.client();
    target.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata()
        .withRules(rules).build()).create();
    target.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(name)
        .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", name).withSubjects(subject)
        .build()).create();
    return this;
  }

  /** Labels an object with a migration's UID label, as anyone who may update it can. */
  static void labelAsMigrations(Resource<? extends HasMetadata> object, String migrationUid) {
    object.edit(o -> {
      o.getMetadata().setLabels(new java.util.LinkedHashMap<>(o.getMetadata().getLabels() == null ? Map.of()
          : o.getMetadata().getLabels()));
      o.getMetadata().getLabels().put(io.cutover.api.v1alpha1.Ownership.MIGRATION_UID_LABEL, migrationUid);
      return o;
    });
  }

  /** The legacy token the real token controller wrote into the Secret. */
  String legacyToken() {
    Secret secret = env.source.client().secrets().inNamespace(namespace).withName(legacySecret()).get();
    return new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
  }

  /** A migration of this identity from source to target, as YAML; {@code extraSpec} is indented spec YAML. */
  String migrationYaml(String name, String window, String extraSpec) {
    return migrationYaml(name, window, extraSpec, "{name: target, kubeconfigSecretRef: {name: "
        + OperatorDeployment.kubeconfigSecretName(env.target) + "}}");
  }

  /** A migration of this identity to another namespace and name on the target. */
  String migrationYamlTo(String name, String window, String extraSpec, String targetNamespace, String targetName) {
    return migrationYaml(name, window, extraSpec, "{name: target, kubeconfigSecretRef: {name: "
        + OperatorDeployment.kubeconfigSecretName(env.target) + "}}\n    namespace: " + targetNamespace
        + "\n    serviceAccount: " + targetName);
  }

  /** The same with the target's {@code cluster} reference given (flow YAML). */
  String migrationYaml(String name, String window, String extraSpec, String targetCluster) {
    return """
        apiVersion: cutover.io/v1alpha1
        kind: ServiceAccountMigration
        metadata:
          name: %s
          namespace: %s
        spec:
          policy: %s
          requester: {username: %s}
          source:
            cluster: {name: source, kubeconfigSecretRef: {name: %s}}
            namespace: %s
            serviceAccount: %s
          target:
            cluster: %s
          tokens:
            audiences: [%s]
            secretName: %s-token
          dualRun: {window: %s}
        %s""".formatted(name, RealEnvironment.NAMESPACE, RealEnvironment.POLICY, RealEnvironment.REQUESTER,
        OperatorDeployment.kubeconfigSecretName(env.source),
        namespace, serviceAccount, targetCluster, AUDIENCE, serviceAccount,
        window, extraSpec.isEmpty() ? "" : extraSpec.stripTrailing().indent(2));
  }

  /** Creates the migration as its requester ({@link RealEnvironment#REQUESTER}), through the admission policy. */
  ServiceAccountMigration apply(String yaml) {
    return env.as(RealEnvironment.REQUESTER).resources(ServiceAccountMigration.class).resource(
        env.control.client().getKubernetesSerialization().unmarshal(yaml, ServiceAccountMigration.class)).create();
  }

  MixedOperation<ServiceAccountMigration, KubernetesResourceList<ServiceAccountMigration>,
      Resource<ServiceAccountMigration>> migrations() {
    return env.control.client().resources(ServiceAccountMigration.class);
  }

  ServiceAccountMigration get(String name) {
    return migrations().inNamespace(RealEnvironment.NAMESPACE).withName(name).get();
  }

  ServiceAccountMigration awaitPhase(String name, Phase... phases) {
    List<Phase> wanted = List.of(phases);
    return await(name, "phase " + wanted, m -> m.getStatus() != null && m.getStatus().getPhase() != null
        && wanted.contains(m.getStatus().getPhase()));
  }

  ServiceAccountMigration await(String name, String what, Predicate<ServiceAccountMigration> condition) {
    return migrations().inNamespace(RealEnvironment.NAMESPACE).withName(name).waitUntilCondition(
        m -> m != null && condition.test(m), MIGRATION_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  static Optional<Condition> condition(ServiceAccountMigration m, String type) {
    return m.getStatus() == null || m.getStatus().getConditions() == null ? Optional.empty()
        : m.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  static TokenReviewStatus review(RealCluster cluster, String token, List<String> audiences) {
    return cluster.client().tokenReviews().create(new TokenReviewBuilder().withNewSpec().withToken(token)
        .withAudiences(audiences).endSpec().build()).getStatus();
  }

  /** Polls the real TokenReview until {@code token} no longer authenticates; returns how long that took. */
  static Duration untilRejected(RealCluster cluster, String token, Duration bound) {
    long start = System.nanoTime();
    org.awaitility.Awaitility.await().atMost(bound).pollInterval(Duration.ofMillis(250))
        .until(() -> !Boolean.TRUE.equals(review(cluster, token, List.of()).getAuthenticated()));
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Nothing of a migration of {@code namespace/serviceAccount} is on the target. */
  static void assertNothingOnTarget(RealEnvironment env, String namespace, String serviceAccount) {
    KubernetesClient target = env.target.client();
    assertThat(target.serviceAccounts().inNamespace(namespace).withName(serviceAccount).get())
        .as("target ServiceAccount").isNull();
    assertThat(target.rbac().roles().inNamespace(namespace).withLabel("cutover.io/migration-uid").list().getItems())
        .as("Roles a migration created").isEmpty();
    assertThat(target.rbac().roleBindings().inNamespace(namespace).withLabel("cutover.io/migration-uid").list()
        .getItems()).as("RoleBindings a migration created").isEmpty();
    assertThat(target.secrets().inNamespace(namespace).withLabel("cutover.io/migration-uid").list().getItems())
        .as("Secrets a migration created").isEmpty();
  }

  /** The seeded identity on the source is as it was: ServiceAccount, legacy token, binding. */
  static void assertSourceUntouched(Scenario s) {
    RealEnvironment env = s.env;
    assertThat(env.source.client().serviceAccounts().inNamespace(s.namespace).withName(s.serviceAccount).get())
        .as("source ServiceAccount").isNotNull();
    assertThat(Scenario.review(env.source, s.legacyToken(), List.of()).getAuthenticated())
        .as("the source's legacy token still authenticates").isTrue();
    assertThat(env.source.client().rbac().roleBindings().inNamespace(s.namespace).withName(s.role()).get()
        .getSubjects()).as("source binding subjects").hasSize(1);
  }
}
