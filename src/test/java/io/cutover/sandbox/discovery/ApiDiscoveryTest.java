package io.cutover.sandbox.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIVersions;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiDiscoveryTest {

  private final ApiDiscovery discovery = new ApiDiscovery("v1.32.0");

  private static CustomResourceDefinition samples(String storage, String... served) {
    CustomResourceDefinitionBuilder b = new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("samples.demo.example.com").endMetadata()
        .withNewSpec().withGroup("demo.example.com").withScope("Namespaced")
        .withNewNames().withPlural("samples").withSingular("sample").withKind("Sample")
        .withShortNames("sam").withCategories("all").endNames()
        .endSpec();
    for (String v : served) {
      b.editSpec().addNewVersion().withName(v).withServed(true).withStorage(v.equals(storage))
          .withNewSubresources().withNewStatus().endStatus().endSubresources().endVersion().endSpec();
    }
    b.editSpec().addNewVersion().withName("v0retired").withServed(false).withStorage(false).endVersion().endSpec();
    return b.build();
  }

  private static CustomResourceDefinition clusterScopedWithoutStatus() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("widgets.acme.io").endMetadata()
        .withNewSpec().withGroup("acme.io").withScope("Cluster")
        .withNewNames().withPlural("widgets").withKind("Widget").endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true).endVersion()
        .endSpec().build();
  }

  private <T> T get(String path, List<CustomResourceDefinition> crds, Class<T> type) {
    String json = discovery.respond(path, crds).orElseThrow(() -> new AssertionError("no document for " + path));
    return Serialization.unmarshal(json, type);
  }

  private static APIResource find(APIResourceList list, String name) {
    return list.getResources().stream().filter(r -> r.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in " + list.getGroupVersion()));
  }

  @Test
  void versionReportsGitVersionWithMajorAndMinor() {
    String json = discovery.respond("/version", List.of()).orElseThrow();
    Map<?, ?> raw = Serialization.unmarshal(json, Map.class);
    VersionInfo info = Serialization.unmarshal(json, VersionInfo.class);

    assertThat(info.getGitVersion()).isEqualTo("v1.32.0");
    assertThat(info.getMajor()).isEqualTo("1");
    assertThat(info.getMinor()).isEqualTo("32");
    assertThat(raw.get("buildDate")).as("a Go-parsable RFC 3339 string").isEqualTo("1970-01-01T00:00:00Z");
    assertThat(raw.get("platform")).isEqualTo("linux/amd64");
  }

  @Test
  void coreApiListsOnlyV1() {
    APIVersions versions = get("/api", List.of(), APIVersions.class);

    assertThat(versions.getKind()).isEqualTo("APIVersions");
    assertThat(versions.getVersions()).containsExactly("v1");
  }

  @Test
  void coreV1ListsServiceAccountTokenAsCreateOnlyTokenRequest() {
    APIResourceList v1 = get("/api/v1", List.of(), APIResourceList.class);

    assertThat(v1.getKind()).isEqualTo("APIResourceList");
    assertThat(v1.getGroupVersion()).isEqualTo("v1");
    APIResource token = find(v1, "serviceaccounts/token");
    assertThat(token.getVerbs()).containsExactly("create");
    assertThat(token.getGroup()).isEqualTo("authentication.k8s.io");
    assertThat(token.getVersion()).isEqualTo("v1");
    assertThat(token.getKind()).isEqualTo("TokenRequest");
    assertThat(token.getNamespaced()).isTrue();
  }

  @Test
  void coreV1ListsResourcesWithShortNamesScopeAndSubresources() {
    APIResourceList v1 = get("/api/v1", List.of(), APIResourceList.class);

    assertThat(v1.getResources()).extracting(APIResource::getName).contains("namespaces", "serviceaccounts",
        "secrets", "pods", "configmaps", "services", "events", "nodes", "endpoints", "pods/log", "pods/status");
    APIResource sa = find(v1, "serviceaccounts");
    assertThat(sa.getShortNames()).containsExactly("sa");
    assertThat(sa.getSingularName()).isEqualTo("serviceaccount");
    assertThat(sa.getKind()).isEqualTo("ServiceAccount");
    assertThat(sa.getVerbs()).containsExactly("create", "delete", "deletecollection", "get", "list", "patch",
        "update", "watch");
    assertThat(find(v1, "namespaces").getNamespaced()).isFalse();
    assertThat(find(v1, "namespaces").getShortNames()).containsExactly("ns");
    assertThat(find(v1, "nodes").getNamespaced()).isFalse();
    assertThat(find(v1, "pods").getShortNames()).containsExactly("po");
    assertThat(find(v1, "pods").getCategories()).containsExactly("all");
    assertThat(find(v1, "pods/log").getVerbs()).containsExactly("get");
    assertThat(find(v1, "pods/status").getVerbs()).containsExactly("get", "patch", "update");
    assertThat(find(v1, "configmaps").getShortNames()).containsExactly("cm");
    assertThat(find(v1, "services").getShortNames()).containsExactly("svc");
    assertThat(find(v1, "endpoints").getShortNames()).containsExactly("ep");
  }

  @Test
  void apisListsBuiltInGroupsThenCrdGroupsWithPreferredVersions() {
    APIGroupList groups = get("/apis", List.of(samples("v1", "v1"), clusterScopedWithoutStatus()),
        APIGroupList.class);

    assertThat(groups.getKind()).isEqualTo("APIGroupList");
    assertThat(groups.getGroups()).extracting(APIGroup::getName).containsExactly("apps", "events.k8s.io",
        "authentication.k8s.io", "authorization.k8s.io", "rbac.authorization.k8s.io", "apiextensions.k8s.io",
        "coordination.k8s.io", "networking.k8s.io", "admissionregistration.k8s.io", "policy", "acme.io", "demo.example.com");
    APIGroup apps = groups.getGroups().get(0);
    assertThat(apps.getPreferredVersion().getGroupVersion()).isEqualTo("apps/v1");
    assertThat(apps.getVersions()).extracting(GroupVersionForDiscovery::getVersion).containsExactly("v1");
  }

  @Test
  void crdWithShortNameShowsUpUnderItsGroupNamespacedWithStatus() {
    List<CustomResourceDefinition> crds = List.of(samples("v1", "v1"));

    APIResourceList list = get("/apis/demo.example.com/v1", crds, APIResourceList.class);

    assertThat(list.getGroupVersion()).isEqualTo("demo.example.com/v1");
    APIResource samples = find(list, "samples");
    assertThat(samples.getShortNames()).containsExactly("sam");
    assertThat(samples.getNamespaced()).isTrue();
    assertThat(samples.getKind()).isEqualTo("Sample");
    assertThat(samples.getSingularName()).isEqualTo("sample");
    assertThat(samples.getCategories()).containsExactly("all");
    assertThat(samples.getVerbs()).containsExactlyInAnyOrder("create", "delete", "deletecollection", "get", "list",
        "patch", "update", "watch");
    assertThat(find(list, "samples/status").getVerbs()).containsExactly("get", "patch", "update");
    assertThat(list.getResources()).hasSize(2);
  }

  @Test
  void clusterScopedCrdWithoutStatusHasNoStatusSubresourceAndDefaultsSingular() {
    APIResourceList list = get("/apis/acme.io/v1", List.of(clusterScopedWithoutStatus()), APIResourceList.class);

    assertThat(list.getResources()).extracting(APIResource::getName).containsExactly("widgets");
    assertThat(list.getResources().get(0).getNamespaced()).isFalse();
    assertThat(list.getResources().get(0).getSingularName()).isEqualTo("widget");
  }

  @Test
  void crdGroupListsEveryServedVersionInKubernetesOrderAndPrefersTheFirst() {
    List<CustomResourceDefinition> crds = List.of(samples("v1beta1", "v1alpha1", "v1beta1", "v1", "v2beta1"));

    APIGroup group = get("/apis/demo.example.com", crds, APIGroup.class);

    assertThat(group.getVersions()).extracting(GroupVersionForDiscovery::getVersion)
        .containsExactly("v1", "v2beta1", "v1beta1", "v1alpha1");
    assertThat(group.getPreferredVersion().getGroupVersion()).isEqualTo("demo.example.com/v1");
    assertThat(discovery.respond("/apis/demo.example.com/v1beta1", crds)).isPresent();
    assertThat(discovery.respond("/apis/demo.example.com/v0retired", crds)).as("not served").isEmpty();
  }

  @Test
  void builtInGroupsHaveTheirResources() {
    APIResourceList apps = get("/apis/apps/v1", List.of(), APIResourceList.class);
    assertThat(find(apps, "deployments").getShortNames()).containsExactly("deploy");
    assertThat(find(apps, "replicasets").getShortNames()).containsExactly("rs");
    assertThat(find(apps, "statefulsets").getShortNames()).containsExactly("sts");
    assertThat(find(apps, "daemonsets").getShortNames()).containsExactly("ds");
    assertThat(find(apps, "deployments/scale").getKind()).isEqualTo("Scale");

    APIResourceList authz = get("/apis/authorization.k8s.io/v1", List.of(), APIResourceList.class);
    assertThat(authz.getResources()).extracting(APIResource::getName).containsExactlyInAnyOrder(
        "subjectaccessreviews", "selfsubjectaccessreviews", "selfsubjectrulesreviews", "localsubjectaccessreviews");
    assertThat(authz.getResources()).allSatisfy(r -> assertThat(r.getVerbs()).containsExactly("create"));
    assertThat(find(authz, "localsubjectaccessreviews").getNamespaced()).isTrue();
    assertThat(find(authz, "subjectaccessreviews").getNamespaced()).isFalse();

    assertThat(find(get("/apis/authentication.k8s.io/v1", List.of(), APIResourceList.class), "tokenreviews")
        .getVerbs()).containsExactly("create");
    APIResourceList rbac = get("/apis/rbac.authorization.k8s.io/v1", List.of(), APIResourceList.class);
    assertThat(rbac.getResources()).extracting(APIResource::getName)
        .containsExactly("clusterrolebindings", "clusterroles", "rolebindings", "roles");
    assertThat(find(get("/apis/coordination.k8s.io/v1", List.of(), APIResourceList.class), "leases")
        .getNamespaced()).isTrue();
    assertThat(find(get("/apis/apiextensions.k8s.io/v1", List.of(), APIResourceList.class),
        "customresourcedefinitions").getShortNames()).containsExactly("crd", "crds");
    assertThat(find(get("/apis/events.k8s.io/v1", List.of(), APIResourceList.class), "events").getNamespaced())
        .isTrue();
  }

  @Test
  void nonDiscoveryPathsAndUnknownGroupsAreNotAnswered() {
    for (String path : List.of("/api/v2", "/apis/unknown.io", "/apis/apps/v2", "/apis/apps/v1/deployments",
        "/api/v1/namespaces", "/healthz", "/", "/apis//v1")) {
      assertThat(discovery.respond(path, List.of())).as(path).isEmpty();
    }
    assertThat(discovery.respond("/apis/", List.of())).as("trailing slash").isPresent();
  }

  @Test
  void terminatingCrdOffersOnlyReadAndDeleteVerbs() {
    CustomResourceDefinition crd = new CustomResourceDefinitionBuilder(clusterScopedWithoutStatus())
        .withNewStatus().addNewCondition().withType("Terminating").withStatus("True").endCondition().endStatus()
        .build();

    APIResource widgets = find(get("/apis/acme.io/v1", List.of(crd), APIResourceList.class), "widgets");

    assertThat(widgets.getVerbs()).containsExactlyInAnyOrder("delete", "deletecollection", "get", "list", "watch");
  }

  @Test
  void kubeAwareVersionOrderMatchesKubernetesDocumentation() {
    // The example order of "Version priority" in the CustomResourceDefinition versioning documentation.
    List<String> versions = new ArrayList<>(List.of("foo10", "v11alpha2", "v1", "v3beta1", "v12alpha1", "v11beta2",
        "foo1", "v10beta3", "v10", "v2"));

    versions.sort(ApiDiscovery::compareKubeAwareVersions);

    assertThat(versions).containsExactly("v10", "v2", "v1", "v11beta2", "v10beta3", "v3beta1", "v12alpha1",
        "v11alpha2", "foo1", "foo10");
  }
}
