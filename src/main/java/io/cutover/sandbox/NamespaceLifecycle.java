package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceSpec;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What kube-apiserver and kube-controller-manager do around a Namespace's life, run synchronously with the request
 * that caused it:
 * <ul>
 *   <li>on create, the namespace strategy's {@code spec.finalizers: [kubernetes]}, {@code status.phase: Active} and the
 *       {@code kubernetes.io/metadata.name} label;</li>
 *   <li>the serviceaccount controller's {@code default} ServiceAccount and the root-ca-cert-publisher's
 *       {@value #ROOT_CA} ConfigMap (key {@code ca.crt}) in every active namespace, recreated when deleted;</li>
 *   <li>a DELETE marks the Namespace ({@code deletionTimestamp}, {@code status.phase: Terminating}); the namespace
 *       controller then deletes its contents and, once nothing is left, removes the {@code kubernetes} finalizer and the
 *       Namespace. Content held by finalizers keeps it Terminating, with the controller's conditions saying what
 *       remains, until a later write releases it;</li>
 *   <li>NamespaceLifecycle admission: creating anything in a terminating namespace is 403 Forbidden, and
 *       {@code default}, {@code kube-system} and {@code kube-public} may not be deleted.</li>
 * </ul>
 */
final class NamespaceLifecycle {

  static final String FINALIZER = "kubernetes";
  static final String TERMINATING = "Terminating";
  static final String ROOT_CA = "kube-root-ca.crt";
  static final String ROOT_CA_DESCRIPTION = "Contains a CA bundle that can be used to verify the kube-apiserver when"
      + " using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is"
      + " guaranteed across distributions of Kubernetes clusters.";
  private static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");
  private static final Pattern NAMESPACE = Pattern.compile("/api/v1/namespaces/([^/]+)");
  /** A path inside a namespace: group (empty for core), namespace, resource, then name and subresource if any. */
  private static final Pattern INSIDE =
      Pattern.compile("/(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/([^/]+)/([^/]+)(?:/([^/]+))?(?:/([^/]+))?");

  private final Store store;
  private final Clock clock;
  private final String caPem;

  NamespaceLifecycle(Store store, Clock clock, byte[] caPem) {
    this.store = store;
    this.clock = clock;
    this.caPem = new String(caPem, StandardCharsets.UTF_8);
  }

  /** NamespaceLifecycle admission, and a Namespace's DELETE, which marks it instead of removing it. */
  Optional<MockResponse> before(String method, String path, String body) {
    Matcher namespace = NAMESPACE.matcher(path);
    if (method.equals("DELETE") && namespace.matches()) {
      String name = namespace.group(1);
      if (IMMORTAL.contains(name)) {
        return Optional.of(Responses.failure(403, "Forbidden", "namespaces \"" + name
            + "\" is forbidden: this namespace may not be deleted", "", "namespaces", name, null));
      }
      return store.get(path, Namespace.class).map(this::delete);
    }
    Matcher inside = INSIDE.matcher(path);
    if (method.equals("POST") && inside.matches() && !inside.group(3).equals("localsubjectaccessreviews")
        && terminating(inside.group(2))) {
      String group = inside.group(1) == null ? "" : inside.group(1);
      String resource = inside.group(3);
      String name = inside.group(4) != null ? inside.group(4) : nameIn(body);
      String qualified = group.isEmpty() ? resource : resource + "." + group;
      String ns = inside.group(2);
      return Optional.of(Responses.failure(403, "Forbidden", qualified + " \"" + name + "\" is forbidden: unable to "
          + "create new content in namespace " + ns + " because it is being terminated", group, resource, name,
          List.of(new StatusCause("metadata.namespace", "namespace " + ns + " is being terminated",
              "NamespaceTerminating"))));
    }
    return Optional.empty();
  }

  /** After a successful write: a new namespace is completed; a namespace's contents are kept or finished. */
  void after(String method, String path) {
    Matcher inside = INSIDE.matcher(path);
    if (!inside.matches()) {
      return;
    }
    String ns = inside.group(2);
    Optional<Namespace> stored = store.get("/api/v1/namespaces/" + ns, Namespace.class);
    if (stored.isEmpty()) {
      return;
    }
    if (isTerminating(stored.get())) {
      finish(stored.get());
    } else if (method.equals("DELETE") || inside.group(3).equals("configmaps")) {
      ensureContents(ns);
    }
  }

  /** A namespace just created: the strategy's defaults, then its controllers' contents. The stored namespace. */
  Namespace created(Namespace namespace) {
    var meta = namespace.getMetadata();
    Map<String, String> labels = meta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getLabels());
    labels.put("kubernetes.io/metadata.name", meta.getName());
    meta.setLabels(labels);
    namespace.setSpec(new NamespaceSpec(List.of(FINALIZER)));
    if (namespace.getStatus() == null) {
      namespace.setStatus(new NamespaceStatus());
    }
    namespace.getStatus().setPhase("Active");
    MockResponse updated = store.update("/api/v1/namespaces/" + meta.getName(), namespace);
    ensureContents(meta.getName());
    return updated.code() == 200 ? Store.read(Store.body(updated), Namespace.class) : namespace;
  }

  private MockResponse delete(Namespace namespace) {
    String path = "/api/v1/namespaces/" + namespace.getMetadata().getName();
    if (!isTerminating(namespace)) {
      String since = now();
      namespace = store.rewrite(path, Namespace.class, n -> {
        n.getMetadata().setDeletionTimestamp(since);
        if (n.getStatus() == null) {
          n.setStatus(new NamespaceStatus());
        }
        n.getStatus().setPhase(TERMINATING);
        return n;
      }).orElse(namespace);
    }
    Namespace answer = namespace;
    finish(namespace);
    return Responses.json(200, answer);
  }

  /** The namespace controller's pass: delete the contents; when none is left, finalize and remove the namespace. */
  private void finish(Namespace namespace) {
    String ns = namespace.getMetadata().getName();
    for (Map.Entry<String, String> object : store.crud().storedIn(ns)) {
      JsonNode json = tree(object.getValue());
      if (json.path("metadata").path("deletionTimestamp").isMissingNode()) {
        store.delete(pathOf(json, object.getKey()));
      }
    }
    List<Map.Entry<String, String>> remaining = store.crud().storedIn(ns);
    String path = "/api/v1/namespaces/" + ns;
    Namespace current = store.get(path, Namespace.class).orElse(namespace);
    if (remaining.isEmpty()) {
      // The controller's finalize call, then the registry removes a Namespace whose finalizers are all gone.
      store.rewrite(path, Namespace.class, n -> {
        n.setSpec(new NamespaceSpec(List.of()));
        return n;
      });
      store.delete(path);
      return;
    }
    List<NamespaceCondition> conditions = NamespaceConditions.remaining(remaining, current.getStatus(), now());
    if (!conditions.equals(current.getStatus().getConditions())) {
      store.rewrite(path, Namespace.class, n -> {
        n.getStatus().setConditions(conditions);
        return n;
      });
    }
  }

  private void ensureContents(String ns) {
    String accounts = "/api/v1/namespaces/" + ns + "/serviceaccounts";
    if (store.get(accounts + "/default", io.fabric8.kubernetes.api.model.ServiceAccount.class).isEmpty()) {
      store.create(accounts, new ServiceAccountBuilder().withNewMetadata().withName("default").withNamespace(ns)
          .endMetadata().build());
    }
    if (caPem.isEmpty()) {
      return; // as kube-controller-manager without a root CA: no publisher
    }
    String configMaps = "/api/v1/namespaces/" + ns + "/configmaps";
    Optional<ConfigMap> rootCa = store.get(configMaps + "/" + ROOT_CA, ConfigMap.class);
    if (rootCa.isEmpty()) {
      store.create(configMaps, new ConfigMapBuilder().withNewMetadata().withName(ROOT_CA).withNamespace(ns)
          .withAnnotations(Map.of("kubernetes.io/description", ROOT_CA_DESCRIPTION)).endMetadata()
          .withData(Map.of("ca.crt", caPem)).build());
    } else if (rootCa.get().getData() == null || !caPem.equals(rootCa.get().getData().get("ca.crt"))) {
      // The publisher overwrites the data it owns.
      rootCa.get().setData(Map.of("ca.crt", caPem));
      store.update(configMaps + "/" + ROOT_CA, rootCa.get());
    }
  }

  private boolean terminating(String ns) {
    return store.get("/api/v1/namespaces/" + ns, Namespace.class).map(NamespaceLifecycle::isTerminating).orElse(false);
  }

  static boolean isTerminating(Namespace namespace) {
    return namespace.getMetadata().getDeletionTimestamp() != null
        || (namespace.getStatus() != null && TERMINATING.equals(namespace.getStatus().getPhase()));
  }

  private String now() {
    return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }

  private static String pathOf(JsonNode object, String plural) {
    String apiVersion = object.path("apiVersion").asText("v1");
    String prefix = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
    return prefix + "/namespaces/" + object.path("metadata").path("namespace").asText() + "/" + plural + "/"
        + object.path("metadata").path("name").asText();
  }

  private static String nameIn(String body) {
    try {
      return Store.JSON.readTree(body).path("metadata").path("name").asText("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static JsonNode tree(String json) {
    try {
      return Store.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
