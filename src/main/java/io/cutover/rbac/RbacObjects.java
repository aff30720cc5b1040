package io.cutover.rbac;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.pcollections.HashTreePMap;
import org.pcollections.HashTreePSet;
import org.pcollections.PMap;
import org.pcollections.PSet;

/**
 * One cluster's RBAC objects as an immutable value, indexed: each kind by key ({@code namespace/name}, or
 * {@code name} for the cluster-scoped kinds and a RoleBinding without a namespace, as fabric8's informers key them),
 * and the bindings by the subjects they name. A change returns a new value sharing all but the changed paths with
 * the old one (persistent maps), so a snapshot is this value itself and stays what it was while the cluster moves on.
 *
 * <p>Objects keep an order, the one a scan of the snapshot's lists sees: by their first insertion; a change keeps an
 * object's place ({@link #with}), a removal and a new insertion puts it last.
 */
final class RbacObjects {
  static final RbacObjects EMPTY = new RbacObjects(emptyMaps(), HashTreePMap.empty(), HashTreePMap.empty(), 0);

  /** The four kinds, by ordinal in {@link #byKey}. */
  enum Kind {
    ROLE(Role.class), CLUSTER_ROLE(ClusterRole.class), ROLE_BINDING(RoleBinding.class),
    CLUSTER_ROLE_BINDING(ClusterRoleBinding.class);

    final Class<? extends HasMetadata> type;

    Kind(Class<? extends HasMetadata> type) {
      this.type = type;
    }

    static Kind of(Class<?> type) {
      for (Kind kind : values()) {
        if (kind.type.isAssignableFrom(type)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("not an RBAC kind: " + type.getSimpleName());
    }
  }

  /** A stored object and its place in the order. */
  private record Entry(HasMetadata object, long seq) {}

  /**
   * A subject as bindings name it and identities are named: {@code ServiceAccount} with its namespace (a RoleBinding's
   * subject without one: the binding's), {@code User} or {@code Group} with a null namespace.
   */
  record SubjectKey(String kind, String namespace, String name) {}

  private static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::seq);

  private final PMap<String, Entry>[] byKey;
  private final PMap<SubjectKey, PSet<String>> roleBindingsBySubject;
  private final PMap<SubjectKey, PSet<String>> clusterRoleBindingsBySubject;
  private final long nextSeq;

  private RbacObjects(PMap<String, Entry>[] byKey, PMap<SubjectKey, PSet<String>> roleBindingsBySubject,
      PMap<SubjectKey, PSet<String>> clusterRoleBindingsBySubject, long nextSeq) {
    this.byKey = byKey;
    this.roleBindingsBySubject = roleBindingsBySubject;
    this.clusterRoleBindingsBySubject = clusterRoleBindingsBySubject;
    this.nextSeq = nextSeq;
  }

  /** How fabric8's informers key an object: {@code namespace/name}, or {@code name} without a namespace. */
  static String key(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }

  static String key(HasMetadata object) {
    if (object.getMetadata() == null || object.getMetadata().getName() == null) {
      throw new IllegalArgumentException("an RBAC object without a name cannot be indexed");
    }
    return key(object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  HasMetadata get(Kind kind, String key) {
    Entry e = byKey[kind.ordinal()].get(key);
    return e == null ? null : e.object();
  }

  int size(Kind kind) {
    return byKey[kind.ordinal()].size();
  }

  Stream<String> keys(Kind kind) {
    return byKey[kind.ordinal()].keySet().stream();
  }

  Stream<HasMetadata> values(Kind kind) {
    return byKey[kind.ordinal()].values().stream().map(Entry::object);
  }

  /** The objects of a kind in their order. */
  <T extends HasMetadata> List<T> list(Class<T> type) {
    return sorted(byKey[Kind.of(type).ordinal()].values(), type);
  }

  /** This plus {@code object}, in the place of the one of its kind and key if there is one, else last. */
  RbacObjects with(HasMetadata object) {
    Kind kind = Kind.of(object.getClass());
    Entry old = byKey[kind.ordinal()].get(key(object));
    return put(kind, object, old == null ? nextSeq : old.seq(), old);
  }

  /** This plus {@code object} last, in the place of none (the one of its kind and key, if any, removed first). */
  RbacObjects withLast(HasMetadata object) {
    Kind kind = Kind.of(object.getClass());
    return put(kind, object, nextSeq, byKey[kind.ordinal()].get(key(object)));
  }

  RbacObjects without(Kind kind, String key) {
    Entry old = byKey[kind.ordinal()].get(key);
    if (old == null) {
      return this;
    }
    PMap<String, Entry>[] maps = byKey.clone();
    maps[kind.ordinal()] = maps[kind.ordinal()].minus(key);
    return new RbacObjects(maps, postings(kind, Kind.ROLE_BINDING, roleBindingsBySubject, key, old, null),
        postings(kind, Kind.CLUSTER_ROLE_BINDING, clusterRoleBindingsBySubject, key, old, null), nextSeq);
  }

  private RbacObjects put(Kind kind, HasMetadata object, long seq, Entry old) {
    String key = key(object);
    Entry entry = new Entry(object, seq);
    PMap<String, Entry>[] maps = byKey.clone();
    maps[kind.ordinal()] = maps[kind.ordinal()].plus(key, entry);
    return new RbacObjects(maps, postings(kind, Kind.ROLE_BINDING, roleBindingsBySubject, key, old, entry),
        postings(kind, Kind.CLUSTER_ROLE_BINDING, clusterRoleBindingsBySubject, key, old, entry),
        seq == nextSeq ? nextSeq + 1 : nextSeq);
  }

  /** The postings of {@code indexed} after {@code old} (or none) became {@code now} (or none) under {@code key}. */
  private static PMap<SubjectKey, PSet<String>> postings(Kind kind, Kind indexed, PMap<SubjectKey, PSet<String>> map,
      String key, Entry old, Entry now) {
    if (kind != indexed) {
      return map;
    }
    Set<SubjectKey> before = old == null ? Set.of() : subjectKeys(old.object());
    Set<SubjectKey> after = now == null ? Set.of() : subjectKeys(now.object());
    for (SubjectKey s : before) {
      if (!after.contains(s)) {
        PSet<String> left = map.get(s).minus(key);
        map = left.isEmpty() ? map.minus(s) : map.plus(s, left);
      }
    }
    for (SubjectKey s : after) {
      if (!before.contains(s)) {
        map = map.plus(s, map.getOrDefault(s, HashTreePSet.empty()).plus(key));
      }
    }
    return map;
  }

  /**
   * The keys under which a binding can name an identity: every subject that {@link EffectiveRules#appliesTo} could
   * match, none for those it never matches (an unknown kind, no name, a ServiceAccount without a namespace in a
   * ClusterRoleBinding).
   */
  static Set<SubjectKey> subjectKeys(HasMetadata binding) {
    List<Subject> subjects;
    String bindingNamespace;
    if (binding instanceof RoleBinding rb) {
      subjects = rb.getSubjects();
      bindingNamespace = binding.getMetadata().getNamespace();
    } else if (binding instanceof ClusterRoleBinding crb) {
      subjects = crb.getSubjects();
      bindingNamespace = null;
    } else {
      return Set.of();
    }
    if (subjects == null) {
      return Set.of();
    }
    Set<SubjectKey> keys = new HashSet<>();
    for (Subject s : subjects) {
      if (s == null || s.getKind() == null || s.getName() == null) {
        continue;
      }
      switch (s.getKind()) {
        case Grant.USER, Grant.GROUP -> keys.add(new SubjectKey(s.getKind(), null, s.getName()));
        case Grant.SERVICE_ACCOUNT -> {
          String ns = s.getNamespace() == null || s.getNamespace().isEmpty() ? bindingNamespace : s.getNamespace();
          if (ns != null && !ns.isEmpty()) {
            keys.add(new SubjectKey(Grant.SERVICE_ACCOUNT, ns, s.getName()));
          }
        }
        default -> { }
      }
    }
    return keys;
  }

  /** The keys an identity is named by: its ServiceAccount, its username, each of its groups. */
  static List<SubjectKey> subjectKeys(ServiceAccountIdentity identity) {
    List<SubjectKey> keys = new ArrayList<>();
    keys.add(new SubjectKey(Grant.SERVICE_ACCOUNT, identity.namespace(), identity.name()));
    keys.add(new SubjectKey(Grant.USER, null, identity.username()));
    identity.groups().forEach(g -> keys.add(new SubjectKey(Grant.GROUP, null, g)));
    return keys;
  }

  /** The RoleBindings that name one of the identity's subject keys, in their order. */
  List<RoleBinding> roleBindingsNaming(ServiceAccountIdentity identity) {
    return naming(identity, Kind.ROLE_BINDING, roleBindingsBySubject, RoleBinding.class);
  }

  /** The ClusterRoleBindings that name one of the identity's subject keys, in their order. */
  List<ClusterRoleBinding> clusterRoleBindingsNaming(ServiceAccountIdentity identity) {
    return naming(identity, Kind.CLUSTER_ROLE_BINDING, clusterRoleBindingsBySubject, ClusterRoleBinding.class);
  }

  private <T extends HasMetadata> List<T> naming(ServiceAccountIdentity identity, Kind kind,
      PMap<SubjectKey, PSet<String>> postings, Class<T> type) {
    Set<String> keys = new LinkedHashSet<>();
    for (SubjectKey s : subjectKeys(identity)) {
      PSet<String> posting = postings.get(s);
      if (posting != null) {
        keys.addAll(posting);
      }
    }
    List<Entry> entries = new ArrayList<>(keys.size());
    for (String key : keys) {
      entries.add(byKey[kind.ordinal()].get(key));
    }
    return sorted(entries, type);
  }

  private static <T extends HasMetadata> List<T> sorted(java.util.Collection<Entry> entries, Class<T> type) {
    return entries.stream().sorted(ORDER).map(e -> type.cast(e.object())).toList();
  }

  @SuppressWarnings("unchecked")
  private static PMap<String, Entry>[] emptyMaps() {
    PMap<String, Entry>[] maps = new PMap[Kind.values().length];
    java.util.Arrays.fill(maps, HashTreePMap.empty());
    return maps;
  }
}
