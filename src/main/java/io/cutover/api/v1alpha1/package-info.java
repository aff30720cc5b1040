/**
 * The {@code cutover.io/v1alpha1} API: the ServiceAccountMigration classes the CRD is generated from, {@link
 * io.cutover.api.v1alpha1.Phase} with its transitions, the condition vocabulary, the schema's limits ({@link
 * io.cutover.api.v1alpha1.ApiRules}) and the ownership labels and annotations ({@link
 * io.cutover.api.v1alpha1.Ownership}). It depends on no other Cutover package and holds no logic beyond the phase
 * table.
 */
package io.cutover.api.v1alpha1;
