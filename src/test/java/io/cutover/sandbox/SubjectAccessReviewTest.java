package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SubjectAccessReviewTest {

  static final String NS = "shop";
  static final String SA_USER = "system:serviceaccount:shop:reader";
  static SandboxCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("access");
    client = cluster.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    client.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata().withName("reader")
        .endMetadata().build()).create();
    client.rbac().roles().inNamespace(NS).resource(new RoleBuilder().withNewMetadata().withName("config-reader")
        .endMetadata().addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get", "list")
        .endRule().build()).create();
    client.rbac().roleBindings().inNamespace(NS).resource(new RoleBindingBuilder().withNewMetadata()
        .withName("reader-config").endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "config-reader")
        .addNewSubject().withKind("ServiceAccount").withName("reader").withNamespace(NS).endSubject().build())
        .create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static SubjectAccessReviewStatus check(String user, List<String> groups, String namespace, String verb,
      String resource) {
    return client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder().withNewSpec()
        .withUser(user).withGroups(groups).withNewResourceAttributes().withNamespace(namespace).withVerb(verb)
        .withGroup("").withResource(resource).endResourceAttributes().endSpec().build()).getStatus();
  }

  @Test
  void allowsWhatAStoredRoleBindingGrantsAndNamesIt() {
    SubjectAccessReviewStatus status = check(SA_USER, List.of(), NS, "get", "configmaps");
    assertThat(status.getAllowed()).isTrue();
    assertThat(status.getReason()).contains("reader-config").contains("config-reader");
  }

  @Test
  void deniesWhatNoBindingGrants() {
    assertThat(check(SA_USER, List.of(), NS, "delete", "configmaps").getAllowed()).isFalse();
    assertThat(check(SA_USER, List.of(), NS, "get", "secrets").getAllowed()).isFalse();
  }

  @Test
  void roleBindingGrantsOnlyInItsNamespace() {
    assertThat(check(SA_USER, List.of(), "default", "get", "configmaps").getAllowed()).isFalse();
  }

  @Test
  void seesBindingsWrittenAfterStart() {
    client.rbac().roleBindings().inNamespace(NS).resource(new RoleBindingBuilder().withNewMetadata()
        .withName("alice-view").endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "view")
        .addNewSubject().withKind("User").withName("alice").withApiGroup("rbac.authorization.k8s.io").endSubject()
        .build()).create();
    // view is an aggregated bootstrap role: its rules come from system:aggregate-to-view.
    assertThat(check("alice", List.of(), NS, "list", "pods").getAllowed()).isTrue();
    assertThat(check("alice", List.of(), NS, "create", "pods").getAllowed()).isFalse();
  }

  /** The authorizer is kept between requests: every RBAC write must show in the very next decision. */
  @Test
  void everyRbacWriteShowsInTheNextDecision() {
    String ns = "kept";
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    assertThat(check("bob", List.of(), ns, "get", "configmaps").getAllowed()).isFalse();
    var role = client.rbac().roles().inNamespace(ns).resource(new RoleBuilder().withNewMetadata().withName("cm")
        .endMetadata().addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get").endRule().build())
        .create();
    assertThat(check("bob", List.of(), ns, "get", "configmaps").getAllowed()).as("role without binding").isFalse();
    var binding = client.rbac().roleBindings().inNamespace(ns).resource(new RoleBindingBuilder().withNewMetadata()
        .withName("bob-cm").endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "cm").addNewSubject()
        .withKind("User").withName("bob").withApiGroup("rbac.authorization.k8s.io").endSubject().build()).create();
    assertThat(check("bob", List.of(), ns, "get", "configmaps").getAllowed()).as("bound").isTrue();
    client.rbac().roles().inNamespace(ns).resource(new RoleBuilder(role).editFirstRule().withVerbs("list").endRule()
        .build()).update();
    assertThat(check("bob", List.of(), ns, "get", "configmaps").getAllowed()).as("rule narrowed").isFalse();
    assertThat(check("bob", List.of(), ns, "list", "configmaps").getAllowed()).as("rule narrowed").isTrue();
    client.rbac().roleBindings().inNamespace(ns).resource(binding).delete();
    assertThat(check("bob", List.of(), ns, "list", "configmaps").getAllowed()).as("unbound").isFalse();
    client.rbac().clusterRoleBindings().resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder()
        .withNewMetadata().withName("bob-view").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "view").addNewSubject().withKind("User")
        .withName("bob").withApiGroup("rbac.authorization.k8s.io").endSubject().build()).create();
    assertThat(check("bob", List.of(), ns, "list", "configmaps").getAllowed()).as("bound cluster-wide").isTrue();
    client.rbac().clusterRoleBindings().withName("bob-view").delete();
    assertThat(check("bob", List.of(), ns, "list", "configmaps").getAllowed()).as("unbound cluster-wide").isFalse();
  }

  @Test
  void nonResourceAttributesAreEvaluated() {
    var status = client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
        .withNewSpec().withUser("anyone").withGroups("system:authenticated").withNewNonResourceAttributes()
        .withPath("/version").withVerb("get").endNonResourceAttributes().endSpec().build()).getStatus();
    assertThat(status.getAllowed()).as("system:public-info-viewer allows /version").isTrue();
    var denied = client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
        .withNewSpec().withUser("anyone").withGroups("system:authenticated").withNewNonResourceAttributes()
        .withPath("/metrics").withVerb("get").endNonResourceAttributes().endSpec().build()).getStatus();
    assertThat(denied.getAllowed()).isFalse();
  }

  @Test
  void specWithoutAttributesIs422() {
    assertThatThrownBy(() -> client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
        .withNewSpec().withUser("alice").endSpec().build()))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
  }

  @Test
  void selfSubjectRulesReviewWithAServiceAccountTokenListsThatAccountsRules() {
    String token = client.serviceAccounts().inNamespace(NS).withName("reader").tokenRequest(new TokenRequestBuilder()
        .withNewSpec().endSpec().build()).getStatus().getToken();
    Config config = cluster.config().withOauthToken(token).build();
    try (KubernetesClient asReader = new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory()).build()) {
      SelfSubjectRulesReview review = asReader.authorization().v1().selfSubjectRulesReview()
          .create(new SelfSubjectRulesReviewBuilder().withNewSpec().withNamespace(NS).endSpec().build());
      assertThat(review.getStatus().getResourceRules()).anySatisfy(rule -> {
        assertThat(rule.getResources()).contains("configmaps");
        assertThat(rule.getVerbs()).contains("get", "list");
      });
      assertThat(review.getStatus().getResourceRules()).noneSatisfy(rule ->
          assertThat(rule.getResources()).contains("*"));
    }
  }

  @Test
  void selfSubjectAccessReviewWithAServiceAccountTokenAnswersForThatAccount() {
    String token = client.serviceAccounts().inNamespace(NS).withName("reader").tokenRequest(new TokenRequestBuilder()
        .withNewSpec().endSpec().build()).getStatus().getToken();
    Config config = cluster.config().withOauthToken(token).build();
    try (KubernetesClient asReader = new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory()).build()) {
      assertThat(selfReview(asReader, NS, "get", "configmaps")).isTrue();
      assertThat(selfReview(asReader, NS, "update", "configmaps")).isFalse();
      assertThat(selfReview(asReader, "default", "get", "configmaps")).isFalse();
    }
    // The administrator (system:masters) may do anything.
    assertThat(selfReview(client, NS, "update", "configmaps")).isTrue();
  }

  static boolean selfReview(KubernetesClient as, String namespace, String verb, String resource) {
    return as.authorization().v1().selfSubjectAccessReview().create(
        new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder().withNewSpec()
            .withNewResourceAttributes().withNamespace(namespace).withVerb(verb).withGroup("").withResource(resource)
            .endResourceAttributes().endSpec().build()).getStatus().getAllowed();
  }

  @Test
  void selfSubjectRulesReviewWithoutATokenIsClusterAdmin() {
    SelfSubjectRulesReview review = client.authorization().v1().selfSubjectRulesReview()
        .create(new SelfSubjectRulesReviewBuilder().withNewSpec().withNamespace(NS).endSpec().build());
    assertThat(review.getStatus().getResourceRules()).anySatisfy(rule -> {
      assertThat(rule.getVerbs()).containsExactly("*");
      assertThat(rule.getApiGroups()).containsExactly("*");
      assertThat(rule.getResources()).containsExactly("*");
    });
    assertThat(review.getStatus().getNonResourceRules()).anySatisfy(rule ->
        assertThat(rule.getNonResourceURLs()).containsExactly("*"));
  }

  @Test
  void selfSubjectRulesReviewWithARejectedTokenIs401() {
    Config config = cluster.config().withOauthToken("not-a-token")
        .withRequestRetryBackoffLimit(0).build();
    try (KubernetesClient stranger = new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory()).build()) {
      assertThatThrownBy(() -> stranger.authorization().v1().selfSubjectRulesReview()
          .create(new SelfSubjectRulesReviewBuilder().withNewSpec().withNamespace(NS).endSpec().build()))
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    }
  }
}
