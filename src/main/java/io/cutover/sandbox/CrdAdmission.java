package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.sandbox.admission.CustomResourceAdmission;
import io.cutover.sandbox.admission.CustomResourceAdmission.Operation;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where {@link SandboxDispatcher} admits the creates, updates and status writes of custom resources (patches arrive
 * here already applied, as updates) with the stored CRD's schema ({@link CustomResourceAdmission}): a refusal is
 * kube-apiserver's 422; an admitted write goes on to the store with the pruned, defaulted object as its body, or, as
 * a dry run ({@code dryRun=All}), is answered with that object and not stored. Can be
 * switched off per cluster ({@link SandboxCluster#admission(boolean)}), so a test can store what an older CRD would
 * have let through.
 */
final class CrdAdmission {

  private static final Pattern PATH = Pattern.compile(
      "/apis/([^/]+)/([^/]+)(?:/namespaces/([^/]+))?/([^/]+)(?:/([^/]+))?(/status)?");

  private final Store store;
  private volatile boolean enabled = true;

  CrdAdmission(Store store) {
    this.store = store;
  }

  void enable(boolean on) {
    enabled = on;
  }

  /** The outcome of a write: the request to send on, or the answer given here (a refusal, a dry run). */
  record Outcome(RecordedRequest request, MockResponse answer) {
  }

  Outcome admit(RecordedRequest request, String path, String method, List<CustomResourceDefinition> crds) {
    Outcome unchanged = new Outcome(request, null);
    if (!enabled || !(method.equals("POST") || method.equals("PUT"))) {
      return unchanged;
    }
    Matcher m = PATH.matcher(path);
    if (!m.matches() || (method.equals("POST") != (m.group(5) == null)) || m.group(4).equals("namespaces")) {
      return unchanged;
    }
    Optional<CustomResourceDefinition> crd = crds.stream()
        .filter(c -> c.getSpec().getGroup().equals(m.group(1)) && c.getSpec().getNames().getPlural().equals(m.group(4))
            && (m.group(3) != null) == "Namespaced".equals(c.getSpec().getScope()))
        .findFirst();
    Optional<CustomResourceDefinitionVersion> version = crd.flatMap(c -> c.getSpec().getVersions().stream()
        .filter(v -> v.getName().equals(m.group(2))).findFirst());
    if (version.isEmpty() || version.get().getSchema() == null) {
      return unchanged;
    }
    ObjectNode incoming;
    try {
      JsonNode body = Store.JSON.readTree(request.getBody() == null ? ""
          : new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
      if (!(body instanceof ObjectNode object)) {
        return unchanged;
      }
      incoming = object;
    } catch (java.io.IOException e) {
      return unchanged;
    }
    boolean status = m.group(6) != null;
    ObjectNode old = null;
    if (!method.equals("POST")) {
      MockResponse stored = store.crud().handleGet(status ? path.substring(0, path.length() - "/status".length()) : path);
      if (stored.code() != 200) {
        return unchanged;
      }
      old = Store.read(Store.body(stored), ObjectNode.class);
    }
    Operation operation = method.equals("POST") ? Operation.CREATE : status ? Operation.STATUS_UPDATE : Operation.UPDATE;
    JsonNode schema = Store.JSON.valueToTree(version.get().getSchema().getOpenAPIV3Schema());
    boolean statusSubresource = version.get().getSubresources() != null
        && version.get().getSubresources().getStatus() != null;
    CustomResourceAdmission.Result result =
        CustomResourceAdmission.admit(schema, statusSubresource, operation, incoming, old);
    String kind = crd.get().getSpec().getNames().getKind();
    String group = crd.get().getSpec().getGroup();
    if (result.refused()) {
      String name = incoming.path("metadata").path("name").asText(m.group(5) == null ? "" : m.group(5));
      List<StatusCause> causes = result.errors().stream()
          .map(e -> new StatusCause(e.field(), e.body(), e.type().reason())).toList();
      return new Outcome(null, Responses.failure(422, "Invalid",
          CustomResourceAdmission.message(group, kind, name, result.errors()), group, kind, name, causes));
    }
    if ("All".equals(HttpWatches.query(request.getPath()).get("dryRun"))) {
      // kube-apiserver runs a dry run through admission and answers with the object it would store, storing nothing
      return new Outcome(null, Responses.json(method.equals("POST") ? 201 : 200, Store.write(result.admitted())));
    }
    return new Outcome(withBody(request, Store.write(result.admitted())), null);
  }

  private static RecordedRequest withBody(RecordedRequest request, String body) {
    io.fabric8.mockwebserver.http.Headers.Builder headers = io.fabric8.mockwebserver.http.Headers.builder();
    request.getHeaders().toMultimap().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("Content-Length")) {
        values.forEach(v -> headers.add(name, v));
      }
    });
    return new RecordedRequest(request.getRequestLine(), request.method(), request.getPath(), headers.build(),
        new io.fabric8.mockwebserver.http.Buffer().writeUtf8(body));
  }
}
