package io.cutover.real;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.realcluster.KubeBinaries;
import io.cutover.realcluster.RealCluster;
import io.cutover.sandbox.SandboxCluster;
import io.cutover.testing.Kubectl;
import io.cutover.testing.KubectlCreates;
import io.cutover.testing.KubectlCreates.Create;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same {@code kubectl create <kind>} commands ({@link KubectlCreates}, each a protobuf body) with the real
 * cluster's own kubectl against one real control plane and against a sandbox: both succeed and store the same
 * object, but for what the API server assigns (uid, resourceVersion, timestamps, managed fields) and the
 * {@link #ACCEPTED} differences: defaults the sandbox does not apply (docs/design.md, "The sandbox", 101).
 */
@RealClusterTest
class KubectlCreateOnARealClusterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What kube-apiserver sets on every object it stores, to values of its own. */
  private static final List<String> ASSIGNED = List.of("uid", "resourceVersion", "creationTimestamp",
      "managedFields");

  /** A field the sandbox stores differently, by the API path it appears under ("" for all), and why. */
  record Accepted(String pathSuffix, String pointer, String reason) {}

  /**
   * The accepted differences (docs/design.md, "The sandbox", 101), removed from both sides, so a sandbox that
   * learns one still compares equal.
   */
  static final List<Accepted> ACCEPTED = List.of(
      new Accepted("", "/metadata/generation", "fabric8's mock sets generation 1 on every object it creates; "
          + "kube-apiserver sets none on these kinds"));

  static RealCluster real;
  static SandboxCluster sandbox;
  static Kubectl kubectl;
  static KubectlCreates creates;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    KubeBinaries binaries = KubeBinaries.locate(Path.of(""));
    real = RealCluster.start("kubectl-create", dir, binaries);
    sandbox = SandboxCluster.start("kubectl-create");
    kubectl = new Kubectl(dir, binaries.path("kubectl"));
    creates = new KubectlCreates(dir);
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
    if (real != null) {
      real.close();
    }
  }

  @Test
  void everyKubectlCreateStoresTheSameObjectOnTheSandboxAsOnTheRealCluster() throws Exception {
    Path sandboxConfig = Files.writeString(dir.resolve("sandbox.kubeconfig"), sandbox.kubeconfig("sandbox"));
    List<String> differences = new ArrayList<>();
    java.util.Set<Accepted> stillDifferent = new java.util.HashSet<>();
    for (Create create : creates.all()) {
      String[] args = create.args().toArray(String[]::new);
      String onReal = kubectl.ok(real.kubeconfig(), args).out();
      String onSandbox = kubectl.ok(sandboxConfig, args).out();
      assertThat(onSandbox).as("kubectl %s prints", create.args()).isEqualTo(onReal);
      String realJson = real.client().raw(create.path());
      String sandboxJson = sandbox.client().raw(create.path());
      for (Accepted accepted : ACCEPTED) {
        JsonNode onRealCluster = JSON.readTree(realJson).at(accepted.pointer());
        if (create.path().endsWith(accepted.pathSuffix())
            && !onRealCluster.equals(JSON.readTree(sandboxJson).at(accepted.pointer()))) {
          stillDifferent.add(accepted);
        }
      }
      JsonNode fromReal = comparable(create.path(), realJson);
      JsonNode fromSandbox = comparable(create.path(), sandboxJson);
      if (!fromReal.equals(fromSandbox)) {
        differences.add(create.path() + "\n  real:    " + fromReal + "\n  sandbox: " + fromSandbox);
      }
    }
    assertThat(differences).as("objects stored differently").isEmpty();
    assertThat(stillDifferent).as("every accepted difference is still one (else drop it here and in design.md)")
        .containsExactlyInAnyOrderElementsOf(ACCEPTED);
  }

  /** The stored object without what the server assigns, the accepted differences, and empty or null fields. */
  static JsonNode comparable(String path, String stored) throws IOException {
    ObjectNode object = (ObjectNode) JSON.readTree(stored);
    ((ObjectNode) object.path("metadata")).remove(ASSIGNED);
    ACCEPTED.stream().filter(a -> path.endsWith(a.pathSuffix())).forEach(a -> remove(object, a.pointer()));
    dropEmpty(object);
    return object;
  }

  private static void remove(ObjectNode object, String pointer) {
    int last = pointer.lastIndexOf('/');
    JsonNode parent = object.at(pointer.substring(0, last));
    if (parent instanceof ObjectNode parentObject) {
      parentObject.remove(pointer.substring(last + 1));
    }
  }

  /** Go writes {@code "rules": null} where a field is not {@code omitempty}; absent, null and empty are the same. */
  private static boolean dropEmpty(JsonNode node) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        if (dropEmpty(fields.next().getValue())) {
          fields.remove();
        }
      }
      return node.isEmpty();
    }
    if (node.isArray()) {
      node.forEach(KubectlCreateOnARealClusterTest::dropEmpty);
      return node.isEmpty();
    }
    return node.isNull();
  }
}
