package io.cutover.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.api.v1alpha1.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.internal.OperationSupport;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@link OwnedObjects} on a fabric8 client. Every change is locked to what was read (a resourceVersion or a UID
 * precondition), so an object re-created or changed meanwhile is never overwritten or deleted; RBAC writes are told
 * to the session's informers at once.
 */
final class Fabric8OwnedObjects extends Fabric8Part implements OwnedObjects {

  Fabric8OwnedObjects(Fabric8Session session) {
    super(session);
  }

  @Override
  public <T extends HasMetadata> Held<T> create(T object) {
    String what = "create " + object.getKind().toLowerCase();
    return session.call(what, () -> {
      Resource<T> resource = client.resource(object);
      // Create first: on the way forward the object is new, and a GET before every create doubles the requests.
      // An object that exists answers 409, and then what the cluster holds is read and returned.
      try {
        T created = resource.create();
        session.written(created, null);
        return new Held<>(created, true);
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
          T now = resource.get();
          if (now != null) {
            return new Held<>(now, false);
          }
        }
        throw e;
      }
    });
  }

  @Override
  public boolean delete(ObjectRef ref, String expectedUid) {
    if (expectedUid != null) {
      return session.call("delete " + ref.kind().toLowerCase(), () -> deleteWithUid(ref, expectedUid));
    }
    return session.call("delete " + ref.kind().toLowerCase(), () -> {
      Resource<? extends HasMetadata> resource = resourceFor(ref);
      HasMetadata current = resource.get();
      if (current == null) {
        return false;
      }
      try {
        // Delete exactly the object inspected (a precondition on its resourceVersion): a re-created object of the
        // same name answers 409 instead of being deleted.
        boolean deleted = !resource.lockResourceVersion(current.getMetadata().getResourceVersion()).delete().isEmpty();
        session.deleted(ref.kind(), ref.namespace(), ref.name());
        return deleted;
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return false;
        }
        throw e;
      }
    });
  }

  /**
   * One DELETE whose DeleteOptions carry {@code preconditions.uid}: the API server deletes the object only if it is
   * still the one with that UID — 409 when the name now holds another object (left alone), 404 when none — so no
   * GET is needed first (the revocation at cutover is on the lateness path). fabric8's DSL has no UID precondition,
   * so the request is sent on the client's own HTTP client (same authentication, retries, request counter and
   * trace) to the URL the DSL resolves for the object.
   */
  private boolean deleteWithUid(ObjectRef ref, String uid) {
    String url;
    try {
      url = ((OperationSupport) resourceFor(ref)).getResourceUrl().toString();
    } catch (MalformedURLException e) {
      throw new IllegalStateException("no URL for " + ref.kind() + " " + ref.name(), e);
    }
    ObjectNode options = Serialization.jsonMapper().createObjectNode().put("apiVersion", "v1")
        .put("kind", "DeleteOptions");
    options.putObject("preconditions").put("uid", uid);
    HttpClient http = client.getHttpClient();
    HttpRequest request = http.newHttpRequestBuilder().uri(url).delete("application/json", options.toString())
        .timeout(client.getConfiguration().getRequestTimeout(), TimeUnit.MILLISECONDS).build();
    HttpResponse<String> response;
    try {
      response = http.sendAsync(request, String.class).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while deleting " + ref.kind() + " " + ref.name(), e);
    } catch (ExecutionException e) {
      throw new KubernetesClientException("deleting " + ref.kind() + " " + ref.name() + " got no answer", e.getCause());
    }
    int code = response.code();
    if (code == HttpURLConnection.HTTP_NOT_FOUND || code == HttpURLConnection.HTTP_CONFLICT) {
      return false; // gone, or the name now holds another object
    }
    if (code >= 300) {
      throw new KubernetesClientException(new StatusBuilder().withCode(code)
          .withMessage("deleting " + ref.kind() + " " + ref.name() + " answered " + code).build());
    }
    session.deleted(ref.kind(), ref.namespace(), ref.name());
    return true;
  }

  /**
   * Starts from the binding as the RBAC informer holds it (no read on the revocation path); if the informer's copy
   * is stale the write answers 409, and the binding is read and the write made once more on what was read.
   */
  @Override
  public boolean removeServiceAccountSubject(ObjectRef binding, String saNamespace, String saName) {
    boolean cluster = "ClusterRoleBinding".equals(binding.kind());
    String ns = cluster ? null : binding.namespace();
    return session.call("update " + binding.kind().toLowerCase(), () -> {
      HasMetadata cached = cached(binding, cluster, ns);
      if (cached != null) {
        try {
          return removeSubject(binding, cached, cluster, ns, saNamespace, saName);
        } catch (KubernetesClientException e) {
          if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
            throw e;
          }
        }
      }
      HasMetadata current = cluster ? client.rbac().clusterRoleBindings().withName(binding.name()).get()
          : client.rbac().roleBindings().inNamespace(ns).withName(binding.name()).get();
      return current != null && removeSubject(binding, current, cluster, ns, saNamespace, saName);
    });
  }

  /** A copy of the informers' binding (the write edits it), or null when they hold none. */
  private HasMetadata cached(ObjectRef binding, boolean cluster, String ns) {
    HasMetadata held = session.cachedBinding(binding.kind(), ns, binding.name());
    if (held instanceof ClusterRoleBinding b && cluster) {
      return new ClusterRoleBindingBuilder(b).build();
    }
    if (held instanceof RoleBinding b && !cluster) {
      return new RoleBindingBuilder(b).build();
    }
    return null;
  }

  private boolean removeSubject(ObjectRef binding, HasMetadata current, boolean cluster, String ns,
      String saNamespace, String saName) {
    String username = "system:serviceaccount:" + saNamespace + ":" + saName;
    List<Subject> subjects = cluster ? ((ClusterRoleBinding) current).getSubjects() : ((RoleBinding) current).getSubjects();
    if (subjects == null || subjects.stream().noneMatch(s -> matches(s, ns, saNamespace, saName, username))) {
      return false;
    }
    String read = current.getMetadata().getResourceVersion();
    List<Subject> remaining = subjects.stream().filter(s -> !matches(s, ns, saNamespace, saName, username)).toList();
    if (remaining.isEmpty()) {
      // The identity was the binding's only subject: delete the binding, locked to what was read. An update would
      // pass kube-apiserver's escalation check only if the migrator held every permission of the role (or bind
      // on it); a delete needs only the delete verb, and an empty binding grants nothing either way.
      client.resource(current).lockResourceVersion(read).delete();
      session.deleted(binding.kind(), ns, binding.name());
      return true;
    }
    if (cluster) {
      ((ClusterRoleBinding) current).setSubjects(remaining);
    } else {
      ((RoleBinding) current).setSubjects(remaining);
    }
    // PUT with the read resourceVersion: a concurrent change is a 409, not lost. Another subject stays bound, so
    // this is an update, which kube-apiserver lets through only if the migrator holds the role's permissions or
    // the verb bind on it (docs/security.md).
    session.written(client.resource(current).update(), read);
    return true;
  }

  @Override
  public boolean annotateServiceAccount(String namespace, String name, String expectedUid,
      Map<String, String> annotations) {
    return session.call("annotate serviceaccount", () -> {
      ServiceAccount current = client.serviceAccounts().inNamespace(namespace).withName(name).get();
      if (current == null || (expectedUid != null && !expectedUid.equals(current.getMetadata().getUid()))) {
        return false;
      }
      var existing = current.getMetadata().getAnnotations() == null ? Map.<String, String>of()
          : current.getMetadata().getAnnotations();
      if (annotations.entrySet().stream().allMatch(e -> e.getValue().equals(existing.get(e.getKey())))) {
        return false;
      }
      // An update carries the resourceVersion read above: a concurrent change makes it fail with 409 and retry.
      var updated = new LinkedHashMap<>(existing);
      updated.putAll(annotations);
      current.getMetadata().setAnnotations(updated);
      client.serviceAccounts().inNamespace(namespace).resource(current).update();
      return true;
    });
  }

  @Override
  public Optional<HasMetadata> find(ObjectRef ref) {
    return session.call("get " + ref.kind().toLowerCase(), () -> Optional.ofNullable(resourceFor(ref).get()));
  }

  /** A binding subject that names the ServiceAccount, as a ServiceAccount or as its user name. */
  private static boolean matches(Subject s, String bindingNamespace, String ns, String name, String username) {
    if ("ServiceAccount".equals(s.getKind())) {
      String subjectNs = s.getNamespace() == null || s.getNamespace().isEmpty() ? bindingNamespace : s.getNamespace();
      return name.equals(s.getName()) && ns.equals(subjectNs);
    }
    return "User".equals(s.getKind()) && username.equals(s.getName());
  }

  private Resource<? extends HasMetadata> resourceFor(ObjectRef ref) {
    return switch (ref.kind()) {
      case "ServiceAccount" -> client.serviceAccounts().inNamespace(ref.namespace()).withName(ref.name());
      case "Secret" -> client.secrets().inNamespace(ref.namespace()).withName(ref.name());
      case "Role" -> client.rbac().roles().inNamespace(ref.namespace()).withName(ref.name());
      case "RoleBinding" -> client.rbac().roleBindings().inNamespace(ref.namespace()).withName(ref.name());
      case "ClusterRole" -> client.rbac().clusterRoles().withName(ref.name());
      case "ClusterRoleBinding" -> client.rbac().clusterRoleBindings().withName(ref.name());
      case "Namespace" -> client.namespaces().withName(ref.name());
      default -> throw new IllegalArgumentException("Cutover does not manage kind " + ref.kind());
    };
  }
}
