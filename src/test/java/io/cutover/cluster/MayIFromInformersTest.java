package io.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.rbac.AccessCheck;
import io.cutover.rbac.ServiceAccountIdentity;
import io.cutover.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The migrator's questions about its own rights: what RBAC grants its ServiceAccount is answered from the RBAC
 * informers without a request; anything else is asked of the API server (SelfSubjectAccessReview), which answers for
 * every authorizer. And which ServiceAccount a client is, from its own token.
 */
class MayIFromInformersTest {
  private static SandboxCluster cluster;
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
        """.getBytes(StandardCharsets.UTF_8))).create();
    String token = cluster.client().serviceAccounts().inNamespace("movers").withName("migrator")
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build())
        .getStatus().getToken();
    asMigrator = cluster.clientWithToken(token);
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
