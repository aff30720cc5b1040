package io.cutover.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.cutover.config.CrdManifest;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three sandbox clusters: {@code control} (where the operator and its ServiceAccountMigrations live), {@code source}
 * and {@code target}. The kubeconfigs of all three are written to a directory, and the control cluster holds the
 * source's and target's in Secrets {@code cutover-system/source-kubeconfig} and {@code target-kubeconfig} (key
 * {@code kubeconfig}), as a migration references them: the administrator's until {@link #leastPrivilege} puts the
 * shipped migrator's in them. Every {@link SandboxCluster} authenticates and authorizes its callers.
 */
public final class Sandbox implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
  public static final String OPERATOR_NAMESPACE = "cutover-system";
  /** The sandbox's administrator ({@code system:masters}): its kubeconfigs and clients ({@code kubectl auth whoami}). */
  public static final String ADMIN_USER = "sandbox-admin";
  /** The playground's MigrationPolicy ({@link SandboxPolicies#grantPlayground}). */
  public static final String PLAYGROUND_POLICY = "sandbox";

  private final SandboxCluster control;
  private final SandboxCluster source;
  private final SandboxCluster target;

  private Sandbox(SandboxCluster control, SandboxCluster source, SandboxCluster target) {
    this.control = control;
    this.source = source;
    this.target = target;
  }

  /** Starts control, source and target and writes {@code <name>.kubeconfig} for each into {@code kubeconfigDir}. */
  public static Sandbox start(Path kubeconfigDir) {
    List<SandboxCluster> started = new ArrayList<>();
    try {
      for (String name : List.of("control", "source", "target")) {
        started.add(SandboxCluster.start(name));
      }
      Sandbox sandbox = new Sandbox(started.get(0), started.get(1), started.get(2));
      sandbox.prepare(kubeconfigDir);
      return sandbox;
    } catch (RuntimeException e) {
      started.forEach(SandboxCluster::close);
      throw e;
    }
  }

  private void prepare(Path kubeconfigDir) {
    try {
      Files.createDirectories(kubeconfigDir);
      for (SandboxCluster cluster : List.of(control, source, target)) {
        Files.writeString(kubeconfigDir.resolve(cluster.name() + ".kubeconfig"), cluster.kubeconfig(cluster.name()),
            StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sandbox kubeconfigs", e);
    }
    var client = control.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(OPERATOR_NAMESPACE).endMetadata()
        .build()).create();
    for (SandboxCluster cluster : List.of(source, target)) {
      client.secrets().inNamespace(OPERATOR_NAMESPACE).resource(new SecretBuilder()
          .withNewMetadata().withName(cluster.name() + "-kubeconfig").withNamespace(OPERATOR_NAMESPACE)
          .withLabels(Map.of("app.kubernetes.io/part-of", "cutover-sandbox")).endMetadata()
          .withType("Opaque")
          .withStringData(Map.of("kubeconfig", cluster.kubeconfig(cluster.name())))
          .build()).create();
    }
    // The CRDs as committed in crds/ (generated from the API classes, printer columns in kubectl's order).
    for (var crd : CrdManifest.all()) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
  }

  /**
   * Makes the operator and the migrator hold only the RBAC Cutover ships ({@link SandboxIdentities}): the migrator of
   * deploy/remote on source and target, in scope in {@code namespaces} there, whose tokens replace the administrator's
   * in the kubeconfig Secrets; and returns a client to control as the chart's ServiceAccount, for the operator. The
   * caller closes it.
   */
  public KubernetesClient leastPrivilege(List<String> namespaces) {
    String operatorToken = SandboxIdentities.operator(control);
    for (SandboxCluster cluster : List.of(source, target)) {
      String token = SandboxIdentities.migrator(cluster, namespaces);
      String kubeconfig = cluster.kubeconfig(cluster.name(), SandboxIdentities.MIGRATOR_SERVICE_ACCOUNT, token);
      control.client().secrets().inNamespace(OPERATOR_NAMESPACE).withName(cluster.name() + "-kubeconfig")
          .edit(secret -> new SecretBuilder(secret).withData(null)
              .withStringData(Map.of("kubeconfig", kubeconfig)).build());
    }
    return control.clientWithToken(operatorToken);
  }

  public SandboxCluster control() {
    return control;
  }

  public SandboxCluster source() {
    return source;
  }

  public SandboxCluster target() {
    return target;
  }

  @Override
  public void close() {
    for (SandboxCluster cluster : List.of(target, source, control)) {
      cluster.close();
    }
  }
}
