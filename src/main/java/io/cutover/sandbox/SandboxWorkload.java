package io.cutover.sandbox;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * The demo workload identity on a source cluster: {@code payments/payments-api} with a legacy token Secret, a
 * namespaced Role and a ClusterRole bound to it, and a Deployment and a Pod running as it. Nothing secret is written in
 * plain text: the legacy token is minted by the cluster's token controller.
 */
public final class SandboxWorkload {

  public static final String NAMESPACE = "payments";
  public static final String SERVICE_ACCOUNT = "payments-api";
  public static final String LEGACY_TOKEN_SECRET = "payments-api-token-legacy";

  private SandboxWorkload() {
  }

  public static void seedDemo(KubernetesClient source) {
    Map<String, String> labels = Map.of("app.kubernetes.io/name", "payments-api", "app.kubernetes.io/part-of", "payments");
    source.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    source.serviceAccounts().inNamespace(NAMESPACE).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName(SERVICE_ACCOUNT).withNamespace(NAMESPACE).withLabels(labels).endMetadata().build()).create();
    source.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata()
        .withName(LEGACY_TOKEN_SECRET).withNamespace(NAMESPACE).withLabels(labels)
        .withAnnotations(Map.of(LegacyTokenController.NAME_ANNOTATION, SERVICE_ACCOUNT)).endMetadata()
        .withType(LegacyTokenController.TYPE).build()).create();
    source.rbac().roles().inNamespace(NAMESPACE).resource(new RoleBuilder().withNewMetadata()
        .withName("payments-reader").withNamespace(NAMESPACE).withLabels(labels).endMetadata()
        .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("configmaps", "secrets")
                .withResourceNames("payments-config").withVerbs("get", "list", "watch").build(),
            new PolicyRuleBuilder().withApiGroups("").withResources("pods").withVerbs("get", "list").build())
        .build()).create();
    source.rbac().roleBindings().inNamespace(NAMESPACE).resource(new RoleBindingBuilder().withNewMetadata()
        .withName("payments-reader").withNamespace(NAMESPACE).withLabels(labels).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", "payments-reader")
        .addNewSubject().withKind("ServiceAccount").withName(SERVICE_ACCOUNT).withNamespace(NAMESPACE).endSubject()
        .build()).create();
    source.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata()
        .withName("payments-node-reader").withLabels(labels).endMetadata()
        .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("nodes").withVerbs("get", "list").build())
        .build()).create();
    source.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
        .withName("payments-node-reader").withLabels(labels).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "payments-node-reader")
        .addNewSubject().withKind("ServiceAccount").withName(SERVICE_ACCOUNT).withNamespace(NAMESPACE).endSubject()
        .build()).create();
    source.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder().withNewMetadata()
        .withName("payments-api").withNamespace(NAMESPACE).withLabels(labels).endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(labels).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withSpec(podSpec()).endTemplate()
        .endSpec().build()).create();
    source.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata()
        .withName("payments-api-0").withNamespace(NAMESPACE).withLabels(labels).endMetadata()
        .withSpec(podSpec()).build()).create();
  }

  private static PodSpec podSpec() {
    return new PodSpecBuilder().withServiceAccountName(SERVICE_ACCOUNT)
        .addNewContainer().withName("api").withImage("registry.example/payments-api:1.4.2")
        .addNewPort().withContainerPort(8080).withName("http").endPort()
        .addNewEnv().withName("PAYMENTS_CONFIG").withValue("/etc/payments/config.yaml").endEnv()
        .endContainer().build();
  }
}
