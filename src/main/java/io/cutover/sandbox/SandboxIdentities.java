package io.cutover.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * The least-privilege identities the sandbox's own operator and migrator run as, from the RBAC Cutover ships: on the
 * control cluster the chart's ServiceAccount {@code cutover-system/cutover} with the chart's RBAC (deploy/cutover.yaml,
 * rendered from helm/cutover, and deploy/kubeconfig-secrets-role.yaml); on a source or target cluster
 * {@code cutover-system/cutover-migrator} of deploy/remote, with deploy/remote/namespace per namespace in scope. The
 * manifests are copies of deploy/ bundled at build time ({@value #BUNDLE}); only their ServiceAccounts, roles and
 * bindings are applied (no Deployment: the operator runs in this process). Tokens are TokenRequests of a year.
 */
public final class SandboxIdentities {

  static final String BUNDLE = "/deploy/";
  public static final String OPERATOR_SERVICE_ACCOUNT = "cutover";
  public static final String MIGRATOR_SERVICE_ACCOUNT = "cutover-migrator";
  private static final Set<String> KINDS = Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role",
      "RoleBinding");
  private static final long YEAR_SECONDS = 365L * 24 * 3600;

  private SandboxIdentities() {
  }

  /** Applies the chart's RBAC to {@code control} and returns a token of the operator's ServiceAccount. */
  public static String operator(SandboxCluster control) {
    KubernetesClient admin = control.client();
    apply(admin, "cutover.yaml", null);
    apply(admin, "kubeconfig-secrets-role.yaml", null);
    return token(admin, OPERATOR_SERVICE_ACCOUNT);
  }

  /**
   * Applies deploy/remote to {@code remote}, and deploy/remote/namespace in each of {@code namespaces} (created when
   * missing), and returns a token of the migrator's ServiceAccount.
   */
  public static String migrator(SandboxCluster remote, List<String> namespaces) {
    KubernetesClient admin = remote.client();
    apply(admin, "remote/migrator.yaml", null);
    for (String namespace : namespaces) {
      migratorIn(remote, namespace);
    }
    return token(admin, MIGRATOR_SERVICE_ACCOUNT);
  }

  /** deploy/remote/namespace in {@code namespace} of {@code remote} (created when missing). */
  public static void migratorIn(SandboxCluster remote, String namespace) {
    KubernetesClient admin = remote.client();
    if (admin.namespaces().withName(namespace).get() == null) {
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    apply(admin, "remote/namespace/migrator-role.yaml", namespace);
  }

  /** The bundled copy of a file of deploy/, as the jar carries it. */
  static InputStream bundled(String file) {
    InputStream in = SandboxIdentities.class.getResourceAsStream(BUNDLE + file);
    if (in == null) {
      throw new IllegalStateException("missing classpath resource " + BUNDLE + file);
    }
    return in;
  }

  /** The ServiceAccounts, roles and bindings of a bundled file, in {@code namespace} when it is not null. */
  static void apply(KubernetesClient admin, String file, String namespace) {
    try (InputStream in = bundled(file)) {
      for (HasMetadata item : admin.load(in).items()) {
        if (item.getKind().equals("Namespace")) {
          admin.resource(item).createOr(NonDeletingOperation::update);
        }
        if (!KINDS.contains(item.getKind())) {
          continue;
        }
        if (namespace != null) {
          item.getMetadata().setNamespace(namespace);
        }
        admin.resource(item).createOr(NonDeletingOperation::update);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled " + file, e);
    }
  }

  private static String token(KubernetesClient admin, String serviceAccount) {
    return admin.serviceAccounts().inNamespace(Sandbox.OPERATOR_NAMESPACE).withName(serviceAccount)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(YEAR_SECONDS).endSpec().build())
        .getStatus().getToken();
  }
}
