package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.RelyingParty;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.config.CrdManifest;
import io.cutover.plan.PlanFixtures;
import io.cutover.testing.Kubectl;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A list in a custom resource under a JSON merge patch (RFC 7386): the patch's list replaces the stored list whole,
 * and the spec change bumps metadata.generation — through fabric8's {@code patch(JSON_MERGE)}, its {@code edit()}
 * and the real kubectl ({@code kubectl patch --type merge}).
 */
class MergePatchOfListsTest {
  static SandboxCluster cluster;
  static KubernetesClient client;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("merge-lists");
    client = cluster.client();
    client.apiextensions().v1().customResourceDefinitions().resource(CrdManifest.load()).create();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("cutover-system").endMetadata()
        .build()).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static ServiceAccountMigration create(String name) {
    ServiceAccountMigration sam = PlanFixtures.migration();
    sam.setMetadata(new ObjectMetaBuilder().withNamespace("cutover-system").withName(name).build());
    sam.getSpec().setRequester(new io.cutover.api.v1alpha1.UserRef("cutover-admin", List.of())); // the CRD requires it
    sam.getSpec().getTrust().setRelyingParties(new ArrayList<>(List.of(
        new RelyingParty("vault-a", RelyingParty.Kind.Vault, "vault.example"),
        new RelyingParty("aws-b", RelyingParty.Kind.AWS, null))));
    return client.resources(ServiceAccountMigration.class).resource(sam).create();
  }

  static ServiceAccountMigration read(String name) {
    return client.resources(ServiceAccountMigration.class).inNamespace("cutover-system").withName(name).get();
  }

  static List<String> partyNames(ServiceAccountMigration sam) {
    return sam.getSpec().getTrust().getRelyingParties().stream().map(RelyingParty::getName).toList();
  }

  @Test
  void aMergePatchReplacesTheRelyingPartiesListWholeAndBumpsTheGeneration() {
    ServiceAccountMigration created = create("merge-patched");
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);

    client.resources(ServiceAccountMigration.class).inNamespace("cutover-system").withName("merge-patched")
        .patch(PatchContext.of(PatchType.JSON_MERGE), """
            {"spec": {"trust": {"relyingParties": [{"name": "gcp-c", "kind": "GCP", "audience": "gcp.example"}]}}}
            """);

    ServiceAccountMigration patched = read("merge-patched");
    assertThat(partyNames(patched)).containsExactly("gcp-c");
    assertThat(patched.getSpec().getTrust().getRelyingParties().get(0).getAudience()).isEqualTo("gcp.example");
    assertThat(patched.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(patched.getSpec().getSource().getNamespace()).as("the rest of the spec is kept")
        .isEqualTo(created.getSpec().getSource().getNamespace());
  }

  @Test
  void anEditThatDropsARelyingPartyIsStoredWithoutIt() {
    create("edited");

    client.resources(ServiceAccountMigration.class).inNamespace("cutover-system").withName("edited")
        .edit(sam -> {
          sam.getSpec().getTrust().getRelyingParties().remove(0);
          sam.getSpec().getTrust().getRelyingParties().get(0).setAudience("sts.example");
          return sam;
        });

    ServiceAccountMigration edited = read("edited");
    assertThat(partyNames(edited)).containsExactly("aws-b");
    assertThat(edited.getSpec().getTrust().getRelyingParties().get(0).getAudience()).isEqualTo("sts.example");
    assertThat(edited.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void kubectlPatchTypeMergeReplacesTheListToo() throws Exception {
    create("kubectl-patched");
    Files.writeString(dir.resolve("kubeconfig"), cluster.kubeconfig("sandbox"));
    Kubectl kubectl = new Kubectl(dir);

    kubectl.ok(dir.resolve("kubeconfig"), "patch", "sam", "kubectl-patched", "-n", "cutover-system", "--type",
        "merge", "-p", "{\"spec\":{\"trust\":{\"relyingParties\":[{\"name\":\"azure-d\",\"kind\":\"Azure\"}]}}}");

    ServiceAccountMigration patched = read("kubectl-patched");
    assertThat(partyNames(patched)).containsExactly("azure-d");
    assertThat(patched.getMetadata().getGeneration()).isEqualTo(2L);
  }
}
