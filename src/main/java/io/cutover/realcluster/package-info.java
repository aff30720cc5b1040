/**
 * Real Kubernetes control planes on this machine: etcd, kube-apiserver and kube-controller-manager built from
 * Kubernetes' published Go modules ({@code tools/kube}), started as child processes on loopback with their own
 * certificates, service-account signing key and issuer. Used by the real-cluster tests and by
 * {@code cutover clusters --real}. Like {@code io.cutover.sandbox}, nothing in the operator imports it.
 */
package io.cutover.realcluster;
