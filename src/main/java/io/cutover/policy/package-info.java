/**
 * Who may migrate what: {@link io.cutover.policy.PolicyAuthority} decides from the migration's MigrationPolicy
 * ({@link io.cutover.policy.PolicyRules}), its requester's RBAC grants (SubjectAccessReview on the control cluster)
 * and the {@link io.cutover.policy.ProtectedIdentities}; the phase machine asks before every step that writes.
 */
package io.cutover.policy;
