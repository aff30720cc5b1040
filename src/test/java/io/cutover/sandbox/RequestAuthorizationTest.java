package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.testing.Kubectl;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every sandbox request is authenticated and authorized as kube-apiserver does it: 401 for a refused token, 403 in
 * kube-apiserver's words, anonymous requests, impersonation (allowed and refused) and {@code kubectl auth can-i --as}.
 */
class RequestAuthorizationTest {

  static final String NS = "shop";
  static final String READER = "system:serviceaccount:shop:reader";
  static SandboxCluster cluster;
  static KubernetesClient admin;
  static HttpClient http;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("authz");
    admin = cluster.client();
    http = SandboxHttp.client(cluster);
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    admin.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata().withName("reader")
        .endMetadata().build()).create();
    admin.rbac().roles().inNamespace(NS).resource(new RoleBuilder().withNewMetadata().withName("read-configmaps")
        .endMetadata().addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get", "list")
        .endRule().build()).create();
    admin.rbac().roleBindings().inNamespace(NS).resource(new RoleBindingBuilder().withNewMetadata()
        .withName("reader").endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "read-configmaps")
        .addNewSubject().withKind("ServiceAccount").withName("reader").withNamespace(NS).endSubject().build())
        .create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static String readerToken() {
    return admin.serviceAccounts().inNamespace(NS).withName("reader").tokenRequest(new TokenRequestBuilder()
        .withNewSpec().endSpec().build()).getStatus().getToken();
  }

  static HttpResponse<String> send(java.net.http.HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return Store.JSON.readTree(response.body());
  }

  @Test
  void aTokenTheClusterRefusesIs401Unauthorized() throws Exception {
    HttpResponse<String> response = send(SandboxHttp.anonymous(cluster, "/api/v1/namespaces")
        .header("Authorization", "Bearer not-a-token").build());
    assertThat(response.statusCode()).isEqualTo(401);
    JsonNode status = json(response);
    assertThat(status.path("kind").asText()).isEqualTo("Status");
    assertThat(status.path("reason").asText()).isEqualTo("Unauthorized");
    assertThat(status.path("message").asText()).isEqualTo("Unauthorized");
    assertThat(response.body()).doesNotContain("not-a-token");
  }

  @Test
  void anonymousRequestsAreSystemAnonymousAndSeeOnlyThePublicInfo() throws Exception {
    HttpResponse<String> version = send(SandboxHttp.anonymous(cluster, "/version").build());
    assertThat(version.statusCode()).isEqualTo(200);
    HttpResponse<String> api = send(SandboxHttp.anonymous(cluster, "/api").build());
    assertThat(api.statusCode()).isEqualTo(403);
    assertThat(json(api).path("message").asText()).isEqualTo("forbidden: User \"system:anonymous\" cannot get path \"/api\"");
    HttpResponse<String> secret = send(SandboxHttp.anonymous(cluster, "/api/v1/namespaces/shop/secrets/db").build());
    assertThat(secret.statusCode()).isEqualTo(403);
    JsonNode status = json(secret);
    assertThat(status.path("reason").asText()).isEqualTo("Forbidden");
    assertThat(status.path("message").asText()).isEqualTo("secrets \"db\" is forbidden: User \"system:anonymous\""
        + " cannot get resource \"secrets\" in API group \"\" in the namespace \"shop\"");
    assertThat(status.path("details").path("name").asText()).isEqualTo("db");
    assertThat(status.path("details").path("kind").asText()).isEqualTo("secrets");
  }

  @Test
  void aServiceAccountTokenIsThatAccountAndRbacDecidesEachVerb() throws Exception {
    try (KubernetesClient reader = cluster.clientWithToken(readerToken())) {
      assertThat(reader.configMaps().inNamespace(NS).list().getItems()).extracting(c -> c.getMetadata().getName())
          .as("the list RBAC allows: the namespace's root CA only").containsExactly("kube-root-ca.crt");
      // Discovery: system:discovery is bound to every authenticated user.
      assertThat(send(SandboxHttp.anonymous(cluster, "/apis").header("Authorization", "Bearer " + readerToken())
          .build()).statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> reader.configMaps().inNamespace(NS).withName("x").delete())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(403);
            assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"x\" is forbidden: User \"" + READER
                + "\" cannot delete resource \"configmaps\" in API group \"\" in the namespace \"shop\"");
          });
      assertThatThrownBy(() -> reader.configMaps().inNamespace("default").list())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
              .isEqualTo("configmaps is forbidden: User \"" + READER + "\" cannot list resource \"configmaps\" in API"
                  + " group \"\" in the namespace \"default\""));
      assertThatThrownBy(() -> reader.rbac().clusterRoles().list())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
              .isEqualTo("clusterroles.rbac.authorization.k8s.io is forbidden: User \"" + READER + "\" cannot list"
                  + " resource \"clusterroles\" in API group \"rbac.authorization.k8s.io\" at the cluster scope"));
    }
    HttpResponse<String> watch = send(SandboxHttp.anonymous(cluster, "/api/v1/namespaces/shop/secrets?watch=true")
        .header("Authorization", "Bearer " + readerToken()).build());
    assertThat(json(watch).path("message").asText()).isEqualTo("secrets is forbidden: User \"" + READER
        + "\" cannot watch resource \"secrets\" in API group \"\" in the namespace \"shop\"");
  }

  @Test
  void impersonationNeedsTheImpersonateVerbAndThenServesAsTheImpersonatedUser() throws Exception {
    String token = readerToken();
    HttpResponse<String> refused = send(SandboxHttp.anonymous(cluster, "/api/v1/namespaces/shop/configmaps")
        .header("Authorization", "Bearer " + token).header("Impersonate-User", "bob").build());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(json(refused).path("message").asText()).isEqualTo("users \"bob\" is forbidden: User \"" + READER
        + "\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope");

    admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("impersonate-bob")
        .endMetadata().addNewRule().withApiGroups("").withResources("users").withResourceNames("bob")
        .withVerbs("impersonate").endRule().build()).create();
    admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
        .withName("reader-impersonates-bob").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "impersonate-bob")
        .addNewSubject().withKind("ServiceAccount").withName("reader").withNamespace(NS).endSubject().build())
        .create();
    HttpResponse<String> whoami = send(SandboxHttp.anonymous(cluster, KubectlApi.SELF_SUBJECT_REVIEWS)
        .header("Authorization", "Bearer " + token).header("Impersonate-User", "bob")
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}")).build());
    assertThat(whoami.statusCode()).isEqualTo(201);
    JsonNode user = json(whoami).path("status").path("userInfo");
    assertThat(user.path("username").asText()).isEqualTo("bob");
    assertThat(user.path("groups").toString()).isEqualTo("[\"system:authenticated\"]");
    // bob holds nothing here: the request is authorized as bob, not as the reader.
    HttpResponse<String> asBob = send(SandboxHttp.anonymous(cluster, "/api/v1/namespaces/shop/configmaps")
        .header("Authorization", "Bearer " + token).header("Impersonate-User", "bob").build());
    assertThat(json(asBob).path("message").asText()).contains("User \"bob\" cannot list resource \"configmaps\"");
    // A group bob may not be impersonated into.
    HttpResponse<String> group = send(SandboxHttp.anonymous(cluster, "/api/v1/namespaces/shop/configmaps")
        .header("Authorization", "Bearer " + token).header("Impersonate-User", "bob")
        .header("Impersonate-Group", "system:masters").build());
    assertThat(json(group).path("message").asText()).isEqualTo("groups \"system:masters\" is forbidden: User \""
        + READER + "\" cannot impersonate resource \"groups\" in API group \"\" at the cluster scope");
  }

  @Test
  void theAdministratorImpersonatesAServiceAccountWithItsGroups() {
    try (KubernetesClient asReader = cluster.clientAs(READER)) {
      SelfSubjectReview review = asReader.resource(new SelfSubjectReview()).create();
      assertThat(review.getStatus().getUserInfo().getUsername()).isEqualTo(READER);
      assertThat(review.getStatus().getUserInfo().getGroups()).containsExactly("system:serviceaccounts",
          "system:serviceaccounts:shop", "system:authenticated");
      assertThat(asReader.configMaps().inNamespace(NS).list().getItems()).extracting(c -> c.getMetadata().getName())
          .as("the list RBAC allows: the namespace's root CA only").containsExactly("kube-root-ca.crt");
      assertThatThrownBy(() -> asReader.secrets().inNamespace(NS).list())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  @Test
  void kubectlAuthCanIAsAnotherUserAnswersByRbac() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), cluster.kubeconfig("authz"));
    Kubectl kubectl = new Kubectl(dir);
    Kubectl.Result yes = kubectl.run(kubeconfig, "auth", "can-i", "list", "configmaps", "-n", NS, "--as", READER);
    assertThat(yes.out().trim()).as(yes.err()).isEqualTo("yes");
    assertThat(yes.exitCode()).isZero();
    Kubectl.Result no = kubectl.run(kubeconfig, "auth", "can-i", "delete", "configmaps", "-n", NS, "--as", READER);
    assertThat(no.out().trim()).isEqualTo("no");
    assertThat(no.exitCode()).isEqualTo(1);
    Kubectl.Result whoami = kubectl.ok(kubeconfig, "auth", "whoami", "--as", READER, "-o", "jsonpath={.status.userInfo.username}");
    assertThat(whoami.out().trim()).isEqualTo(READER);
    Kubectl.Result forbidden = kubectl.run(kubeconfig, "get", "secrets", "-n", NS, "--as", READER);
    assertThat(forbidden.exitCode()).isEqualTo(1);
    assertThat(forbidden.err()).contains("Error from server (Forbidden): secrets is forbidden: User \"" + READER
        + "\" cannot list resource \"secrets\" in API group \"\" in the namespace \"shop\"");
  }
}
