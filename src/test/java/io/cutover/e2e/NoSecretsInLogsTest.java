package io.cutover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.Ownership;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.SecretKeyRef;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.config.CutoverOperator;
import io.cutover.e2e.E2eEnvironment.Identity;
import io.cutover.sandbox.Sandbox;
import io.cutover.sandbox.SandboxCluster;
import io.cutover.testing.TraceCapture;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 5 (issue 3 item 8): with every logger at TRACE — fabric8's HTTP logging, JOSDK and Cutover included — a
 * migration that completes, one that rolls back, one that fails and one whose kubeconfig is refused put no issued
 * token, canary token, legacy token or kubeconfig credential (bearer token, client key, client certificate) in any log
 * line, exception, Kubernetes Event, migration status or metrics scrape. The operator's clients are built as the operator command
 * builds them; the kubeconfig Secrets carry a bearer token the sandbox accepts (it authenticates no caller).
 */
class NoSecretsInLogsTest {
  private static final String CLIENT_KEY = "client-key-" + UUID.randomUUID();
  private static final String CLIENT_CERT = "client-cert-" + UUID.randomUUID();

  @TempDir
  Path dir;

  static String line(ILoggingEvent event) {
    String throwable = event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy());
    return event.getLoggerName() + " " + event.getMDCPropertyMap() + " " + event.getFormattedMessage() + " " + throwable;
  }

  @Test
  void withEveryLoggerAtTraceNoTokenOrKubeconfigCredentialAppearsInLogsEventsStatusOrExceptions() {
    try (E2eEnvironment env = E2eEnvironment.startWithoutOperator(dir);
        KubernetesClient operatorClient = E2eEnvironment.productionClient(env.sandbox.control());
        KubernetesClient control = E2eEnvironment.productionClient(env.sandbox.control());
        KubernetesClient source = E2eEnvironment.productionClient(env.sandbox.source());
        KubernetesClient target = E2eEnvironment.productionClient(env.sandbox.target())) {
      Set<String> secrets = new LinkedHashSet<>(List.of(CLIENT_KEY, CLIENT_CERT));
      for (SandboxCluster cluster : List.of(env.sandbox.control(), env.sandbox.source(), env.sandbox.target())) {
        secrets.add(cluster.adminToken()); // what every client here presents
      }
      String sourceBearer = bearer(env.sandbox.source());
      String targetBearer = bearer(env.sandbox.target());
      secrets.add(sourceBearer);
      secrets.add(targetBearer);
      secrets.add(kubeconfigSecret(env, "source-kubeconfig-bearer", env.sandbox.source(), bearerUser(sourceBearer)));
      secrets.add(kubeconfigSecret(env, "target-kubeconfig-bearer", env.sandbox.target(), bearerUser(targetBearer)));
      secrets.add(kubeconfigSecret(env, "target-kubeconfig-clientkey", env.sandbox.target(), "    client-certificate-data: "
          + b64("-----BEGIN CERTIFICATE-----\n" + b64(CLIENT_CERT) + "\n-----END CERTIFICATE-----\n")
          + "\n    client-key-data: "
          + b64("-----BEGIN PRIVATE KEY-----\n" + b64(CLIENT_KEY) + "\n-----END PRIVATE KEY-----\n") + "\n"));
      Identity happy = env.seedIdentity("trace-happy", "pay-api");
      Identity rollback = env.seedIdentity("trace-rollback", "pay-api");
      Identity refused = env.seedIdentity("trace-refused", "pay-api");
      Identity missing = new Identity("trace-missing", "ghost", "ghost-token-legacy", "ghost-reader", "ghost-reader");
      for (Identity id : List.of(happy, rollback, refused)) {
        secrets.add(env.legacyToken(id).orElseThrow());
      }

      // Thousands of TRACE lines are captured, not printed.
      TraceCapture capture = TraceCapture.start();
      List<String> statuses = new ArrayList<>();
      List<String> scrape = new ArrayList<>();
      try {
        env.startOperator(operatorClient, new CutoverOperator.Options(Set.of(), null, 10, false));
        create(control, env.migration("trace-happy", happy, spec -> bearer(spec)));
        create(control, env.migration("trace-rollback", rollback, spec -> {
          bearer(spec);
          spec.getDualRun().setWindow("3s");
          spec.getDualRun().setOnDeadline(DualRunSpec.OnDeadline.Rollback);
        }));
        create(control, env.migration("trace-missing", missing, spec -> bearer(spec)));
        create(control, env.migration("trace-refused", refused, spec -> {
          bearer(spec);
          spec.getTarget().getCluster().setKubeconfigSecretRef(new SecretKeyRef("target-kubeconfig-clientkey", "kubeconfig"));
        }));

        // Collect every token the migrations write (delivered, proof and canary Secrets) while they exist.
        Map<String, Predicate<ServiceAccountMigration>> done = Map.of(
            "trace-happy", s -> phase(s) == Phase.Completed,
            "trace-rollback", s -> phase(s) == Phase.RolledBack,
            "trace-missing", s -> phase(s) == Phase.Failed,
            "trace-refused", E2eEnvironment.readyReason("KubeconfigInvalid"));
        long started = System.nanoTime();
        Map<String, String> lastSeen = new java.util.concurrent.ConcurrentHashMap<>();
        try {
          org.awaitility.Awaitility.await("all four scenarios settle").atMost(Duration.ofSeconds(90))
              .pollInterval(Duration.ofMillis(500)).until(() -> {
                for (KubernetesClient cluster : List.of(source, target)) {
                  for (Secret s : cluster.secrets().inAnyNamespace().withLabel(Ownership.MIGRATION_UID_LABEL).list().getItems()) {
                    if (s.getData() != null && s.getData().get(Ownership.TOKEN_KEY) != null) {
                      secrets.add(E2eEnvironment.decode(s.getData().get(Ownership.TOKEN_KEY)));
                    }
                  }
                }
                done.keySet().forEach(n -> {
                  ServiceAccountMigration sam = get(control, n);
                  lastSeen.put(n, phase(sam) + " " + E2eEnvironment.condition(sam, "Ready").map(c -> c.getReason()).orElse(""));
                });
                return done.entrySet().stream().allMatch(e -> e.getValue().test(get(control, e.getKey())));
              });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          throw new AssertionError("scenarios did not settle; last seen " + lastSeen, e);
        }
        System.out.printf("no secrets at TRACE: four scenarios settled in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        scrape.add(env.operator().metrics().scrape());
        for (String name : done.keySet()) {
          statuses.add(control.getKubernetesSerialization().asJson(get(control, name)));
        }
      } finally {
        env.stopOperator();
        capture.close();
      }
      // The sandbox's request handling plays kube-apiserver, whose own logs are the cluster's business, not the
      // operator's: the fabric8 mock server logs the objects it serves at TRACE. Everything else is the operator's.
      Predicate<ILoggingEvent> apiServer = e -> e.getLoggerName().startsWith("io.fabric8.kubernetes.client.server.mock")
          || e.getLoggerName().startsWith("io.fabric8.mockwebserver");
      List<String> lines = capture.events().stream().filter(apiServer.negate()).map(NoSecretsInLogsTest::line).toList();
      List<String> events = new ArrayList<>();
      for (SandboxCluster cluster : List.of(env.sandbox.control(), env.sandbox.source(), env.sandbox.target())) {
        cluster.client().v1().events().inAnyNamespace().list().getItems()
            .forEach(e -> events.add(cluster.client().getKubernetesSerialization().asJson(e)));
      }

      long deliveredOrCanary = secrets.stream().filter(s -> E2eEnvironment.JWT.matcher(s).find()).count();
      assertThat(deliveredOrCanary).as("legacy, delivered and canary tokens collected").isGreaterThanOrEqualTo(5);
      assertThat(lines).as("TRACE reached fabric8's HTTP layer, JOSDK and Cutover")
          .anyMatch(l -> l.startsWith("io.cutover.cluster.http ") && l.contains("/token"))
          .anyMatch(l -> l.startsWith("io.javaoperatorsdk"))
          .anyMatch(l -> l.contains("trace-happy") && l.contains("-> Completed"))
          .anyMatch(l -> l.contains("KubeconfigInvalid") || l.contains("does not hold a usable kubeconfig"));
      assertThat(statuses.get(0)).as("status reports the refused kubeconfig without quoting it").isNotEmpty();
      List<String> encoded = secrets.stream().map(NoSecretsInLogsTest::b64).toList();
      List<String> leaks = new ArrayList<>();
      assertThat(events).as("the operator records Events").isNotEmpty();
      assertThat(scrape).singleElement().asString().contains("cutover_");
      for (var where : Map.of("log line", lines, "Kubernetes Event", events, "migration status", statuses,
          "metrics scrape", scrape).entrySet()) {
        for (String text : where.getValue()) {
          boolean leak = E2eEnvironment.JWT.matcher(text).find() || secrets.stream().anyMatch(text::contains)
              || encoded.stream().anyMatch(text::contains);
          if (leak) {
            // The offending text is shown with every secret masked, so a failing run does not leak them either.
            String masked = E2eEnvironment.JWT.matcher(text).replaceAll("<JWT>");
            for (String secret : secrets) {
              masked = masked.replace(secret, "<SECRET>");
            }
            for (String secret : encoded) {
              masked = masked.replace(secret, "<BASE64 SECRET>");
            }
            leaks.add(where.getKey() + ": " + masked.substring(0, Math.min(masked.length(), 600)));
          }
        }
      }
      assertThat(lines.size()).as("log lines checked").isGreaterThan(100);
      assertThat(leaks).as("secret material in logs, exceptions, Events or status").isEmpty();
    }
  }

  private static Phase phase(ServiceAccountMigration s) {
    return s == null || s.getStatus() == null ? null : s.getStatus().getPhase();
  }

  private static ServiceAccountMigration get(KubernetesClient control, String name) {
    return control.resources(ServiceAccountMigration.class).inNamespace(Sandbox.OPERATOR_NAMESPACE).withName(name).get();
  }

  private static void create(KubernetesClient control, ServiceAccountMigration sam) {
    control.resources(ServiceAccountMigration.class).inNamespace(Sandbox.OPERATOR_NAMESPACE).resource(sam).create();
  }

  private static void bearer(io.cutover.api.v1alpha1.ServiceAccountMigrationSpec spec) {
    spec.getSource().getCluster().setKubeconfigSecretRef(new SecretKeyRef("source-kubeconfig-bearer", "kubeconfig"));
    spec.getTarget().getCluster().setKubeconfigSecretRef(new SecretKeyRef("target-kubeconfig-bearer", "kubeconfig"));
  }

  /**
   * A bearer token the cluster accepts, of a ServiceAccount of its own bound to cluster-admin (the sandbox authenticates
   * every request: a made-up token would be 401).
   */
  private static String bearer(SandboxCluster cluster) {
    KubernetesClient admin = cluster.client();
    admin.serviceAccounts().inNamespace(Sandbox.OPERATOR_NAMESPACE).resource(
        new io.fabric8.kubernetes.api.model.ServiceAccountBuilder().withNewMetadata().withName("trace-migrator")
            .withNamespace(Sandbox.OPERATOR_NAMESPACE).endMetadata().build()).createOr(
        io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
    admin.rbac().clusterRoleBindings().resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder()
        .withNewMetadata().withName("trace-migrator").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin").addNewSubject()
        .withKind("ServiceAccount").withName("trace-migrator").withNamespace(Sandbox.OPERATOR_NAMESPACE).endSubject()
        .build()).create();
    return admin.serviceAccounts().inNamespace(Sandbox.OPERATOR_NAMESPACE).withName("trace-migrator").tokenRequest(
        new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder().withNewSpec().endSpec().build())
        .getStatus().getToken();
  }

  private static String bearerUser(String token) {
    return "    token: " + token + "\n";
  }

  /** Writes the cluster's kubeconfig with {@code user} as the user's fields; returns the Secret's data value. */
  private static String kubeconfigSecret(E2eEnvironment env, String name, SandboxCluster cluster, String user) {
    String kubeconfig = cluster.kubeconfig(cluster.name()).replace("  user:\n    token: " + cluster.adminToken() + "\n",
        "  user:\n" + user);
    assertThat(kubeconfig).contains(user);
    String data = b64(kubeconfig);
    env.control.secrets().inNamespace(Sandbox.OPERATOR_NAMESPACE).resource(new SecretBuilder().withNewMetadata()
        .withName(name).withNamespace(Sandbox.OPERATOR_NAMESPACE).endMetadata().withType("Opaque")
        .withData(Map.of("kubeconfig", data)).build()).create();
    return data;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
