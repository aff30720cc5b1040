/** Who may migrate what: {@link io.cutover.policy.MigrationPolicy}, checked by the phase machine's admission gate. */
package io.cutover.policy;
