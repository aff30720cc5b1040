package io.cutover.cluster;

import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.rbac.EffectiveRules;
import io.cutover.rbac.ServiceAccountIdentity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fake's writes of objects: create-if-absent (404 in a namespace that does not exist, as NamespaceLifecycle
 * admission answers), delete by UID (a Namespace takes its objects with it), subject removal and annotation.
 */
final class TestingOwnedObjects implements OwnedObjects {
  private final TestingClusterPort fake;

  TestingOwnedObjects(TestingClusterPort fake) {
    this.fake = fake;
  }

  @Override
  public <T extends HasMetadata> Held<T> create(T object) {
    String kind = object.getKind();
    String ns = object.getMetadata().getNamespace();
    String name = object.getMetadata().getName();
    return fake.call("createIfAbsent", List.of(kind, String.valueOf(ns), name), () -> {
      HasMetadata existing = fake.objects.get(fake.key(kind, ns, name));
      if (existing != null) {
        @SuppressWarnings("unchecked")
        T held = (T) fake.copy(existing);
        return new Held<>(held, false);
      }
      if (!fake.CLUSTER_SCOPED.contains(kind) && !fake.objects.containsKey(fake.key("Namespace", null, ns))) {
        throw fake.apiError(404, "create " + kind.toLowerCase(), "namespaces \"" + ns + "\" not found", false);
      }
      return new Held<>(fake.put(object), true);
    }, o -> (o.createdNow() ? "created" : "found") + " uid=" + o.object().getMetadata().getUid());
  }

  @Override
  public boolean delete(ObjectRef ref, String expectedUid) {
    return fake.call("delete", List.of(ref.kind(), String.valueOf(ref.namespace()), ref.name(), String.valueOf(expectedUid)), () -> {
      if (!fake.OWNED_KINDS.contains(ref.kind())) {
        throw new IllegalArgumentException("Cutover does not manage kind " + ref.kind());
      }
      String k = fake.key(ref.kind(), ref.namespace(), ref.name());
      HasMetadata current = fake.objects.get(k);
      if (current == null) {
        return false;
      }
      if (expectedUid != null && !expectedUid.equals(current.getMetadata().getUid())) {
        return false;
      }
      fake.objects.remove(k);
      if ("Namespace".equals(ref.kind())) {
        fake.objects.values().removeIf(o -> ref.name().equals(o.getMetadata().getNamespace()));
      }
      return true;
    }, b -> b ? "deleted" : "absent");
  }

  @Override
  public boolean removeServiceAccountSubject(ObjectRef binding, String saNamespace, String saName) {
    return fake.call("removeServiceAccountSubject", List.of(binding.kind(), String.valueOf(binding.namespace()), binding.name(),
        saNamespace, saName), () -> {
      boolean cluster = "ClusterRoleBinding".equals(binding.kind());
      HasMetadata current = fake.objects.get(fake.key(binding.kind(), cluster ? null : binding.namespace(), binding.name()));
      if (current == null) {
        return false;
      }
      String bindingNs = cluster ? null : binding.namespace();
      ServiceAccountIdentity sa = new ServiceAccountIdentity(saNamespace, saName);
      List<Subject> subjects = current instanceof ClusterRoleBinding b ? b.getSubjects() : ((RoleBinding) current).getSubjects();
      if (subjects == null || subjects.stream().noneMatch(s -> namesIdentity(s, bindingNs, sa))) {
        return false;
      }
      List<Subject> kept = subjects.stream().filter(s -> !namesIdentity(s, bindingNs, sa)).toList();
      if (kept.isEmpty()) {
        // As Fabric8OwnedObjects: a binding whose only subject was the identity is deleted.
        fake.objects.remove(fake.key(binding.kind(), bindingNs, binding.name()));
        return true;
      }
      if (current instanceof ClusterRoleBinding b) {
        b.setSubjects(new ArrayList<>(kept));
      } else {
        ((RoleBinding) current).setSubjects(new ArrayList<>(kept));
      }
      return true;
    }, b -> b ? "removed" : "unchanged");
  }

  @Override
  public boolean annotateServiceAccount(String namespace, String name, String expectedUid, Map<String, String> annotations) {
    return fake.call("annotateServiceAccount", List.of(namespace, name, String.valueOf(expectedUid)), () -> {
      HasMetadata current = fake.objects.get(fake.key("ServiceAccount", namespace, name));
      if (current == null || (expectedUid != null && !expectedUid.equals(current.getMetadata().getUid()))) {
        return false;
      }
      Map<String, String> merged = new LinkedHashMap<>(current.getMetadata().getAnnotations() == null ? Map.of()
          : current.getMetadata().getAnnotations());
      if (annotations.entrySet().stream().allMatch(e -> e.getValue().equals(merged.get(e.getKey())))) {
        return false;
      }
      merged.putAll(annotations);
      current.getMetadata().setAnnotations(merged);
      return true;
    }, b -> b ? "annotated" : "unchanged");
  }

  @Override
  public Optional<HasMetadata> find(ObjectRef ref) {
    return fake.call("find", List.of(ref.kind(), String.valueOf(ref.namespace()), ref.name()), () -> {
      boolean cluster = fake.CLUSTER_SCOPED.contains(ref.kind());
      HasMetadata current = fake.objects.get(fake.key(ref.kind(), cluster ? null : ref.namespace(), ref.name()));
      return Optional.ofNullable(current == null ? null : fake.copy(current));
    }, o -> o.isPresent() ? "found" : "absent");
  }

  private static boolean namesIdentity(Subject s, String bindingNamespace, ServiceAccountIdentity sa) {
    // Direct subjects only: a group names every ServiceAccount, not this one.
    return !"Group".equals(s.getKind()) && EffectiveRules.appliesTo(s, bindingNamespace, sa);
  }
}
