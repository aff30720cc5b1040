package io.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.api.v1alpha1.MigrationPolicy;
import io.cutover.api.v1alpha1.MigrationPolicySpec;
import io.cutover.sandbox.SandboxCluster;
import io.cutover.sandbox.SandboxPolicies;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's MigrationPolicy source on a sandbox cluster: an informer answers (no request per question), an edit
 * and a deletion count once their watch events arrive, and without list and watch permission every question is a
 * GET, as before the informer.
 */
class Fabric8PolicySourceTest {
  private static SandboxCluster control;

  @BeforeAll
  static void start() {
    control = SandboxCluster.start("policy-source");
    control.client().apiextensions().v1().customResourceDefinitions().resource(CrdManifest.loadPolicy()).create();
  }

  @AfterAll
  static void stop() {
    control.close();
  }

  private static void apply(String name, MigrationPolicySpec spec) {
    MigrationPolicy p = new MigrationPolicy();
    p.setMetadata(new ObjectMetaBuilder().withName(name).build());
    p.setSpec(spec);
    control.client().resource(p).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
  }

  private static long policyReads() {
    return control.requests().snapshot().entrySet().stream()
        .filter(e -> e.getKey().resource().equals("migrationpolicies") && !e.getKey().verb().equals("watch"))
        .mapToLong(java.util.Map.Entry::getValue).sum();
  }

  @Test
  void anInformerAnswersAndSeesEditsAndDeletions() {
    apply("watched", SandboxPolicies.between("team-a", List.of("payments"), List.of()));
    try (var source = new Fabric8PolicySource(control.client())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> source.find("watched").isPresent());
      long before = policyReads();
      for (int i = 0; i < 20; i++) {
        assertThat(source.find("watched")).isPresent();
        assertThat(source.find("absent")).isEmpty();
      }
      assertThat(policyReads()).as("40 questions, no request").isEqualTo(before);

      apply("watched", SandboxPolicies.between("team-b", List.of("payments"), List.of()));
      await().atMost(Duration.ofSeconds(30)).until(() -> source.find("watched").map(MigrationPolicySpec::getMigrationNamespaces)
          .orElse(List.of()).contains("team-b"));
      control.client().resources(MigrationPolicy.class).withName("watched").delete();
      await().atMost(Duration.ofSeconds(30)).until(() -> source.find("watched").isEmpty());
    }
  }

  @Test
  void withoutListAndWatchEveryQuestionIsAGet() {
    apply("read-only", SandboxPolicies.between("team-a", List.of("payments"), List.of()));
    // A user who may get policies and nothing else: the informer cannot start, and each question reads the policy.
    SandboxPolicies.apply(control.client(), new java.io.ByteArrayInputStream(("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: policy-getter}
        rules:
        - apiGroups: [cutover.io]
          resources: [migrationpolicies]
          verbs: [get]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: policy-getter}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: policy-getter}
        subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: User, name: policy-getter}
        """).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    try (var client = control.clientAs("policy-getter"); var source = new Fabric8PolicySource(client)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> source.find("read-only").isPresent());
      long before = policyReads();
      assertThat(source.find("read-only")).isPresent();
      assertThat(source.find("read-only")).isPresent();
      assertThat(policyReads() - before).isEqualTo(2);
    }
  }
}
