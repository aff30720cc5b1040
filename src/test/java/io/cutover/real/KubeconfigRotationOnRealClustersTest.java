package io.cutover.real;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.realcluster.OperatorDeployment;
import io.cutover.realcluster.RealCluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md, "Rotating a kubeconfig Secret", run as the page writes it (a shell script through bash, the
 * real kubectl) with the test clusters' names for {@code eu-old}: the migrator's kubeconfig Secret gets a fresh
 * TokenRequest token with the documented bounded lifetime, and migrations go on without a restart.
 */
@RealClusterTest
class KubeconfigRotationOnRealClustersTest {
  static final String DOC_CLUSTER = "eu-old";
  private final RealEnvironment env = RealEnvironment.get();

  @Test
  void theDocumentedRotationStoresAShortLivedMigratorTokenAndMigrationsGoOnWithoutARestart() throws Exception {
    RealCluster source = env.source;
    String secretName = OperatorDeployment.kubeconfigSecretName(source);
    Path dir = Files.createDirectories(env.work.resolve("rotation"));
    String before = kubeconfigIn(secretName);
    String oldToken = token(before);
    // The kubeconfig file the page keeps next to the commands: the one the Secret holds now.
    Files.writeString(dir.resolve(source.name() + ".kubeconfig"), before);
    // The page's two contexts: the remote cluster's administrator and, current, the control cluster's.
    Path admins = Files.createDirectories(dir.resolve("admins"));
    Path controlAdmin = admins.resolve("control.kubeconfig");
    Path sourceAdmin = admins.resolve("source.kubeconfig");
    Files.writeString(controlAdmin, Files.readString(env.control.kubeconfig())
        .replace(RealCluster.ADMIN_USER, "control-admin"));
    Files.writeString(sourceAdmin, Files.readString(source.kubeconfig())
        .replace(RealCluster.ADMIN_USER, "source-admin"));

    String script = rotationScript().replace(DOC_CLUSTER, source.name());
    ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(dir.resolve("rotation.log").toFile());
    bash.environment().put("KUBECONFIG", controlAdmin + ":" + sourceAdmin);
    bash.environment().put("PATH", env.binaries.path("kubectl").getParent() + ":" + System.getenv("PATH"));
    Process p = bash.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the rotation finished").isTrue();
    String log = Files.readString(dir.resolve("rotation.log"));
    assertThat(p.exitValue()).as("the rotation: %s", log).isZero();

    String after = kubeconfigIn(secretName);
    String newToken = token(after);
    assertThat(newToken).as("a new token").isNotEqualTo(oldToken);
    assertThat(log).as("nothing printed the token").doesNotContain(newToken);
    Config was = parse(before);
    Config is = parse(after);
    assertThat(is.getClusters()).as("only the token changed").isEqualTo(was.getClusters());
    assertThat(is.getContexts()).isEqualTo(was.getContexts());
    var review = Scenario.review(source, newToken, List.of());
    assertThat(review.getAuthenticated()).isTrue();
    assertThat(review.getUser().getUsername()).isEqualTo("system:serviceaccount:" + OperatorDeployment.NAMESPACE
        + ":" + OperatorDeployment.MIGRATOR);
    JsonNode claims = claims(newToken);
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).as("the documented --duration=24h")
        .isEqualTo(24 * 3600);

    // Migrations go on without a restart: one plans through the Secret as it is now (that a new resourceVersion gets
    // a new client is ClusterConnectorTest's; the old token stays valid until it expires, so it is not proven here).
    Scenario s = new Scenario(env, "rr-rotated", "app").seed(Scenario.CONFIGMAP_GET, Scenario.PODS)
        .grantMigratorOnTarget(Scenario.CONFIGMAP_GET, Scenario.PODS, Scenario.NODES);
    s.apply(s.migrationYaml("rr-rotated", "1m", "dryRun: true"));
    var m = s.awaitPhase("rr-rotated", Phase.Planned, Phase.Failed);
    assertThat(m.getStatus().getPhase()).as("Ready: %s", Scenario.condition(m, "Ready").map(c -> c.getMessage()))
        .isEqualTo(Phase.Planned);
    assertThat(m.getStatus().getPlan().getSourceUid()).as("the source was read with the rotated token").isNotNull();
  }

  /** The commands of the page's "Rotating a kubeconfig Secret" block, one per line. */
  static String rotationScript() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("docs/operations.md"));
    int heading = lines.indexOf("### Rotating a kubeconfig Secret");
    assertThat(heading).as("docs/operations.md has the rotation").isNotNegative();
    List<String> script = new ArrayList<>();
    boolean inBlock = false;
    for (String line : lines.subList(heading, lines.size())) {
      if (line.startsWith("```")) {
        if (inBlock) {
          break;
        }
        inBlock = line.equals("```sh");
        continue;
      }
      if (inBlock) {
        script.add(line);
      }
    }
    assertThat(script).as("the rotation's commands").hasSize(3);
    return String.join("\n", script) + "\n";
  }

  private String kubeconfigIn(String secretName) {
    Secret secret = env.control.client().secrets().inNamespace(OperatorDeployment.NAMESPACE).withName(secretName).get();
    return new String(Base64.getDecoder().decode(secret.getData().get("kubeconfig")), StandardCharsets.UTF_8);
  }

  private static Config parse(String kubeconfig) {
    return Serialization.unmarshal(kubeconfig, Config.class);
  }

  private static String token(String kubeconfig) {
    Config config = parse(kubeconfig);
    return config.getUsers().stream().filter(u -> u.getName().equals(OperatorDeployment.MIGRATOR)).findFirst()
        .orElseThrow().getUser().getToken();
  }

  private static JsonNode claims(String jwt) throws Exception {
    String payload = jwt.split("\\.")[1];
    return Serialization.jsonMapper().readTree(Base64.getUrlDecoder().decode(payload));
  }
}
