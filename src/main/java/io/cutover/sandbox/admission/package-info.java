/**
 * Admission of custom resources as kube-apiserver's apiextensions-apiserver does it, from the stored CRD's schema:
 * pruning, defaulting, structural (OpenAPI v3) validation and {@code x-kubernetes-validations} CEL rules, refused with
 * a 422 in kube-apiserver's words. Part of the sandbox (the operator never uses it).
 */
package io.cutover.sandbox.admission;
