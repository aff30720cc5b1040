package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {

  @TempDir
  static Path dir;
  static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(dir);
    SandboxWorkload.seedDemo(sandbox.source().client());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void startsThreeClustersEachWithItsOwnIssuerAndKubeconfig() throws Exception {
    Set<String> issuers = Stream.of(sandbox.control(), sandbox.source(), sandbox.target())
        .map(SandboxCluster::issuer).collect(Collectors.toSet());
    assertThat(issuers).hasSize(3);
    for (SandboxCluster cluster : new SandboxCluster[] {sandbox.control(), sandbox.source(), sandbox.target()}) {
      Path file = dir.resolve(cluster.name() + ".kubeconfig");
      assertThat(Config.fromKubeconfig(Files.readString(file)).getMasterUrl()).startsWith(cluster.url());
    }
  }

  @Test
  void controlHoldsTheSourceAndTargetKubeconfigsInSecrets() {
    var secrets = sandbox.control().client().secrets().inNamespace("cutover-system");
    for (SandboxCluster cluster : new SandboxCluster[] {sandbox.source(), sandbox.target()}) {
      Secret secret = secrets.withName(cluster.name() + "-kubeconfig").get();
      String kubeconfig = new String(Base64.getDecoder().decode(secret.getData().get("kubeconfig")),
          StandardCharsets.UTF_8);
      assertThat(Config.fromKubeconfig(kubeconfig).getMasterUrl()).startsWith(cluster.url());
    }
  }

  @Test
  void demoIdentityHasAWorkingLegacyTokenAndItsPermissions() {
    var source = sandbox.source().client();
    Secret legacy = source.secrets().inNamespace("payments").withName("payments-api-token-legacy").get();
    String token = new String(Base64.getDecoder().decode(legacy.getData().get("token")), StandardCharsets.UTF_8);
    var review = source.authentication().v1().tokenReviews().create(new TokenReviewBuilder().withNewSpec()
        .withToken(token).endSpec().build());
    assertThat(review.getStatus().getAuthenticated()).isTrue();
    assertThat(review.getStatus().getUser().getUsername()).isEqualTo("system:serviceaccount:payments:payments-api");

    assertThat(allowed("payments", "get", "secrets", "payments-config")).isTrue();
    assertThat(allowed("payments", "get", "secrets", "other")).isFalse();
    assertThat(allowed("payments", "list", "pods", null)).isTrue();
    assertThat(allowed("", "list", "nodes", null)).isTrue();
    assertThat(allowed("payments", "delete", "pods", null)).isFalse();

    assertThat(source.apps().deployments().inNamespace("payments").withName("payments-api").get()).isNotNull();
    assertThat(source.pods().inNamespace("payments").withName("payments-api-0").get().getSpec()
        .getServiceAccountName()).isEqualTo("payments-api");
  }

  @Test
  void demoIsSeededOnlyOnTheSource() {
    assertThat(sandbox.target().client().namespaces().withName("payments").get()).isNull();
  }

  private static boolean allowed(String namespace, String verb, String resource, String name) {
    return sandbox.source().client().authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
        .withNewSpec().withUser("system:serviceaccount:payments:payments-api")
        .withGroups("system:serviceaccounts", "system:serviceaccounts:payments", "system:authenticated")
        .withNewResourceAttributes().withNamespace(namespace).withVerb(verb).withGroup("").withResource(resource)
        .withName(name).endResourceAttributes().endSpec().build()).getStatus().getAllowed();
  }
}
