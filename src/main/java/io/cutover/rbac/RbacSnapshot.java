package io.cutover.rbac;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The RBAC objects of one cluster. ClusterRoles with an {@code aggregationRule} are taken with the rules stored in them
 * (kube-controller-manager fills those in; the authorizer reads the stored rules, and so does this package).
 * Null lists are treated as empty.
 *
 * <p>Two forms, one behaviour: built from four lists (a list of the cluster, a test), evaluations scan every binding;
 * taken from an {@link RbacIndex} (the informers), they read only the bindings that name the identity's subjects and
 * the roles by name, and the lists are built only when asked for. Both keep the same order (the lists', or the
 * index's insertion order) and give the same answers ({@code RbacIndexPropertiesTest}). An indexed snapshot holds one
 * object per kind and key, as a cluster does; a list may hold more, and then a lookup finds the first.
 */
public final class RbacSnapshot {
  private static final RbacSnapshot EMPTY = new RbacSnapshot(List.of(), List.of(), List.of(), List.of());

  /** Null for a snapshot built from lists. */
  private final RbacObjects indexed;
  private volatile Lists lists;

  private record Lists(List<Role> roles, List<ClusterRole> clusterRoles, List<RoleBinding> roleBindings,
                       List<ClusterRoleBinding> clusterRoleBindings) {}

  public RbacSnapshot(List<Role> roles, List<ClusterRole> clusterRoles, List<RoleBinding> roleBindings,
                      List<ClusterRoleBinding> clusterRoleBindings) {
    this.indexed = null;
    this.lists = new Lists(copy(roles), copy(clusterRoles), copy(roleBindings), copy(clusterRoleBindings));
  }

  private RbacSnapshot(RbacObjects indexed) {
    this.indexed = indexed;
  }

  static RbacSnapshot of(RbacObjects objects) {
    return new RbacSnapshot(objects);
  }

  public static RbacSnapshot empty() {
    return EMPTY;
  }

  public List<Role> roles() {
    return lists().roles();
  }

  public List<ClusterRole> clusterRoles() {
    return lists().clusterRoles();
  }

  public List<RoleBinding> roleBindings() {
    return lists().roleBindings();
  }

  public List<ClusterRoleBinding> clusterRoleBindings() {
    return lists().clusterRoleBindings();
  }

  /** Whether evaluations read an index (taken from an {@link RbacIndex}) rather than scan lists. */
  public boolean indexed() {
    return indexed != null;
  }

  /**
   * The first object of a kind with this namespace (null or empty for none) and name: the one a scan of the list
   * finds first.
   */
  public <T extends HasMetadata> Optional<T> find(Class<T> kind, String namespace, String name) {
    if (indexed != null) {
      return Optional.ofNullable(indexed.get(RbacObjects.Kind.of(kind), RbacObjects.key(namespace, name)))
          .map(kind::cast);
    }
    String ns = emptyToNull(namespace);
    return listOf(kind).stream()
        .filter(o -> o.getMetadata() != null && name.equals(o.getMetadata().getName())
            && Objects.equals(ns, emptyToNull(o.getMetadata().getNamespace())))
        .findFirst();
  }

  /**
   * This snapshot plus the RBAC objects among {@code objects} (others are ignored): the cluster once they exist. A
   * planned object takes the place of one of the same kind, namespace and name (ours from an earlier turn, or someone
   * else's, which provisioning then refuses to adopt): the plan describes what it will create, not a mix. Planned
   * objects come last, in their order.
   */
  public RbacSnapshot with(List<? extends HasMetadata> objects) {
    return laidOver(objects, true);
  }

  /**
   * This snapshot with {@code written} (RBAC objects, one per kind and key) each in the place of the one of its kind,
   * namespace and name, or last where there is none: what the cluster holds once they are seen.
   */
  public RbacSnapshot overlaid(List<? extends HasMetadata> written) {
    return laidOver(written, false);
  }

  /** The RBAC objects among {@code objects} laid over this snapshot: last ({@code last}), or in their places. */
  private RbacSnapshot laidOver(List<? extends HasMetadata> objects, boolean last) {
    if (indexed != null) {
      RbacObjects out = indexed;
      for (HasMetadata o : objects) {
        if (isRbac(o)) {
          out = last ? out.withLast(o) : out.with(o);
        }
      }
      return new RbacSnapshot(out);
    }
    return new RbacSnapshot(replaced(roles(), objects, Role.class, last),
        replaced(clusterRoles(), objects, ClusterRole.class, last),
        replaced(roleBindings(), objects, RoleBinding.class, last),
        replaced(clusterRoleBindings(), objects, ClusterRoleBinding.class, last));
  }

  /** The RoleBindings an evaluation for the identity reads: those that may name it, in snapshot order. */
  List<RoleBinding> roleBindingsNaming(ServiceAccountIdentity identity) {
    return indexed != null ? indexed.roleBindingsNaming(identity) : roleBindings();
  }

  /** The ClusterRoleBindings an evaluation for the identity reads: those that may name it, in snapshot order. */
  List<ClusterRoleBinding> clusterRoleBindingsNaming(ServiceAccountIdentity identity) {
    return indexed != null ? indexed.clusterRoleBindingsNaming(identity) : clusterRoleBindings();
  }

  /** The roles by name, for one evaluation. */
  RoleLookup roleLookup() {
    if (indexed != null) {
      return new RoleLookup() {
        @Override
        public ClusterRole clusterRole(String name) {
          return (ClusterRole) indexed.get(RbacObjects.Kind.CLUSTER_ROLE, RbacObjects.key(null, name));
        }

        @Override
        public Role role(String namespace, String name) {
          return (Role) indexed.get(RbacObjects.Kind.ROLE, RbacObjects.key(namespace, name));
        }
      };
    }
    return new ListRoleLookup(this);
  }

  interface RoleLookup {
    /** The ClusterRole of that name, or null. */
    ClusterRole clusterRole(String name);

    /** The Role of that namespace (not null) and name, or null. */
    Role role(String namespace, String name);
  }

  /**
   * The lists' roles for one evaluation: ClusterRoles by name, indexed on first use (every identity is named by the
   * default group bindings, each resolving a ClusterRole); Roles by a scan, as an identity is typically bound through
   * one or two. The first of a name wins, as a scan finds it.
   */
  private static final class ListRoleLookup implements RoleLookup {
    private final RbacSnapshot rbac;
    private Map<String, ClusterRole> clusterRoles;

    ListRoleLookup(RbacSnapshot rbac) {
      this.rbac = rbac;
    }

    @Override
    public ClusterRole clusterRole(String name) {
      if (clusterRoles == null) {
        clusterRoles = new HashMap<>();
        for (ClusterRole role : rbac.clusterRoles()) {
          String roleName = role.getMetadata() == null ? null : role.getMetadata().getName();
          if (roleName != null) {
            clusterRoles.putIfAbsent(roleName, role);
          }
        }
      }
      return clusterRoles.get(name);
    }

    @Override
    public Role role(String namespace, String name) {
      for (Role role : rbac.roles()) {
        if (role.getMetadata() != null && name.equals(role.getMetadata().getName())
            && namespace.equals(emptyToNull(role.getMetadata().getNamespace()))) {
          return role;
        }
      }
      return null;
    }
  }

  private Lists lists() {
    Lists l = lists;
    if (l == null) {
      l = new Lists(indexed.list(Role.class), indexed.list(ClusterRole.class), indexed.list(RoleBinding.class),
          indexed.list(ClusterRoleBinding.class));
      lists = l;
    }
    return l;
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> List<T> listOf(Class<T> kind) {
    return (List<T>) switch (RbacObjects.Kind.of(kind)) {
      case ROLE -> roles();
      case CLUSTER_ROLE -> clusterRoles();
      case ROLE_BINDING -> roleBindings();
      case CLUSTER_ROLE_BINDING -> clusterRoleBindings();
    };
  }

  /**
   * {@code existing} with the objects of {@code kind} among {@code changed}: appended last, the existing ones of the
   * same namespace and name dropped ({@code last}); or each in the place of the first of its namespace and name, the
   * rest appended.
   */
  private static <T extends HasMetadata> List<T> replaced(List<T> existing, List<? extends HasMetadata> changed,
      Class<T> kind, boolean last) {
    List<T> added = changed.stream().filter(kind::isInstance).map(kind::cast).toList();
    if (added.isEmpty()) {
      return existing;
    }
    if (last) {
      Set<String> names = new HashSet<>();
      added.forEach(o -> names.add(o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()));
      List<T> out = new ArrayList<>(existing.stream()
          .filter(o -> o.getMetadata() == null
              || !names.contains(o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()))
          .toList());
      out.addAll(added);
      return out;
    }
    Map<String, T> ahead = new LinkedHashMap<>();
    added.forEach(o -> ahead.put(RbacObjects.key(o), o));
    List<T> out = new ArrayList<>(existing.size() + ahead.size());
    for (T item : existing) {
      T written = item.getMetadata() == null || item.getMetadata().getName() == null ? null
          : ahead.remove(RbacObjects.key(item));
      out.add(written != null ? written : item);
    }
    out.addAll(ahead.values());
    return out;
  }

  private static boolean isRbac(HasMetadata o) {
    return o instanceof Role || o instanceof ClusterRole || o instanceof RoleBinding || o instanceof ClusterRoleBinding;
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
