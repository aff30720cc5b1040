package io.cutover.sandbox.auth;

/**
 * The RBAC authorizer's answer. {@code reason} names the binding and role that allowed the request, in
 * kube-apiserver's words; when denied it is empty unless a binding referred to a role that could not be found.
 */
public record Decision(boolean allowed, String reason) {

  public Decision {
    reason = reason == null ? "" : reason;
  }
}
