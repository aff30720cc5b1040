package io.cutover.real;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.testing.RawHttp;
import io.cutover.testing.RawHttp.Answer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * One side of the conformance suite: a cluster's administrator client, and raw HTTP through that client's own HTTP
 * client, so a body reaches the server exactly as a probe wrote it (as {@code RealCrdAdmissionTest} sends its rows).
 */
record ConformanceTarget(String name, KubernetesClient admin, String issuer) {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String MERGE_PATCH = "application/merge-patch+json";


  Answer get(String path) {
    return send("GET", path, null, null);
  }

  Answer post(String path, JsonNode body) {
    return send("POST", path, body, "application/json");
  }

  Answer put(String path, JsonNode body) {
    return send("PUT", path, body, "application/json");
  }

  Answer mergePatch(String path, JsonNode body) {
    return send("PATCH", path, body, MERGE_PATCH);
  }

  Answer delete(String path, JsonNode options) {
    return send("DELETE", path, options == null ? JSON.createObjectNode() : options, "application/json");
  }

  /** Sends {@code body} as written; waits up to 60 s (a watch with {@code timeoutSeconds} returns when it ends). */
  Answer send(String method, String path, JsonNode body, String contentType) {
    return send(method, path, body, contentType, java.util.Map.of());
  }

  /** The same as the administrator impersonating {@code user} ({@code Impersonate-User}, as kubectl's --as). */
  Answer as(String user, String method, String path, JsonNode body) {
    return send(method, path, body, "application/json", java.util.Map.of("Impersonate-User", user));
  }

  private Answer send(String method, String path, JsonNode body, String contentType,
      java.util.Map<String, String> headers) {
    try {
      return RawHttp.send(admin, method, path, body, contentType, headers);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(name + ": " + e.getMessage(), e);
    }
  }


  /** Creates {@code path}'s object and returns it as stored; a refusal fails the probe (it is set-up, not a fact). */
  JsonNode create(String collection, JsonNode body) {
    Answer answer = post(collection, body);
    if (answer.code() != 201) {
      throw new IllegalStateException(name + ": set-up POST " + collection + " answered " + answer.code() + ": "
          + answer.message());
    }
    return answer.json();
  }

  /** A namespace for one probe (the same name on both sides), created new. */
  String namespace(String name) {
    ObjectNode ns = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
    ns.putObject("metadata").put("name", name);
    create("/api/v1/namespaces", ns);
    return name;
  }

  /** A ServiceAccount in {@code ns}; returns its UID. */
  String serviceAccount(String ns, String name) {
    return create("/api/v1/namespaces/" + ns + "/serviceaccounts", object("v1", "ServiceAccount", ns, name))
        .at("/metadata/uid").asText();
  }

  static ObjectNode object(String apiVersion, String kind, String ns, String name) {
    ObjectNode o = JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
    ObjectNode meta = o.putObject("metadata").put("name", name);
    if (ns != null) {
      meta.put("namespace", ns);
    }
    return o;
  }

  /**
   * Whether {@code condition} holds within {@code bound}, polled every 100 ms by Awaitility (the probes' only waits:
   * what a controller or cache does in its own time; the bound is part of the fact's name).
   */
  static boolean within(Duration bound, java.util.concurrent.Callable<Boolean> condition) {
    try {
      await().atMost(bound).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(condition);
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }
}
