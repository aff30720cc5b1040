/**
 * The spec's defaults and the checks the CRD schema cannot express ({@link io.cutover.validate.SpecValidator}), and
 * {@link io.cutover.validate.ProbeUrls}, the one rule for where a relying party's probe may send a token, shared by
 * the validator and {@code io.cutover.trust.HttpRelyingPartyProbe}.
 */
package io.cutover.validate;
