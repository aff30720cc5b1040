package io.cutover.sandbox;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;

/** HTTP answers in kube-apiserver's shape: JSON bodies and {@code metav1.Status} failures. */
final class Responses {

  private Responses() {
  }

  static MockResponse json(int code, Object body) {
    return json(code, body instanceof String s ? s : Store.write(body));
  }

  static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }

  static MockResponse failure(int code, String reason, String message, String group, String kind, String name,
      List<StatusCause> causes) {
    Status status = new StatusBuilder()
        .withStatus("Failure")
        .withCode(code)
        .withReason(reason)
        .withMessage(message)
        .withDetails(new StatusDetailsBuilder().withGroup(emptyToNull(group)).withKind(kind).withName(name)
            .withCauses(causes == null || causes.isEmpty() ? null : causes).build())
        .build();
    return json(code, status);
  }

  /** 404 as the registry answers it: {@code serviceaccounts "x" not found}. */
  static MockResponse notFound(String group, String resource, String name) {
    String qualified = group == null || group.isEmpty() ? resource : resource + "." + group;
    return failure(404, "NotFound", qualified + " \"" + name + "\" not found", group, resource, name, null);
  }

  /**
   * 409 AlreadyExists for a create of a name that is taken, as the registry answers it
   * ({@code configmaps "x" already exists}, details name, group and the resource as kind); the mock says
   * reason Invalid. {@code collectionPath} is the POST's path, {@code body} the object sent.
   */
  static MockResponse alreadyExists(String collectionPath, String body) {
    String[] parts = collectionPath.split("/");
    String resource = parts[parts.length - 1];
    String group = parts.length > 2 && "apis".equals(parts[1]) ? parts[2] : "";
    String name = "";
    try {
      name = Store.JSON.readTree(body).path("metadata").path("name").asText("");
    } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
      // the mock only answers 409 to a body it could read; keep the name empty otherwise
    }
    String qualified = group.isEmpty() ? resource : resource + "." + group;
    return failure(409, "AlreadyExists", qualified + " \"" + name + "\" already exists", group, resource, name, null);
  }

  /**
   * 409 Conflict for an update with a stale resourceVersion, as the registry answers it (the mock says reason
   * Invalid): {@code Operation cannot be fulfilled on rolebindings.rbac.authorization.k8s.io "x": the object has been
   * modified; please apply your changes to the latest version and try again}. {@code objectPath} is the object's path.
   */
  static MockResponse conflict(String objectPath) {
    String[] parts = objectPath.split("/");
    String name = parts[parts.length - 1];
    String resource = parts.length > 1 ? parts[parts.length - 2] : "";
    String group = parts.length > 2 && "apis".equals(parts[1]) ? parts[2] : "";
    String qualified = group.isEmpty() ? resource : resource + "." + group;
    return failure(409, "Conflict", "Operation cannot be fulfilled on " + qualified + " \"" + name
        + "\": the object has been modified; please apply your changes to the latest version and try again",
        group, resource, name, null);
  }

  static MockResponse badRequest(String message) {
    Status status = new StatusBuilder().withStatus("Failure").withCode(400).withReason("BadRequest")
        .withMessage(message).build();
    return json(400, status);
  }

  /** 422 Invalid, as {@code errors.NewInvalid(kind, name, fieldErrors)}. */
  static MockResponse invalid(String group, String kind, String name, String field, Object value, String detail) {
    String fieldError = field + ": Invalid value: " + value + ": " + detail;
    String qualifiedKind = group == null || group.isEmpty() ? kind : kind + "." + group;
    String message = qualifiedKind + " \"" + name + "\" is invalid: " + fieldError;
    StatusCause cause = new StatusCause(field, fieldError, "FieldValueInvalid");
    return failure(422, "Invalid", message, group, kind, name, List.of(cause));
  }

  static MockResponse unauthorized() {
    Status status = new StatusBuilder().withStatus("Failure").withCode(401).withReason("Unauthorized")
        .withMessage("Unauthorized").build();
    return json(401, status);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
