/**
 * Cutover's RBAC logic as pure functions: which rules a ServiceAccount receives in a cluster ({@link
 * io.cutover.rbac.EffectiveRules}), Kubernetes' escalation check ({@link io.cutover.rbac.RuleCoverage}, the same
 * algorithm as kube-apiserver's {@code pkg/registry/rbac/validation/policy_comparator.go}), the single
 * SubjectAccessReview checks that prove a set of grants ({@link io.cutover.rbac.AccessChecks}), and the scope-by-scope
 * comparison of source and target permissions ({@link io.cutover.rbac.Escalation}).
 *
 * <p>Nothing here performs I/O or calls a Kubernetes client; callers pass in snapshots of the RBAC objects they read.
 */
package io.cutover.rbac;
