package io.cutover.sandbox;

import io.cutover.sandbox.auth.Caller;
import io.cutover.sandbox.auth.Decision;
import io.cutover.sandbox.auth.RequestAttributes;
import io.fabric8.mockwebserver.http.MockResponse;

/**
 * kube-apiserver's authorizer chain as the sandbox runs it: members of {@code system:masters} are allowed everything
 * (the privileged-group authorizer before RBAC), everyone else is decided by the RBAC authorizer over the stored
 * roles and bindings ({@link AccessReviews#authorizer}). A refusal is the 403 of
 * k8s.io/apiserver/pkg/endpoints/handlers/responsewriters ({@code ForbiddenStatusError}).
 */
final class RequestAuthorizer {

  private final AccessReviews reviews;

  RequestAuthorizer(AccessReviews reviews) {
    this.reviews = reviews;
  }

  /** The decision for {@code attributes}, asked by {@code caller} (whose groups decide the privileged path). */
  Decision authorize(Caller caller, RequestAttributes attributes) {
    if (caller.privileged()) {
      return new Decision(true, "");
    }
    return reviews.authorizer(attributes.resourceRequest() ? attributes.namespace() : null).authorize(attributes);
  }

  /**
   * 403 Forbidden as kube-apiserver answers it: {@code serviceaccounts "x" is forbidden: User "u" cannot get resource
   * "serviceaccounts" in API group "" in the namespace "ns"} (a reason, when the authorizer gave one, after a colon);
   * {@code forbidden: User "u" cannot get path "/x"} for a non-resource URL.
   */
  static MockResponse forbidden(RequestAttributes a, String reason) {
    String message;
    if (!a.resourceRequest()) {
      message = "User " + quote(a.user()) + " cannot " + a.verb() + " path " + quote(a.path());
    } else {
      String resource = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
      message = "User " + quote(a.user()) + " cannot " + a.verb() + " resource " + quote(resource) + " in API group "
          + quote(a.apiGroup()) + (a.namespace().isEmpty() ? " at the cluster scope"
          : " in the namespace " + quote(a.namespace()));
    }
    if (reason != null && !reason.isEmpty()) {
      message = message + ": " + reason;
    }
    return forbiddenStatus(a.apiGroup(), a.resourceRequest() ? a.resource() : "", a.resourceRequest() ? a.name() : "",
        message);
  }

  /** As apierrors.NewForbidden(groupResource, name, err). */
  static MockResponse forbiddenStatus(String group, String resource, String name, String error) {
    String qualified = group.isEmpty() ? resource : resource + "." + group;
    String message;
    if (group.isEmpty() && resource.isEmpty()) {
      message = "forbidden: " + error;
    } else if (name.isEmpty()) {
      message = qualified + " is forbidden: " + error;
    } else {
      message = qualified + " " + quote(name) + " is forbidden: " + error;
    }
    return Responses.failure(403, "Forbidden", message, group, resource.isEmpty() ? null : resource,
        name.isEmpty() ? null : name, null);
  }

  /** Go's %q for the names that occur here. */
  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
