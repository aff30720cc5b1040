package io.cutover.sandbox.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The legacy API discovery documents of kube-apiserver ({@code application/json}), which kubectl and client-go fall
 * back to when aggregated discovery is not offered: {@code /version}, {@code /api}, {@code /api/v1}, {@code /apis},
 * {@code /apis/{group}} and {@code /apis/{group}/{version}}.
 *
 * <p>The built-in resources are the ones the sandbox serves (a subset of a real cluster's), with the verbs, short
 * names, categories and subresources a real v1 API server lists. Custom resources come from the stored
 * CustomResourceDefinitions as apiextensions-apiserver's discovery controller publishes them: one resource per
 * served version (plus {@code /status} and {@code /scale} when declared), the group's versions in Kubernetes' version
 * order, and the first of them as the preferred version. CRD groups follow the built-in groups in {@code /apis}, by
 * name, as the aggregator orders them (they all have the same, lowest, group priority).
 */
public final class ApiDiscovery {

  private static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");
  private static final List<String> CREATE_ONLY = List.of("create");
  private static final List<String> CRD_VERBS =
      List.of("delete", "deletecollection", "get", "list", "patch", "create", "update", "watch");
  private static final List<String> TERMINATING_CRD_VERBS = List.of("delete", "deletecollection", "get", "list",
      "watch");
  private static final Pattern KUBE_VERSION = Pattern.compile("^v([1-9][0-9]*)(?:(alpha|beta)([1-9][0-9]*))?$");
  private static final Pattern GIT_VERSION = Pattern.compile("^v?([0-9]+)\\.([0-9]+)(.*)$");

  /** Built-in groups in /apis order (kube-aggregator's group priorities); the core group is served by /api. */
  private static final Map<String, List<APIResource>> BUILT_IN_GROUPS = builtInGroups();
  private static final List<APIResource> CORE_V1 = coreV1();

  private final String gitVersion;
  /** The CustomResourceDefinitions list the memo was filled for (by identity), and path → document. */
  private List<CustomResourceDefinition> memoFor;
  private final Map<String, Optional<String>> memo = new HashMap<>();

  public ApiDiscovery(String gitVersion /* e.g. "v1.32.0" */) {
    this.gitVersion = Objects.requireNonNull(gitVersion, "gitVersion");
  }

  /**
   * {@link #respond}, remembered while {@code crds} is the same list instance: a document is a function of the path
   * and the stored CRDs, and a caller that keeps one list until a CRD changes (the sandbox's dispatcher does) gets
   * each document rendered once per change instead of once per request.
   */
  public synchronized Optional<String> respondCached(String path, List<CustomResourceDefinition> crds) {
    if (crds != memoFor) {
      memo.clear();
      memoFor = crds;
    }
    return memo.computeIfAbsent(path, p -> respond(p, crds));
  }

  /** JSON body for GET path (no query string) or empty when the path is not a discovery path:
   *  /version, /api, /api/v1, /apis, /apis/{group}, /apis/{group}/{version}.
   *  crds: the CustomResourceDefinitions currently stored (apiextensions.k8s.io/v1), served in /apis alongside the
   *  built-in groups. */
  public Optional<String> respond(String path, List<CustomResourceDefinition> crds) {
    if (path == null) {
      return Optional.empty();
    }
    String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    List<CustomResourceDefinition> stored = crds == null ? List.of() : crds;
    switch (p) {
      case "/version":
        return Optional.of(version());
      case "/api":
        return Optional.of(Serialization.asJson(new APIVersionsBuilder().withVersions("v1").build()));
      case "/api/v1":
        return Optional.of(Serialization.asJson(new APIResourceListBuilder()
            .withGroupVersion("v1").withResources(CORE_V1).build()));
      case "/apis":
        return Optional.of(Serialization.asJson(new APIGroupListBuilder()
            .withGroups(new ArrayList<>(groups(stored).values())).build()));
      default:
        break;
    }
    if (!p.startsWith("/apis/")) {
      return Optional.empty();
    }
    String[] parts = p.substring("/apis/".length()).split("/", -1);
    if (parts.length == 0 || parts.length > 2 || parts[0].isEmpty()) {
      return Optional.empty();
    }
    APIGroup group = groups(stored).get(parts[0]);
    if (group == null) {
      return Optional.empty();
    }
    if (parts.length == 1) {
      return Optional.of(Serialization.asJson(group));
    }
    String version = parts[1];
    if (group.getVersions().stream().noneMatch(v -> v.getVersion().equals(version))) {
      return Optional.empty();
    }
    return Optional.of(Serialization.asJson(new APIResourceListBuilder()
        .withGroupVersion(parts[0] + "/" + version)
        .withResources(resources(parts[0], version, stored))
        .build()));
  }

  /** /version: major and minor from gitVersion, buildDate in RFC 3339 as kube-apiserver prints it. */
  private String version() {
    Matcher m = GIT_VERSION.matcher(gitVersion);
    String major = m.matches() ? m.group(1) : "";
    String minor = m.matches() ? m.group(2) : "";
    VersionInfo info = new VersionInfo.Builder()
        .withMajor(major)
        .withMinor(minor)
        .withGitVersion(gitVersion)
        .withGitCommit("0000000000000000000000000000000000000000")
        .withGitTreeState("clean")
        .withGoVersion("go1.23.0")
        .withCompiler("gc")
        .withPlatform("linux/amd64")
        .build();
    ObjectNode json = Serialization.jsonMapper().valueToTree(info);
    json.put("buildDate", "1970-01-01T00:00:00Z");
    return json.toString();
  }

  /** Every group for /apis: built-in ones first, then the CRD groups by name; keyed by group name. */
  private static Map<String, APIGroup> groups(List<CustomResourceDefinition> crds) {
    Map<String, APIGroup> groups = new LinkedHashMap<>();
    for (String name : BUILT_IN_GROUPS.keySet()) {
      groups.put(name, group(name, List.of("v1")));
    }
    Map<String, List<String>> crdVersions = new LinkedHashMap<>();
    crds.stream()
        .filter(crd -> crd.getSpec() != null && crd.getSpec().getGroup() != null)
        .sorted(Comparator.comparing((CustomResourceDefinition crd) -> crd.getSpec().getGroup()))
        .forEach(crd -> {
          for (CustomResourceDefinitionVersion v : nonNull(crd.getSpec().getVersions())) {
            if (Boolean.TRUE.equals(v.getServed())) {
              List<String> versions = crdVersions.computeIfAbsent(crd.getSpec().getGroup(), g -> new ArrayList<>());
              if (!versions.contains(v.getName())) {
                versions.add(v.getName());
              }
            }
          }
        });
    crdVersions.forEach((name, versions) -> {
      List<String> all = new ArrayList<>(versions);
      if (BUILT_IN_GROUPS.containsKey(name) && !all.contains("v1")) {
        all.add("v1");
      }
      all.sort(ApiDiscovery::compareKubeAwareVersions);
      groups.put(name, group(name, all));
    });
    return groups;
  }

  private static APIGroup group(String name, List<String> sortedVersions) {
    List<GroupVersionForDiscovery> versions = sortedVersions.stream()
        .map(v -> new GroupVersionForDiscoveryBuilder().withGroupVersion(name + "/" + v).withVersion(v).build())
        .toList();
    return new APIGroupBuilder().withName(name).withVersions(versions).withPreferredVersion(versions.get(0)).build();
  }

  /** The resources of group/version: built-in ones, then every CRD of that group served at that version. */
  private static List<APIResource> resources(String group, String version, List<CustomResourceDefinition> crds) {
    List<APIResource> result = new ArrayList<>();
    if ("v1".equals(version)) {
      result.addAll(BUILT_IN_GROUPS.getOrDefault(group, List.of()));
    }
    List<CustomResourceDefinition> sorted = crds.stream()
        .filter(crd -> crd.getSpec() != null && group.equals(crd.getSpec().getGroup()))
        .sorted(Comparator.comparing(crd -> CrdNames.plural(crd)))
        .toList();
    for (CustomResourceDefinition crd : sorted) {
      CustomResourceDefinitionVersion served = nonNull(crd.getSpec().getVersions()).stream()
          .filter(v -> version.equals(v.getName()) && Boolean.TRUE.equals(v.getServed()))
          .findFirst().orElse(null);
      if (served == null) {
        continue;
      }
      CustomResourceDefinitionNames names = CrdNames.names(crd);
      boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
      String plural = CrdNames.plural(crd);
      result.add(new APIResourceBuilder()
          .withName(plural)
          .withSingularName(names.getSingular() == null || names.getSingular().isEmpty()
              ? lower(names.getKind()) : names.getSingular())
          .withNamespaced(namespaced)
          .withKind(names.getKind())
          .withVerbs(terminating(crd) ? TERMINATING_CRD_VERBS : CRD_VERBS)
          .withShortNames(nonNull(names.getShortNames()))
          .withCategories(nonNull(names.getCategories()))
          .build());
      if (served.getSubresources() != null && served.getSubresources().getStatus() != null) {
        result.add(new APIResourceBuilder().withName(plural + "/status").withSingularName("")
            .withNamespaced(namespaced).withKind(names.getKind()).withVerbs(STATUS_VERBS).build());
      }
      if (served.getSubresources() != null && served.getSubresources().getScale() != null) {
        result.add(new APIResourceBuilder().withName(plural + "/scale").withSingularName("")
            .withNamespaced(namespaced).withGroup("autoscaling").withVersion("v1").withKind("Scale")
            .withVerbs(STATUS_VERBS).build());
      }
    }
    return result;
  }

  private static boolean terminating(CustomResourceDefinition crd) {
    if (crd.getMetadata() != null && crd.getMetadata().getDeletionTimestamp() != null) {
      return true;
    }
    return crd.getStatus() != null && nonNull(crd.getStatus().getConditions()).stream()
        .anyMatch(c -> "Terminating".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * version.CompareKubeAwareVersionStrings as a comparator, highest priority first: GA before beta before alpha,
   * a higher major first, then a higher alpha/beta number; versions not of that form after them, alphabetically.
   */
  static int compareKubeAwareVersions(String a, String b) {
    Matcher ma = KUBE_VERSION.matcher(a);
    Matcher mb = KUBE_VERSION.matcher(b);
    boolean ka = ma.matches();
    boolean kb = mb.matches();
    if (!ka && !kb) {
      return a.compareTo(b);
    }
    if (ka != kb) {
      return ka ? -1 : 1;
    }
    int stabilityA = stability(ma.group(2));
    int stabilityB = stability(mb.group(2));
    if (stabilityA != stabilityB) {
      return Integer.compare(stabilityB, stabilityA);
    }
    int major = Long.compare(Long.parseLong(mb.group(1)), Long.parseLong(ma.group(1)));
    if (major != 0 || ma.group(3) == null) {
      return major;
    }
    return Long.compare(Long.parseLong(mb.group(3)), Long.parseLong(ma.group(3)));
  }

  private static int stability(String qualifier) {
    if (qualifier == null) {
      return 2;
    }
    return "beta".equals(qualifier) ? 1 : 0;
  }

  /** CRD names as the API server has accepted them, or as requested when no controller has accepted them yet. */
  private static final class CrdNames {
    static CustomResourceDefinitionNames names(CustomResourceDefinition crd) {
      if (crd.getStatus() != null && crd.getStatus().getAcceptedNames() != null
          && crd.getStatus().getAcceptedNames().getPlural() != null
          && !crd.getStatus().getAcceptedNames().getPlural().isEmpty()) {
        return crd.getStatus().getAcceptedNames();
      }
      return crd.getSpec().getNames() == null ? new CustomResourceDefinitionNames() : crd.getSpec().getNames();
    }

    static String plural(CustomResourceDefinition crd) {
      String plural = names(crd).getPlural();
      return plural == null ? "" : plural;
    }
  }

  private static Map<String, List<APIResource>> builtInGroups() {
    Map<String, List<APIResource>> groups = new LinkedHashMap<>();
    groups.put("apps", List.of(
        resource("daemonsets", true, "DaemonSet", ALL_VERBS, List.of("ds"), List.of("all")),
        status("daemonsets", "DaemonSet"),
        resource("deployments", true, "Deployment", ALL_VERBS, List.of("deploy"), List.of("all")),
        scale("deployments"),
        status("deployments", "Deployment"),
        resource("replicasets", true, "ReplicaSet", ALL_VERBS, List.of("rs"), List.of("all")),
        scale("replicasets"),
        status("replicasets", "ReplicaSet"),
        resource("statefulsets", true, "StatefulSet", ALL_VERBS, List.of("sts"), List.of("all")),
        scale("statefulsets"),
        status("statefulsets", "StatefulSet")));
    groups.put("events.k8s.io", List.of(
        resource("events", true, "Event", ALL_VERBS, List.of("ev"), List.of())));
    groups.put("authentication.k8s.io", List.of(
        resource("selfsubjectreviews", false, "SelfSubjectReview", CREATE_ONLY, List.of(), List.of()),
        resource("tokenreviews", false, "TokenReview", CREATE_ONLY, List.of(), List.of())));
    groups.put("authorization.k8s.io", List.of(
        resource("localsubjectaccessreviews", true, "LocalSubjectAccessReview", CREATE_ONLY, List.of(), List.of()),
        resource("selfsubjectaccessreviews", false, "SelfSubjectAccessReview", CREATE_ONLY, List.of(), List.of()),
        resource("selfsubjectrulesreviews", false, "SelfSubjectRulesReview", CREATE_ONLY, List.of(), List.of()),
        resource("subjectaccessreviews", false, "SubjectAccessReview", CREATE_ONLY, List.of(), List.of())));
    groups.put("rbac.authorization.k8s.io", List.of(
        resource("clusterrolebindings", false, "ClusterRoleBinding", ALL_VERBS, List.of(), List.of()),
        resource("clusterroles", false, "ClusterRole", ALL_VERBS, List.of(), List.of()),
        resource("rolebindings", true, "RoleBinding", ALL_VERBS, List.of(), List.of()),
        resource("roles", true, "Role", ALL_VERBS, List.of(), List.of())));
    groups.put("apiextensions.k8s.io", List.of(
        resource("customresourcedefinitions", false, "CustomResourceDefinition", ALL_VERBS,
            List.of("crd", "crds"), List.of("api-extensions")),
        status("customresourcedefinitions", "CustomResourceDefinition", false)));
    groups.put("coordination.k8s.io", List.of(
        resource("leases", true, "Lease", ALL_VERBS, List.of(), List.of())));
    // What the operator's own manifests (deploy/) hold beyond the kinds above.
    groups.put("networking.k8s.io", List.of(
        resource("networkpolicies", true, "NetworkPolicy", ALL_VERBS, List.of("netpol"), List.of())));
    // Stored, not enforced: the sandbox runs no admission policy (docs/design.md, "Who may migrate what").
    groups.put("admissionregistration.k8s.io", List.of(
        resource("validatingadmissionpolicies", false, "ValidatingAdmissionPolicy", ALL_VERBS, List.of(), List.of(
            "api-extensions")),
        status("validatingadmissionpolicies", "ValidatingAdmissionPolicy", false),
        resource("validatingadmissionpolicybindings", false, "ValidatingAdmissionPolicyBinding", ALL_VERBS,
            List.of(), List.of("api-extensions"))));
    groups.put("policy", List.of(
        resource("poddisruptionbudgets", true, "PodDisruptionBudget", ALL_VERBS, List.of("pdb"), List.of()),
        status("poddisruptionbudgets", "PodDisruptionBudget")));
    return groups;
  }

  private static List<APIResource> coreV1() {
    List<String> namespaceVerbs = List.of("create", "delete", "get", "list", "patch", "update", "watch");
    List<String> proxyVerbs = List.of("create", "delete", "get", "patch", "update");
    return List.of(
        resource("configmaps", true, "ConfigMap", ALL_VERBS, List.of("cm"), List.of()),
        resource("endpoints", true, "Endpoints", ALL_VERBS, List.of("ep"), List.of()),
        resource("events", true, "Event", ALL_VERBS, List.of("ev"), List.of()),
        resource("namespaces", false, "Namespace", namespaceVerbs, List.of("ns"), List.of()),
        sub("namespaces/finalize", false, "", "", "Namespace", List.of("update")),
        status("namespaces", "Namespace", false),
        resource("nodes", false, "Node", ALL_VERBS, List.of("no"), List.of()),
        sub("nodes/proxy", false, "", "", "NodeProxyOptions", proxyVerbs),
        status("nodes", "Node", false),
        resource("pods", true, "Pod", ALL_VERBS, List.of("po"), List.of("all")),
        sub("pods/attach", true, "", "", "PodAttachOptions", List.of("create", "get")),
        sub("pods/binding", true, "", "", "Binding", CREATE_ONLY),
        sub("pods/ephemeralcontainers", true, "", "", "Pod", STATUS_VERBS),
        sub("pods/eviction", true, "policy", "v1", "Eviction", CREATE_ONLY),
        sub("pods/exec", true, "", "", "PodExecOptions", List.of("create", "get")),
        sub("pods/log", true, "", "", "Pod", List.of("get")),
        sub("pods/portforward", true, "", "", "PodPortForwardOptions", List.of("create", "get")),
        sub("pods/proxy", true, "", "", "PodProxyOptions", proxyVerbs),
        status("pods", "Pod"),
        resource("secrets", true, "Secret", ALL_VERBS, List.of(), List.of()),
        resource("serviceaccounts", true, "ServiceAccount", ALL_VERBS, List.of("sa"), List.of()),
        sub("serviceaccounts/token", true, "authentication.k8s.io", "v1", "TokenRequest", CREATE_ONLY),
        resource("services", true, "Service", ALL_VERBS, List.of("svc"), List.of("all")),
        sub("services/proxy", true, "", "", "ServiceProxyOptions", proxyVerbs),
        status("services", "Service"));
  }

  private static APIResource resource(String name, boolean namespaced, String kind, List<String> verbs,
      List<String> shortNames, List<String> categories) {
    return new APIResourceBuilder().withName(name).withSingularName(lower(kind)).withNamespaced(namespaced)
        .withKind(kind).withVerbs(verbs).withShortNames(shortNames).withCategories(categories).build();
  }

  private static APIResource sub(String name, boolean namespaced, String group, String version, String kind,
      List<String> verbs) {
    APIResourceBuilder b = new APIResourceBuilder().withName(name).withSingularName("").withNamespaced(namespaced)
        .withKind(kind).withVerbs(verbs);
    if (!group.isEmpty()) {
      b.withGroup(group).withVersion(version);
    }
    return b.build();
  }

  private static APIResource status(String resource, String kind) {
    return status(resource, kind, true);
  }

  private static APIResource status(String resource, String kind, boolean namespaced) {
    return sub(resource + "/status", namespaced, "", "", kind, STATUS_VERBS);
  }

  private static APIResource scale(String resource) {
    return sub(resource + "/scale", true, "autoscaling", "v1", "Scale", STATUS_VERBS);
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
