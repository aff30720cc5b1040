/**
 * The embedded clusters: in-process stand-ins for kube-apiserver on fabric8's mock server (authentication,
 * TokenRequest/TokenReview, SubjectAccessReview, RBAC, watches), seeded with a realistic workload. The demo
 * ({@code cutover sandbox}), the benchmark and most adapter and end-to-end tests run on it. It stands apart: it may use
 * the operator's packages ({@code config.CrdManifest}), nothing in the operator uses it ({@code ArchitectureTest}),
 * and {@code target/cutover-operator.jar} does not hold it.
 */
package io.cutover.sandbox;
