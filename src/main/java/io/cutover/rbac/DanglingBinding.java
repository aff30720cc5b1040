package io.cutover.rbac;

/**
 * A binding that names the identity but whose role reference does not resolve (the role is missing, or the reference's
 * kind is not one the binding kind may use). It grants nothing, as in kube-apiserver's authorizer.
 */
public record DanglingBinding(String bindingKind, String bindingNamespace, String bindingName, String roleKind,
                              String roleName) {}
