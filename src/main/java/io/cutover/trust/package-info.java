/**
 * Trust beyond the cluster: what relying parties outside the two clusters (AWS IAM, Google Cloud, Azure Entra, Vault,
 * any OIDC relying party) must change for the target identity, the trust gate before the dual run, orphaned
 * source-issuer trusts after cutover, usage-gated cutover, Secrets that move with the identity, and the provenance
 * chain. The phase steps reach it through {@code io.cutover.phase.TrustHooks}; nothing here imports
 * {@code phase}. Everything here is pure or talks through the ports of {@link io.cutover.cluster} and {@link RelyingPartyProbe}.
 */
package io.cutover.trust;
