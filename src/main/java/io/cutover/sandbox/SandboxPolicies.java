package io.cutover.sandbox;

import io.cutover.api.v1alpha1.MigrationPolicy;
import io.cutover.api.v1alpha1.MigrationPolicySpec;
import io.cutover.api.v1alpha1.PolicyCluster;
import io.cutover.api.v1alpha1.PolicyScope;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.util.List;

/**
 * MigrationPolicy objects and the RBAC that grants them, as an administrator creates them: for the demo, the
 * benchmark and the tests that run the operator on the sandbox.
 */
public final class SandboxPolicies {
  /** The Role {@link #grantAuthor} creates: writing migrations in one namespace, and nothing else. */
  public static final String AUTHOR_ROLE = "cutover-migration-author";

  private SandboxPolicies() {}

  /**
   * A policy for migrations in {@code migrationNamespace} moving identities between the sandbox's source and target
   * clusters (by their kubeconfig Secrets, as the sandbox names them) within {@code namespaces}, with tokens for
   * {@code audiences}; every other option refused.
   */
  public static MigrationPolicySpec between(String migrationNamespace, List<String> namespaces, List<String> audiences) {
    MigrationPolicySpec spec = new MigrationPolicySpec();
    spec.setMigrationNamespaces(List.of(migrationNamespace));
    spec.setSource(scope(new PolicyCluster("source", "source-kubeconfig"), namespaces));
    spec.setTarget(scope(new PolicyCluster("target", "target-kubeconfig"), namespaces));
    spec.getAllow().setAudiences(new java.util.ArrayList<>(audiences));
    return spec;
  }

  /**
   * The sandbox as a playground: policy {@value Sandbox#PLAYGROUND_POLICY} lets {@value Sandbox#ADMIN_USER} (you,
   * on the sandbox) move any identity of any unprotected namespace from the sandbox's source to its target, with
   * ClusterRoles, any audience and self-approval; the other options stay refused, as everything does by default on a
   * cluster. A migration names it with {@code policy: sandbox} and {@code requester: {username: sandbox-admin}}.
   */
  public static void grantPlayground(KubernetesClient control) {
    MigrationPolicySpec spec = between(Sandbox.OPERATOR_NAMESPACE, List.of("*"), List.of("*"));
    spec.getAllow().setClusterRoles(true);
    spec.getAllow().setSelfApproval(true);
    grant(control, Sandbox.PLAYGROUND_POLICY, spec, Sandbox.ADMIN_USER, MigrationPolicy.USE, MigrationPolicy.APPROVE);
  }

  /** One side of a policy: {@code cluster}, within {@code namespaces}, any ServiceAccount name. */
  public static PolicyScope scope(PolicyCluster cluster, List<String> namespaces) {
    PolicyScope scope = new PolicyScope();
    scope.setClusters(new java.util.ArrayList<>(List.of(cluster)));
    scope.setNamespaces(new java.util.ArrayList<>(namespaces));
    return scope;
  }

  /** Creates the policy and a ClusterRole with its binding that give {@code user} the verbs on it. */
  public static void grant(KubernetesClient control, String name, MigrationPolicySpec spec, String user,
      String... verbs) {
    MigrationPolicy policy = new MigrationPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(name).build());
    policy.setSpec(spec);
    control.resources(MigrationPolicy.class).resource(policy).create();
    String role = "cutover-policy-" + name;
    control.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(role).endMetadata()
        .addNewRule().withApiGroups(ServiceAccountMigration.GROUP).withResources(MigrationPolicy.PLURAL)
        .withResourceNames(name).withVerbs(verbs).endRule().build()).create();
    control.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(role)
        .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(user).endSubject()
        .build()).create();
  }

  /**
   * Lets {@code user} create, read, change and delete migrations in {@code namespace} (Role {@value #AUTHOR_ROLE}
   * there, created once, and a RoleBinding per user), as docs/security.md says a migration author needs: no policy
   * comes with it ({@link #grant}).
   */
  public static void grantAuthor(KubernetesClient control, String namespace, String user) {
    if (control.rbac().roles().inNamespace(namespace).withName(AUTHOR_ROLE).get() == null) {
      control.rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata().withName(AUTHOR_ROLE)
          .withNamespace(namespace).endMetadata().addNewRule().withApiGroups(ServiceAccountMigration.GROUP)
          .withResources("serviceaccountmigrations")
          .withVerbs("create", "get", "list", "watch", "update", "patch", "delete").endRule().build()).create();
    }
    control.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata()
        .withName(AUTHOR_ROLE + "-" + user).withNamespace(namespace).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", AUTHOR_ROLE)
        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(user).endSubject()
        .build()).create();
  }

  /** Creates every MigrationPolicy and RBAC object of a YAML stream (examples/migration-policy.yaml). */
  public static void apply(KubernetesClient control, InputStream yaml) {
    List<HasMetadata> objects = control.getKubernetesSerialization().unmarshal(yaml);
    for (HasMetadata read : objects) {
      // A custom resource the serialization does not know by kind arrives generic.
      HasMetadata object = read instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource generic
          && "MigrationPolicy".equals(generic.getKind())
          ? control.getKubernetesSerialization().convertValue(generic, MigrationPolicy.class) : read;
      if (object instanceof MigrationPolicy policy) {
        control.resources(MigrationPolicy.class).resource(policy).create();
      } else if (object instanceof ClusterRole role) {
        control.rbac().clusterRoles().resource(role).create();
      } else if (object instanceof ClusterRoleBinding binding) {
        control.rbac().clusterRoleBindings().resource(binding).create();
      } else if (object instanceof io.fabric8.kubernetes.api.model.rbac.Role role) {
        control.rbac().roles().resource(role).create();
      } else if (object instanceof io.fabric8.kubernetes.api.model.rbac.RoleBinding binding) {
        control.rbac().roleBindings().resource(binding).create();
      } else {
        throw new IllegalArgumentException("not a policy or its grant: " + object.getKind() + " "
            + object.getMetadata().getName());
      }
    }
  }
}
