package io.cutover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.api.v1alpha1.ClusterRef;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.CutoverSpec;
import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.SecretKeyRef;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.api.v1alpha1.SourceSpec;
import io.cutover.api.v1alpha1.TargetSpec;
import io.cutover.config.CutoverOperator;
import io.cutover.sandbox.Sandbox;
import io.cutover.api.v1alpha1.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One sandbox (control, source, target) and one real {@link CutoverOperator} on the control cluster, shared by the
 * tests of a class. Each test seeds its own identity ({@link #seedIdentity}) in its own namespace and names its own
 * migration, so tests do not see each other's objects.
 */
final class E2eEnvironment implements AutoCloseable {
  static final String NS = Sandbox.OPERATOR_NAMESPACE;
  static final String AUDIENCE = "vault.target.example";
  /** A compact JWS: base64url JSON header and payload (both start with {"...} and therefore with eyJ). */
  static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+");
  static final Duration TIMEOUT = Duration.ofSeconds(40);

  final Path kubeconfigDir;
  final Sandbox sandbox;
  final KubernetesClient control;
  final KubernetesClient source;
  final KubernetesClient target;
  private CutoverOperator operator;

  private E2eEnvironment(Path kubeconfigDir, Sandbox sandbox) {
    this.kubeconfigDir = kubeconfigDir;
    this.sandbox = sandbox;
    this.control = sandbox.control().client();
    this.source = sandbox.source().client();
    this.target = sandbox.target().client();
    grantPolicy(control);
  }

  /**
   * The policy every e2e migration names, granted to {@link #REQUESTER} with both verbs: migrations in the operator
   * namespace may move identities between any unprotected namespaces of the sandbox's source and target, with every
   * option (each test seeds its own namespaces and chooses its options; the policy tests narrow it themselves).
   */
  static void grantPolicy(KubernetesClient control) {
    var spec = io.cutover.sandbox.SandboxPolicies.between(NS, List.of("*"), List.of("*"));
    // Both sandbox clusters on either side, by name, whichever kubeconfig Secret a test names (some test a missing or
    // broken one, some move an identity back).
    for (var scope : List.of(spec.getSource(), spec.getTarget())) {
      scope.setClusters(new java.util.ArrayList<>(List.of(new io.cutover.api.v1alpha1.PolicyCluster("source", null),
          new io.cutover.api.v1alpha1.PolicyCluster("target", null))));
    }
    var allow = spec.getAllow();
    allow.setEscalation(true);
    allow.setSecrets(new java.util.ArrayList<>(List.of("*")));
    allow.setClusterRoles(true);
    allow.setMoveSecrets(true);
    allow.setRevocationOff(true);
    allow.setSelfApproval(true);
    allow.setProbeHosts(new java.util.ArrayList<>(List.of("localhost", "127.0.0.1")));
    io.cutover.sandbox.SandboxPolicies.grant(control, POLICY, spec, REQUESTER,
        io.cutover.api.v1alpha1.MigrationPolicy.USE, io.cutover.api.v1alpha1.MigrationPolicy.APPROVE);
  }

  /** The e2e migrations' policy and requester. */
  static final String POLICY = "e2e";
  static final String REQUESTER = "e2e-user";
  /** The merge patch that approves a cutover, as kubectl cutover approve sends it for {@link #REQUESTER}. */
  static final String APPROVE_PATCH = "{\"spec\":{\"cutover\":{\"approved\":true,\"approvedBy\":{\"username\":\""
      + REQUESTER + "\"}}}}";

  static io.cutover.api.v1alpha1.UserRef requester() {
    var user = new io.cutover.api.v1alpha1.UserRef();
    user.setUsername(REQUESTER);
    return user;
  }

  static E2eEnvironment start(Path kubeconfigDir) {
    Sandbox sandbox = Sandbox.start(kubeconfigDir);
    E2eEnvironment env = new E2eEnvironment(kubeconfigDir, sandbox);
    env.startOperator();
    return env;
  }

  /** A sandbox without an operator: the test starts its own ({@link #startOperator(KubernetesClient, CutoverOperator.Options)}). */
  static E2eEnvironment startWithoutOperator(Path kubeconfigDir) {
    return new E2eEnvironment(kubeconfigDir, Sandbox.start(kubeconfigDir));
  }

  /**
   * A client to a sandbox cluster built as the operator command builds its own (fabric8's defaults: requests that
   * fail with a 5xx, a 429 or an IO error are re-sent), from the cluster's kubeconfig. The caller closes it.
   */
  static KubernetesClient productionClient(io.cutover.sandbox.SandboxCluster cluster) {
    return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(cluster.kubeconfig(cluster.name())))
        .withHttpClientBuilderConsumer(io.cutover.cluster.HttpTrace::install).build();
  }

  void startOperator(KubernetesClient operatorClient, CutoverOperator.Options options) {
    operator = CutoverOperator.start(operatorClient, Clock.systemUTC(), options);
  }

  void startOperator() {
    startOperator(CutoverOperator.Options.defaults());
  }

  void startOperator(CutoverOperator.Options options) {
    operator = CutoverOperator.start(control, Clock.systemUTC(), options, CutoverOperator.protectedIdentities(options),
        CutoverOperator.Observability.none(), CutoverOperator.LeaderElection.defaults(), PROBE);
  }

  /**
   * The relying parties' probe of the e2e operator: the operator's own (https only), its TLS trusting the test
   * endpoints' certificate ({@link io.cutover.testing.TestTls}) — the embedder's switch, not the CRD's or the chart's.
   */
  static final io.cutover.trust.RelyingPartyProbe PROBE =
      io.cutover.trust.HttpRelyingPartyProbe.trusting(io.cutover.testing.TestTls.clientTrustingOnlyThis());

  /** An operator with its own clock and observability options (the metrics tests serve /metrics on a free port). */
  void startOperator(Clock clock, CutoverOperator.Options options, CutoverOperator.Observability observability) {
    operator = CutoverOperator.start(control, clock, options, CutoverOperator.protectedIdentities(options),
        observability);
  }

  CutoverOperator operator() {
    return operator;
  }

  void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  @Override
  public void close() {
    try {
      stopOperator();
    } finally {
      sandbox.close();
    }
  }

  // ---------------------------------------------------------------- the source identity

  /** What {@link #seedIdentity} created on the source; names only (the legacy token is read on demand). */
  record Identity(String namespace, String serviceAccount, String legacySecret, String role, String clusterRole) {
    String username() {
      return "system:serviceaccount:" + namespace + ":" + serviceAccount;
    }

    List<String> groups() {
      return List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
    }
  }

  /**
   * Seeds a workload identity like the demo's payments-api: a ServiceAccount with a legacy token Secret, a Role
   * (configmaps/secrets named {@code app-config}: get/list/watch; pods: get/list) and a ClusterRole (nodes: get/list),
   * each bound to it. Waits until the token controller has filled the legacy token.
   */
  Identity seedIdentity(String namespace, String serviceAccount) {
    Map<String, String> labels = Map.of("app.kubernetes.io/name", serviceAccount);
    Identity id = new Identity(namespace, serviceAccount, serviceAccount + "-token-legacy", serviceAccount + "-reader",
        namespace + "-" + serviceAccount + "-node-reader");
    if (source.namespaces().withName(namespace).get() == null) { // several identities may share one (waves)
      source.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    source.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName(serviceAccount).withNamespace(namespace).withLabels(labels).endMetadata().build()).create();
    source.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata()
        .withName(id.legacySecret()).withNamespace(namespace).withLabels(labels)
        .withAnnotations(Map.of("kubernetes.io/service-account.name", serviceAccount)).endMetadata()
        .withType("kubernetes.io/service-account-token").build()).create();
    source.rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata()
        .withName(id.role()).withNamespace(namespace).withLabels(labels).endMetadata()
        .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("configmaps", "secrets")
                .withResourceNames("app-config").withVerbs("get", "list", "watch").build(),
            new PolicyRuleBuilder().withApiGroups("").withResources("pods").withVerbs("get", "list").build())
        .build()).create();
    source.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata()
        .withName(id.role()).withNamespace(namespace).withLabels(labels).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", id.role())
        .addNewSubject().withKind("ServiceAccount").withName(serviceAccount).withNamespace(namespace).endSubject()
        .build()).create();
    source.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata()
        .withName(id.clusterRole()).withLabels(labels).endMetadata()
        .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("nodes").withVerbs("get", "list").build())
        .build()).create();
    source.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
        .withName(id.clusterRole()).withLabels(labels).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", id.clusterRole())
        .addNewSubject().withKind("ServiceAccount").withName(serviceAccount).withNamespace(namespace).endSubject()
        .build()).create();
    await("legacy token of " + namespace + "/" + serviceAccount).atMost(TIMEOUT)
        .until(() -> legacyToken(id).isPresent());
    return id;
  }

  Optional<String> legacyToken(Identity id) {
    Secret secret = source.secrets().inNamespace(id.namespace()).withName(id.legacySecret()).get();
    return Optional.ofNullable(secret).map(Secret::getData).map(d -> d.get("token")).map(E2eEnvironment::decode);
  }

  /** The identity's objects on the source, as stored (resourceVersions included), keyed by kind/name. */
  Map<String, HasMetadata> sourceSnapshot(Identity id) {
    Map<String, HasMetadata> objects = new TreeMap<>();
    put(objects, source.namespaces().withName(id.namespace()).get());
    put(objects, source.serviceAccounts().inNamespace(id.namespace()).withName(id.serviceAccount()).get());
    put(objects, source.secrets().inNamespace(id.namespace()).withName(id.legacySecret()).get());
    put(objects, source.rbac().roles().inNamespace(id.namespace()).withName(id.role()).get());
    put(objects, source.rbac().roleBindings().inNamespace(id.namespace()).withName(id.role()).get());
    put(objects, source.rbac().clusterRoles().withName(id.clusterRole()).get());
    put(objects, source.rbac().clusterRoleBindings().withName(id.clusterRole()).get());
    return objects;
  }

  private static void put(Map<String, HasMetadata> objects, HasMetadata object) {
    assertThat(object).as("seeded source object").isNotNull();
    objects.put(object.getKind() + "/" + object.getMetadata().getName(), object);
  }

  /** Every object on the target labelled with the migration's UID, as kind/namespace/name. */
  List<String> targetObjectsOf(String migrationUid) {
    String label = "cutover.io/migration-uid";
    List<HasMetadata> found = new ArrayList<>();
    found.addAll(target.namespaces().withLabel(label, migrationUid).list().getItems());
    found.addAll(target.serviceAccounts().inAnyNamespace().withLabel(label, migrationUid).list().getItems());
    found.addAll(target.secrets().inAnyNamespace().withLabel(label, migrationUid).list().getItems());
    found.addAll(target.rbac().roles().inAnyNamespace().withLabel(label, migrationUid).list().getItems());
    found.addAll(target.rbac().roleBindings().inAnyNamespace().withLabel(label, migrationUid).list().getItems());
    found.addAll(target.rbac().clusterRoles().withLabel(label, migrationUid).list().getItems());
    found.addAll(target.rbac().clusterRoleBindings().withLabel(label, migrationUid).list().getItems());
    return found.stream()
        .map(o -> o.getKind() + "/" + Optional.ofNullable(o.getMetadata().getNamespace()).orElse("") + "/"
            + o.getMetadata().getName())
        .sorted().toList();
  }

  /** Everything of the kinds a migration may write, on one cluster, as kind/namespace/name@resourceVersion. */
  static List<String> inventory(KubernetesClient cluster) {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(cluster.namespaces().list().getItems());
    all.addAll(cluster.serviceAccounts().inAnyNamespace().list().getItems());
    all.addAll(cluster.secrets().inAnyNamespace().list().getItems());
    all.addAll(cluster.rbac().roles().inAnyNamespace().list().getItems());
    all.addAll(cluster.rbac().roleBindings().inAnyNamespace().list().getItems());
    all.addAll(cluster.rbac().clusterRoles().list().getItems());
    all.addAll(cluster.rbac().clusterRoleBindings().list().getItems());
    return all.stream().map(o -> o.getKind() + "/" + Optional.ofNullable(o.getMetadata().getNamespace()).orElse("")
        + "/" + o.getMetadata().getName() + "@" + o.getMetadata().getResourceVersion()).sorted().toList();
  }

  // ---------------------------------------------------------------- reviews

  static TokenReviewStatus review(KubernetesClient cluster, String token, List<String> audiences) {
    return cluster.authentication().v1().tokenReviews().create(new TokenReviewBuilder().withNewSpec()
        .withToken(token).withAudiences(audiences).endSpec().build()).getStatus();
  }

  /** kube-apiserver's success cache keeps a token that authenticated for 10 s: the bound a revocation may take. */
  static final Duration TOKEN_CACHE_BOUND = Duration.ofSeconds(15);

  /**
   * The review of a revoked token once it is rejected: at once, or, if it authenticated within the last 10 s, when
   * the API server's success cache lets go ({@link #TOKEN_CACHE_BOUND} with slack).
   */
  static TokenReviewStatus awaitRejected(KubernetesClient cluster, String token, List<String> audiences) {
    return await("rejected within kube-apiserver's 10 s TokenReview success cache").atMost(TOKEN_CACHE_BOUND)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> review(cluster, token, audiences), r -> !Boolean.TRUE.equals(r.getAuthenticated()));
  }

  /** A resource permission to ask SubjectAccessReview about. */
  record Access(String namespace, String verb, String resource, String name) {
    @Override
    public String toString() {
      return verb + " " + resource + (name == null ? "" : "/" + name) + (namespace == null ? "" : " in " + namespace);
    }
  }

  static boolean allowed(KubernetesClient cluster, String user, List<String> groups, Access a) {
    return Boolean.TRUE.equals(cluster.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
        .withNewSpec().withUser(user).withGroups(groups).withNewResourceAttributes().withNamespace(a.namespace())
        .withVerb(a.verb()).withGroup("").withResource(a.resource()).withName(a.name()).endResourceAttributes()
        .endSpec().build()).getStatus().getAllowed());
  }

  // ---------------------------------------------------------------- migrations

  /** A migration from the source to the target cluster of {@code id}, same namespace and name; 2s window. */
  ServiceAccountMigration migration(String name, Identity id, Consumer<ServiceAccountMigrationSpec> customize) {
    ServiceAccountMigration sam = new ServiceAccountMigration();
    sam.getMetadata().setName(name);
    sam.getMetadata().setNamespace(NS);
    ServiceAccountMigrationSpec spec = new ServiceAccountMigrationSpec();
    spec.setPolicy(POLICY);
    spec.setRequester(requester());
    SourceSpec src = new SourceSpec();
    src.setCluster(new ClusterRef("source", new SecretKeyRef("source-kubeconfig", "kubeconfig")));
    src.setNamespace(id.namespace());
    src.setServiceAccount(id.serviceAccount());
    spec.setSource(src);
    TargetSpec tgt = new TargetSpec();
    tgt.setCluster(new ClusterRef("target", new SecretKeyRef("target-kubeconfig", "kubeconfig")));
    spec.setTarget(tgt);
    spec.getTokens().setAudiences(List.of(AUDIENCE));
    spec.getTokens().setExpirationSeconds(3600L);
    spec.getTokens().setSecretName(id.serviceAccount() + "-token");
    spec.getDualRun().setWindow("2s");
    spec.getDualRun().setOnDeadline(DualRunSpec.OnDeadline.Cutover);
    spec.getCutover().setApproval(CutoverSpec.Approval.Automatic);
    customize.accept(spec);
    sam.setSpec(spec);
    return sam;
  }

  ServiceAccountMigration create(ServiceAccountMigration sam) {
    return control.resources(ServiceAccountMigration.class).inNamespace(NS).resource(sam).create();
  }

  ServiceAccountMigration get(String name) {
    return control.resources(ServiceAccountMigration.class).inNamespace(NS).withName(name).get();
  }

  void mergePatch(String name, String json) {
    control.resources(ServiceAccountMigration.class).inNamespace(NS).withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), json);
  }

  ServiceAccountMigration awaitPhase(String name, Phase phase) {
    return awaitMigration(name, "phase " + phase, s -> s.getStatus() != null && s.getStatus().getPhase() == phase);
  }

  ServiceAccountMigration awaitMigration(String name, String what, Predicate<ServiceAccountMigration> condition) {
    return await(name + ": " + what).atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
        .until(() -> get(name), s -> s != null && condition.test(s));
  }

  /**
   * Awaits {@code phase}, then that the Ready condition has {@code status}/{@code reason} and keeps them for a second
   * (the terminal phases must not lose the reason on a later reconcile). Returns the last observed migration.
   */
  ServiceAccountMigration awaitSettled(String name, Phase phase, String status, String reason) {
    awaitPhase(name, phase);
    java.util.concurrent.atomic.AtomicReference<ServiceAccountMigration> last = new java.util.concurrent.atomic.AtomicReference<>();
    await(name + ": Ready=" + status + " " + reason + " held in " + phase).atMost(Duration.ofSeconds(5))
        .during(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          ServiceAccountMigration sam = get(name);
          last.set(sam);
          return sam.getStatus().getPhase() == phase && condition(sam, Conditions.READY)
              .map(c -> status.equals(c.getStatus()) && reason.equals(c.getReason())).orElse(false);
        });
    return last.get();
  }

  static Optional<Condition> condition(ServiceAccountMigration sam, String type) {
    return sam.getStatus() == null ? Optional.empty()
        : sam.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  static Condition ready(ServiceAccountMigration sam) {
    return condition(sam, Conditions.READY).orElseThrow(() -> new AssertionError("no Ready condition"));
  }

  static Predicate<ServiceAccountMigration> readyReason(String reason) {
    return s -> condition(s, Conditions.READY).map(c -> reason.equals(c.getReason())).orElse(false);
  }

  String statusJson(ServiceAccountMigration sam) {
    return control.getKubernetesSerialization().asJson(sam.getStatus());
  }

  static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  /** A copy of {@code cluster-kubeconfig}'s data under a new Secret name in the operator namespace. */
  void copyKubeconfigSecret(String from, String to) {
    Secret original = control.secrets().inNamespace(NS).withName(from).get();
    control.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(to).withNamespace(NS)
        .endMetadata().withType("Opaque").withData(original.getData()).build()).create();
  }

  ServiceAccount sourceServiceAccount(Identity id) {
    return source.serviceAccounts().inNamespace(id.namespace()).withName(id.serviceAccount()).get();
  }
}
