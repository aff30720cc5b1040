package io.cutover.sandbox;

import io.cutover.policy.ProtectedIdentities;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox as a playground: what a careful administrator of the source and target clusters automates so that a
 * user's own migration of any identity works with the migrator's shipped RBAC, nothing wider.
 * <ul>
 *   <li>Every namespace of source and target, as it is created (Kubernetes' own, the operator's and the migrator's
 *       excepted: {@link ProtectedIdentities#standard}), gets deploy/remote/namespace — the migrator's Role and
 *       RoleBinding there (docs/operations.md, "The migrator on each remote cluster").</li>
 *   <li>On the target the migrator is bound to the rules it is to mirror (docs/operations.md, "Permissions to
 *       mirror"): for every RoleBinding of the source naming a ServiceAccount of an unprotected namespace, a Role
 *       {@value #GRANT_PREFIX}&lt;binding&gt; with the bound role's rules in the same namespace of the target (once
 *       that namespace exists there); for every such ClusterRoleBinding, a ClusterRole with the bound ClusterRole's
 *       rules. The migrator thus holds exactly what the identities it may move hold — never {@code escalate} or
 *       {@code bind}.</li>
 * </ul>
 * The sandbox's administrator writes them (the kubeconfigs' {@value Sandbox#ADMIN_USER}), at start and then on each
 * change the clusters' watches report (namespaces of both, RBAC of the source). Grants are only added or updated,
 * never removed: a migration that revoked the source's bindings may still need them on the target. Production
 * installs have none of this: the migrator is in scope where an administrator applies deploy/remote/namespace.
 */
public final class SandboxPlayground implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxPlayground.class);
  /** The name prefix of the migrator's grants on the target. */
  public static final String GRANT_PREFIX = "cutover-migrator-mirrors-";
  /** The label on every object the playground writes. */
  public static final String LABEL = "cutover.io/sandbox-playground";
  private static final String RBAC = "rbac.authorization.k8s.io";
  private static final String MIGRATOR_ROLE_FILE = "remote/namespace/migrator-role.yaml";

  private final SandboxCluster source;
  private final SandboxCluster target;
  private final ProtectedIdentities protectedIdentities;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  /** One pass at a time, and a burst of changes (an informer's first list) coalesced into one more pass. */
  private final ExecutorService passes = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "sandbox-playground");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean queued = new AtomicBoolean();

  private SandboxPlayground(SandboxCluster source, SandboxCluster target) {
    this.source = source;
    this.target = target;
    this.protectedIdentities = ProtectedIdentities.standard(Sandbox.OPERATOR_NAMESPACE,
        ProtectedIdentities.MIGRATOR_NAMESPACE);
  }

  /**
   * Brings the migrator's scope and grants up to date on {@code source} and {@code target} (before it returns, so
   * a migration applied right after finds them), then keeps them so as namespaces and RBAC change. Needs deploy/remote
   * applied on both ({@link Sandbox#leastPrivilege}).
   */
  public static SandboxPlayground start(SandboxCluster source, SandboxCluster target) {
    SandboxPlayground playground = new SandboxPlayground(source, target);
    playground.reconcile();
    try {
      playground.watch();
    } catch (RuntimeException e) {
      playground.close();
      throw e;
    }
    return playground;
  }

  private void watch() {
    KubernetesClient src = source.client();
    KubernetesClient tgt = target.client();
    informers.add(src.namespaces().inform(onAnyChange()));
    informers.add(tgt.namespaces().inform(onAnyChange()));
    informers.add(src.rbac().roles().inAnyNamespace().inform(onAnyChange()));
    informers.add(src.rbac().roleBindings().inAnyNamespace().inform(onAnyChange()));
    informers.add(src.rbac().clusterRoles().inform(onAnyChange()));
    informers.add(src.rbac().clusterRoleBindings().inform(onAnyChange()));
  }

  private <T extends HasMetadata> ResourceEventHandler<T> onAnyChange() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        schedule();
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        schedule();
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        // grants stay (class comment); a deleted namespace needs nothing
      }
    };
  }

  private void schedule() {
    if (queued.compareAndSet(false, true)) {
      passes.execute(() -> {
        queued.set(false);
        reconcileReporting();
      });
    }
  }

  private void reconcileReporting() {
    try {
      reconcile();
    } catch (KubernetesClientException e) {
      // The next change retries; RBAC objects only, nothing secret in the message.
      LOG.warn("sandbox playground: could not bring the migrator's scope up to date: HTTP {} {}", e.getCode(),
          e.getStatus() == null ? "" : e.getStatus().getReason());
    }
  }

  /** One pass: the migrator in scope in every unprotected namespace of both clusters, and its grants on the target. */
  synchronized void reconcile() {
    Set<String> targetNamespaces = inScope(target);
    inScope(source);
    KubernetesClient src = source.client();
    List<HasMetadata> grants = mirrorGrants(src.rbac().roles().inAnyNamespace().list().getItems(),
        src.rbac().clusterRoles().list().getItems(), src.rbac().roleBindings().inAnyNamespace().list().getItems(),
        src.rbac().clusterRoleBindings().list().getItems(), protectedIdentities, targetNamespaces);
    KubernetesClient tgt = target.client();
    Map<String, Role> roles = tgt.rbac().roles().inAnyNamespace().withLabel(LABEL).list().getItems().stream()
        .collect(Collectors.toMap(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName(),
            Function.identity()));
    Map<String, ClusterRole> clusterRoles = tgt.rbac().clusterRoles().withLabel(LABEL).list().getItems().stream()
        .collect(Collectors.toMap(r -> r.getMetadata().getName(), Function.identity()));
    for (HasMetadata grant : grants) {
      String key = grant.getMetadata().getNamespace() + "/" + grant.getMetadata().getName();
      boolean unchanged = grant instanceof Role role && roles.containsKey(key)
          && Objects.equals(roles.get(key).getRules(), role.getRules())
          || grant instanceof ClusterRole clusterRole && clusterRoles.containsKey(grant.getMetadata().getName())
          && Objects.equals(clusterRoles.get(grant.getMetadata().getName()).getRules(), clusterRole.getRules());
      boolean bindingOfUnchangedRole = (grant instanceof RoleBinding && roles.containsKey(key))
          || (grant instanceof ClusterRoleBinding && clusterRoles.containsKey(grant.getMetadata().getName()));
      if (!unchanged && !bindingOfUnchangedRole) {
        tgt.resource(grant).createOr(NonDeletingOperation::update);
      }
    }
  }

  /** Applies deploy/remote/namespace where it is missing; returns the cluster's unprotected, active namespaces. */
  private Set<String> inScope(SandboxCluster cluster) {
    KubernetesClient admin = cluster.client();
    Set<String> active = new java.util.LinkedHashSet<>();
    for (Namespace ns : admin.namespaces().list().getItems()) {
      String name = ns.getMetadata().getName();
      if (protectedIdentities.isProtected(name) || ns.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      active.add(name);
      if (admin.rbac().roleBindings().inNamespace(name).withName(SandboxIdentities.MIGRATOR_SERVICE_ACCOUNT)
          .get() == null) {
        SandboxIdentities.apply(admin, MIGRATOR_ROLE_FILE, name);
      }
    }
    return active;
  }

  /**
   * The migrator's grants on the target: for each source binding of a ServiceAccount of an unprotected namespace,
   * the bound role's rules — a Role and RoleBinding in the binding's namespace (when it exists on the target, in
   * {@code targetNamespaces}; non-resource rules have no place in a Role), or a ClusterRole and ClusterRoleBinding
   * for a ClusterRoleBinding. Bindings of the migrator's own role, and of roles that do not exist, grant nothing.
   */
  static List<HasMetadata> mirrorGrants(List<Role> roles, List<ClusterRole> clusterRoles,
      List<RoleBinding> roleBindings, List<ClusterRoleBinding> clusterRoleBindings,
      ProtectedIdentities protectedIdentities, Set<String> targetNamespaces) {
    List<HasMetadata> grants = new ArrayList<>();
    for (RoleBinding binding : roleBindings) {
      String ns = binding.getMetadata().getNamespace();
      if (protectedIdentities.isProtected(ns) || !targetNamespaces.contains(ns)
          || !movable(binding.getSubjects(), ns, protectedIdentities)
          || ProtectedIdentities.MIGRATOR_ROLE.equals(binding.getRoleRef().getName())) {
        continue;
      }
      Optional<List<PolicyRule>> rules = "ClusterRole".equals(binding.getRoleRef().getKind())
          ? clusterRoles.stream().filter(r -> named(r, binding.getRoleRef().getName(), null)).findFirst()
              .map(ClusterRole::getRules)
          : roles.stream().filter(r -> named(r, binding.getRoleRef().getName(), ns)).findFirst().map(Role::getRules);
      List<PolicyRule> resourceRules = rules.orElse(List.of()).stream()
          .filter(r -> r.getNonResourceURLs() == null || r.getNonResourceURLs().isEmpty()).map(SandboxPlayground::copy)
          .toList();
      if (resourceRules.isEmpty()) {
        continue;
      }
      String name = GRANT_PREFIX + binding.getMetadata().getName();
      grants.add(new RoleBuilder().withMetadata(meta(name, ns)).withRules(resourceRules).build());
      grants.add(new RoleBindingBuilder().withMetadata(meta(name, ns)).withNewRoleRef(RBAC, "Role", name)
          .withSubjects(migrator()).build());
    }
    for (ClusterRoleBinding binding : clusterRoleBindings) {
      if (!movable(binding.getSubjects(), null, protectedIdentities)
          || ProtectedIdentities.MIGRATOR_ROLE.equals(binding.getRoleRef().getName())) {
        continue;
      }
      List<PolicyRule> rules = clusterRoles.stream().filter(r -> named(r, binding.getRoleRef().getName(), null))
          .findFirst().map(ClusterRole::getRules).orElse(List.of()).stream().map(SandboxPlayground::copy).toList();
      if (rules.isEmpty()) {
        continue;
      }
      String name = GRANT_PREFIX + binding.getMetadata().getName();
      grants.add(new ClusterRoleBuilder().withMetadata(meta(name, null)).withRules(rules).build());
      grants.add(new ClusterRoleBindingBuilder().withMetadata(meta(name, null))
          .withNewRoleRef(RBAC, "ClusterRole", name).withSubjects(migrator()).build());
    }
    return grants;
  }

  /** Whether a subject is a ServiceAccount of an unprotected namespace (a RoleBinding's own when it names none). */
  private static boolean movable(List<Subject> subjects, String bindingNamespace, ProtectedIdentities protectedIds) {
    return subjects != null && subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
        && !protectedIds.isProtected(s.getNamespace() != null ? s.getNamespace() : bindingNamespace)
        && (s.getNamespace() != null || bindingNamespace != null));
  }

  private static boolean named(HasMetadata o, String name, String namespace) {
    return name.equals(o.getMetadata().getName()) && Objects.equals(namespace, o.getMetadata().getNamespace());
  }

  private static PolicyRule copy(PolicyRule r) {
    return new PolicyRuleBuilder().withApiGroups(r.getApiGroups()).withResources(r.getResources())
        .withResourceNames(r.getResourceNames()).withNonResourceURLs(r.getNonResourceURLs()).withVerbs(r.getVerbs())
        .build();
  }

  private static ObjectMeta meta(String name, String namespace) {
    return new ObjectMetaBuilder().withName(name).withNamespace(namespace)
        .withLabels(Map.of(LABEL, "true", "app.kubernetes.io/part-of", "cutover-sandbox")).build();
  }

  private static Subject migrator() {
    Subject s = new Subject();
    s.setKind("ServiceAccount");
    s.setName(SandboxIdentities.MIGRATOR_SERVICE_ACCOUNT);
    s.setNamespace(ProtectedIdentities.MIGRATOR_NAMESPACE);
    return s;
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    passes.shutdownNow();
  }
}
