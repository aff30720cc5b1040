package io.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.ClusterRef;
import io.cutover.api.v1alpha1.SecretKeyRef;
import io.cutover.rbac.AccessCheck;
import io.cutover.rbac.ServiceAccountIdentity;
import io.cutover.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The migrator's questions about its own rights: what RBAC grants its ServiceAccount is answered from the RBAC
 * informers without a request; anything else is asked of the API server (SelfSubjectAccessReview), which answers for
 * every authorizer. And which ServiceAccount a client is, from its own token.
 */
class MayIFromInformersTest {
  private static final ServiceAccountIdentity MIGRATOR = new ServiceAccountIdentity("movers", "migrator");
  private static SandboxCluster cluster;
  private static String migratorToken;
  private static KubernetesClient asMigrator;
  private static Fabric8ClusterPort port;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("may-i");
    cluster.client().load(new ByteArrayInputStream("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: apps}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: movers}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: migrator, namespace: movers}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: rbac-reader}
        rules:
        - apiGroups: [rbac.authorization.k8s.io]
          resources: [roles, clusterroles, rolebindings, clusterrolebindings]
          verbs: [get, list, watch]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: migrator-rbac-reader}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: rbac-reader}
        subjects:
        - {kind: ServiceAccount, name: migrator, namespace: movers}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: secrets, namespace: apps}
        rules:
        - apiGroups: [""]
          resources: [secrets]
          verbs: [create]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: migrator-secrets, namespace: apps}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: secrets}
        subjects:
        - {kind: ServiceAccount, name: migrator, namespace: movers}
        ---
        # As bench --clusters real grants what the migrator mirrors: a RoleBinding to a ClusterRole.
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: mirrored}
        rules:
        - apiGroups: [""]
          resources: [configmaps]
          verbs: [get, watch]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: migrator-mirrored, namespace: apps}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: mirrored}
        subjects:
        - {kind: ServiceAccount, name: migrator, namespace: movers}
        ---
        # As kube-apiserver's system:discovery and system:basic-user, bound to groups every ServiceAccount is in.
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: discovery}
        rules:
        - nonResourceURLs: [/api, /api/*, /version]
          verbs: [get]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: discovery}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: discovery}
        subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:authenticated}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: basic-user}
        rules:
        - apiGroups: [authorization.k8s.io]
          resources: [selfsubjectaccessreviews]
          verbs: [create]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: basic-user}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: basic-user}
        subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:serviceaccounts}
        ---
        # An aggregated ClusterRole: its rules are what the aggregation wrote into it.
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: pod-lister
          labels: {cutover.test/aggregate-to-mover: "true"}
        rules:
        - apiGroups: [""]
          resources: [pods]
          verbs: [list]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: mover}
        aggregationRule:
          clusterRoleSelectors:
          - matchLabels: {cutover.test/aggregate-to-mover: "true"}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: migrator-mover, namespace: apps}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: mover}
        subjects:
        - {kind: ServiceAccount, name: migrator, namespace: movers}
        """.getBytes(StandardCharsets.UTF_8))).create();
    // The informers of the ports below start after this: they list the aggregated rules.
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
      ClusterRole mover = cluster.client().rbac().clusterRoles().withName("mover").get();
      return mover.getRules() != null && !mover.getRules().isEmpty();
    });
    migratorToken = cluster.client().serviceAccounts().inNamespace("movers").withName("migrator")
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build())
        .getStatus().getToken();
    asMigrator = cluster.clientWithToken(migratorToken);
    port = new Fabric8ClusterPort("may-i", asMigrator);
  }

  @AfterAll
  static void stop() {
    port.close();
    asMigrator.close();
    cluster.close();
  }

  private static long selfReviews() {
    return cluster.requests().snapshot().entrySet().stream()
        .filter(e -> e.getKey().resource().equals("selfsubjectaccessreviews")).mapToLong(Map.Entry::getValue).sum();
  }

  @Test
  void whatRbacGrantsIsAnsweredFromTheInformersAndTheRestByTheApiServer() {
    assertThat(ServiceAccountTokens.subject(asMigrator.getConfiguration()))
        .contains(new ServiceAccountIdentity("movers", "migrator"));
    port.rbac(); // the informers run
    long before = selfReviews();

    assertThat(port.mayI(AccessCheck.resource("apps", "create", "", "secrets", null, null))).isTrue();
    assertThat(selfReviews()).as("granted by RBAC: no request").isEqualTo(before);

    assertThat(port.mayI(AccessCheck.resource("apps", "delete", "", "secrets", null, null))).isFalse();
    assertThat(port.mayI(AccessCheck.resource("movers", "create", "", "secrets", null, null))).isFalse();
    assertThat(selfReviews()).as("not granted by RBAC: the API server is asked").isEqualTo(before + 2);
  }

  /**
   * The operator's own path, where bench --clusters real still counted a SelfSubjectAccessReview for every right: a
   * target client built by {@link ClusterConnector} from a kubeconfig Secret (fabric8 keeps that token as
   * {@code autoOAuthToken}, not {@code oauthToken}). Each way RBAC grants is answered without a request, and kube's
   * authorizer, asked by SubjectAccessReview for the same user and groups, agrees with each "yes"; each "no" is the
   * API server's.
   */
  @Test
  void aClientFromAKubeconfigSecretIsAnsweredFromTheInformersToo() {
    cluster.client().secrets().inNamespace("movers").resource(new SecretBuilder().withNewMetadata()
        .withName("target-kubeconfig").endMetadata()
        .withStringData(Map.of("kubeconfig", cluster.kubeconfig("target", "migrator", migratorToken))).build())
        .create();
    List<AccessCheck> granted = List.of(
        AccessCheck.resource("apps", "create", "", "secrets", null, null), // RoleBinding to a Role
        AccessCheck.resource("apps", "get", "", "configmaps", null, "app-config"), // RoleBinding to a ClusterRole
        AccessCheck.resource("apps", "watch", "", "configmaps", null, null),
        AccessCheck.resource("apps", "list", "", "pods", null, null), // an aggregated ClusterRole
        AccessCheck.resource(null, "create", "authorization.k8s.io", "selfsubjectaccessreviews", null, null), // group
        AccessCheck.resource(null, "list", "rbac.authorization.k8s.io", "clusterroles", null, null),
        AccessCheck.nonResource("get", "/api/*"), // as a plan's check of a wildcard URL is spelled
        AccessCheck.nonResource("get", "/api/v1"),
        AccessCheck.nonResource("get", "/version"));
    List<AccessCheck> denied = List.of(
        AccessCheck.resource("apps", "delete", "", "configmaps", null, null),
        AccessCheck.resource("movers", "get", "", "configmaps", null, null), // bound in apps only
        AccessCheck.resource(null, "list", "", "pods", null, null), // a RoleBinding grants in its namespace only
        AccessCheck.nonResource("get", "/logs"),
        AccessCheck.nonResource("get", "/metrics"));
    try (ClusterConnector connector = new ClusterConnector(cluster.client());
        Fabric8ClusterPort admin = new Fabric8ClusterPort("may-i-admin", cluster.client(), false)) {
      ClusterPort target = connector.connect("movers",
          new ClusterRef("target", new SecretKeyRef("target-kubeconfig", "kubeconfig")), "target");
      target.rbac(); // the informers run
      long before = selfReviews();
      for (AccessCheck check : granted) {
        assertThat(target.mayI(check)).as("%s", check).isTrue();
      }
      assertThat(selfReviews()).as("granted by RBAC: no request").isEqualTo(before);

      for (AccessCheck check : denied) {
        assertThat(target.mayI(check)).as("%s", check).isFalse();
      }
      assertThat(selfReviews()).as("each denial is the API server's").isEqualTo(before + denied.size());

      for (AccessCheck check : granted) {
        assertThat(admin.reviewAccess(MIGRATOR.username(), MIGRATOR.groups(), check).allowed())
            .as("the authorizer allows %s", check).isTrue();
      }
    }
  }

  /** The token a client sends, where fabric8 keeps it, and only when the API server would see that token's owner. */
  @Test
  void whoAClientIsFollowsTheCredentialTheApiServerSees() {
    String kubeconfig = cluster.kubeconfig("target", "migrator", migratorToken);
    Config fromKubeconfig = Config.fromKubeconfig(kubeconfig);
    assertThat(fromKubeconfig.getOauthToken()).as("fabric8 keeps a kubeconfig's token apart").isNull();
    assertThat(ServiceAccountTokens.subject(fromKubeconfig)).contains(MIGRATOR);

    Config withCertificate = Config.fromKubeconfig(kubeconfig);
    withCertificate.setClientCertData(Base64.getEncoder().encodeToString("a certificate".getBytes(StandardCharsets.UTF_8)));
    assertThat(ServiceAccountTokens.subject(withCertificate)).as("kube-apiserver authenticates the certificate first")
        .isEmpty();
    Config basicAuth = Config.fromKubeconfig(kubeconfig);
    basicAuth.setUsername("alice");
    basicAuth.setPassword("a password");
    assertThat(ServiceAccountTokens.subject(basicAuth)).as("fabric8 then sends no bearer token").isEmpty();
    Config asGroup = Config.fromKubeconfig(kubeconfig);
    asGroup.setImpersonateGroups(new String[] {"admins"});
    assertThat(ServiceAccountTokens.subject(asGroup)).isEmpty();
    Config explicit = Config.fromKubeconfig(kubeconfig);
    explicit.setOauthToken(jwt("{\"sub\":\"system:serviceaccount:other:one\"}"));
    assertThat(ServiceAccountTokens.subject(explicit)).as("oauthToken is sent before autoOAuthToken")
        .contains(new ServiceAccountIdentity("other", "one"));
  }

  @Test
  void onlyAServiceAccountTokenNamesItsServiceAccount() {
    assertThat(ServiceAccountTokens.subject(jwt("{\"sub\":\"system:serviceaccount:ns:name\"}")))
        .contains(new ServiceAccountIdentity("ns", "name"));
    assertThat(ServiceAccountTokens.subject(jwt("{\"sub\":\"alice\"}"))).isEmpty();
    assertThat(ServiceAccountTokens.subject(jwt("{\"sub\":\"system:serviceaccount:ns\"}"))).isEmpty();
    assertThat(ServiceAccountTokens.subject(jwt("not json"))).isEmpty();
    assertThat(ServiceAccountTokens.subject("an-opaque-token")).isEmpty();
    assertThat(ServiceAccountTokens.subject((String) null)).isEmpty();
    var impersonating = new io.fabric8.kubernetes.client.ConfigBuilder(asMigrator.getConfiguration())
        .withImpersonateUsername("bob").build();
    assertThat(ServiceAccountTokens.subject(impersonating)).as("the API server sees bob, not the token's owner").isEmpty();
  }

  private static String jwt(String claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".sig";
  }
}
