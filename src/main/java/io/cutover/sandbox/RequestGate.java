package io.cutover.sandbox;

import io.cutover.sandbox.auth.Caller;
import io.cutover.sandbox.auth.Decision;
import io.cutover.sandbox.auth.RequestAttributes;
import io.cutover.sandbox.auth.RequestInfoResolver;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Optional;

/**
 * kube-apiserver's filter chain in front of every sandbox request, in its order: authentication
 * ({@link Authentication}: 401 {@code Unauthorized} for a bearer token the cluster refuses), impersonation
 * ({@link Impersonation}), then authorization of what the request asks ({@link RequestInfoResolver},
 * {@link RequestAuthorizer}: 403 {@code Forbidden}). What passes goes on as the effective caller; the RBAC escalation
 * check on role and binding writes comes later, at the write ({@link RbacEscalation}).
 */
final class RequestGate {

  /** The effective caller of an admitted request, or the refusal. */
  record Admission(Caller caller, MockResponse refusal) {
  }

  private final Authentication authentication;
  private final Impersonation impersonation;
  private final RequestAuthorizer authorizer;

  RequestGate(Authentication authentication, RequestAuthorizer authorizer) {
    this.authentication = authentication;
    this.impersonation = new Impersonation(authorizer);
    this.authorizer = authorizer;
  }

  Admission admit(RecordedRequest request) {
    Optional<Caller> authenticated = authentication.authenticate(request.getHeader("Authorization"));
    if (authenticated.isEmpty()) {
      return new Admission(null, Responses.unauthorized());
    }
    Impersonation.Outcome impersonated = impersonation.apply(authenticated.get(), request);
    if (impersonated.refusal() != null) {
      return new Admission(null, impersonated.refusal());
    }
    Caller caller = impersonated.caller();
    String fullPath = request.getPath() == null ? "/" : request.getPath();
    int query = fullPath.indexOf('?');
    String path = query < 0 ? fullPath : fullPath.substring(0, query);
    String method = request.getMethod() == null ? "GET" : request.getMethod().toUpperCase(java.util.Locale.ROOT);
    RequestAttributes attributes = RequestInfoResolver.resolve(caller, method, path, HttpWatches.query(fullPath));
    Decision decision = authorizer.authorize(caller, attributes);
    if (!decision.allowed()) {
      return new Admission(null, RequestAuthorizer.forbidden(attributes, decision.reason()));
    }
    return new Admission(caller, null);
  }
}
